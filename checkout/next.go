package checkout

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/smartcorekit/smartcore"
)

// ErrUnexpectedResponse is wrapped by the errors of [NextStep] for a
// gateway answer that cannot be acted on: a nil response, or a 3-D Secure
// request that lacks what the challenge form needs.
var ErrUnexpectedResponse = errors.New("checkout: unexpected gateway response")

// Step is what the customer's browser does next after a payment call.
type Step string

// The steps, as they appear in the wallet handler's JSON "next" member.
const (
	// StepRedirect: send the browser to Next.URL (the gateway's form_url).
	StepRedirect Step = "redirect"
	// StepChallenge: POST Next.Fields to Next.URL, the issuer's 3-D Secure
	// ACS, from the browser.
	StepChallenge Step = "3ds"
	// StepDone: the payment is final; Next.Status says success or fail.
	StepDone Step = "done"
	// StepPending: neither final nor anything for the browser to do; the
	// outcome arrives with the callback or from Check.
	StepPending Step = "pending"
)

// HiddenField is one hidden input of the 3-D Secure challenge form that the
// browser POSTs to the ACS: a name and its value, not a callback parameter
// (smartcore.Field).
type HiddenField struct {
	Name  string // the input's name, such as "creq" or "PaReq"
	Value string // the input's value
}

// Next describes the customer's next step after a payment call. Build it
// with [NextStep]; its URL has been checked against the policy.
type Next struct {
	Step    Step             // StepRedirect, StepChallenge, StepDone or StepPending
	URL     string           // StepRedirect: form_url; StepChallenge: the ACS URL
	Fields  []HiddenField    // StepChallenge: "creq" (3-D Secure 2) or "PaReq", "MD", "TermUrl" (3-D Secure 1)
	Status  smartcore.Status // the status the gateway reported
	OrderID string           // the gateway's order_id, "" when it sent none
}

// NextStep decides what the browser does after the gateway answered resp:
//
//   - a final status (success or fail) is [StepDone], whatever else the
//     answer carries;
//   - a form_url is [StepRedirect], once [CheckRedirect] accepts it. It wins
//     over ACS fields because it points to the gateway's own host;
//   - an ACS URL with creq is a 3-D Secure 2 [StepChallenge] (field
//     "creq"); with PaReq and TermUrl a 3-D Secure 1 one (fields "PaReq",
//     "MD", "TermUrl"), once [CheckACSURL] accepts the ACS URL;
//   - anything else (processing, waiting for redirect, a status the
//     document does not define) is [StepPending].
//
// threeDSMethodData is not acted on: the document does not describe that
// step. It returns an error wrapping [ErrRedirectRejected] when a URL fails
// its check, and [ErrUnexpectedResponse] for a nil resp or an incomplete
// challenge; the errors carry no value from the answer except the host.
func NextStep(resp *smartcore.PaymentResponse, p RedirectPolicy) (Next, error) {
	if resp == nil {
		return Next{}, fmt.Errorf("%w: no response", ErrUnexpectedResponse)
	}
	n := Next{Status: resp.Status, OrderID: resp.OrderID}
	switch {
	case resp.Status.IsFinal():
		n.Step = StepDone
	case resp.FormURL != "":
		if err := CheckRedirect(resp.FormURL, p); err != nil {
			return Next{}, err
		}
		n.Step, n.URL = StepRedirect, resp.FormURL
	case resp.ACSURL != "" || resp.CReq != "" || resp.PaReq != "":
		fields, err := challengeFields(resp)
		if err != nil {
			return Next{}, err
		}
		if err := CheckACSURL(resp.ACSURL, p); err != nil {
			return Next{}, err
		}
		n.Step, n.URL, n.Fields = StepChallenge, resp.ACSURL, fields
	default:
		n.Step = StepPending
	}
	return n, nil
}

// challengeFields picks the form fields of a 3-D Secure challenge; creq
// wins when both versions' fields are present, as 3-D Secure 2 replaces 1.
func challengeFields(resp *smartcore.PaymentResponse) ([]HiddenField, error) {
	switch {
	case resp.ACSURL == "":
		return nil, fmt.Errorf("%w: 3-D Secure fields without an ACS URL", ErrUnexpectedResponse)
	case resp.CReq != "":
		return []HiddenField{{Name: "creq", Value: resp.CReq}}, nil
	case resp.PaReq != "" && resp.TermURL != "":
		return []HiddenField{{Name: "PaReq", Value: resp.PaReq}, {Name: "MD", Value: resp.MD}, {Name: "TermUrl", Value: resp.TermURL}}, nil
	}
	return nil, fmt.Errorf("%w: ACS URL without creq, or PaReq without TermUrl", ErrUnexpectedResponse)
}

// nextJSON is the wire form of Next for a page's script.
type nextJSON struct {
	Next    Step              `json:"next"`
	URL     string            `json:"url,omitempty"`
	Method  string            `json:"method,omitempty"`
	Fields  map[string]string `json:"fields,omitempty"`
	Status  smartcore.Status  `json:"status"`
	OrderID string            `json:"order_id,omitempty"`
}

// MarshalJSON encodes n for the payment page's script:
//
//	{"next":"redirect","url":"https://payment.smartcore.pro/…","status":1,"order_id":"…"}
//	{"next":"3ds","url":"https://acs.bank/…","method":"POST","fields":{"creq":"…"},"status":1}
//	{"next":"done","status":2,"order_id":"…"}
//	{"next":"pending","status":1}
//
// For "3ds" the script builds a form with one hidden input per field,
// POSTs it to url and submits it. It never fails.
func (n Next) MarshalJSON() ([]byte, error) {
	out := nextJSON{Next: n.Step, URL: n.URL, Status: n.Status, OrderID: n.OrderID}
	if n.Step == StepChallenge {
		out.Method = "POST"
		out.Fields = make(map[string]string, len(n.Fields))
		for _, f := range n.Fields {
			out.Fields[f.Name] = f.Value
		}
	}
	return json.Marshal(out)
}
