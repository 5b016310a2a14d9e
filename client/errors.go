package client

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore"
)

// ErrOutcomeUnknown is wrapped by every [OutcomeUnknownError]; test for it
// with errors.Is. It means the request may have been processed: do not send
// it again under a new order_id, reconcile with [Client.Check] first.
var ErrOutcomeUnknown = errors.New("smartcore: outcome unknown")

// OutcomeUnknownError is returned by the calls that change state (payments,
// authorize, capture, cancel, refund, recurrent, withdrawals) when the
// request may have reached the gateway but no usable answer came back: the
// connection broke after the request was written, the client or context
// timed out, the context was cancelled while waiting for the answer, a 2xx
// answer was not a JSON object or its status or order_id could not be read
// (any other member that does not fit is left zero and listed in
// [smartcore.Response.Undecoded] instead), a 2xx answer put an error next
// to a status other than -1 (2 says the money moved, 1 and 0 that the
// operation is still going), the answer was a 3xx (the client follows no
// redirect; a 303 even says the POST was processed), a 502 or 504 (an
// intermediary's, whatever it says: the gateway behind it may have acted),
// or another 5xx without a gateway error (err, msg, errorMessage).
//
// Such calls are never retried automatically. Call Check with OrderID to
// learn what happened before sending anything again. Resending under the
// same order_id is refused with [smartcore.ErrDuplicatedOrderID] if the
// first attempt arrived; resending under a new order_id risks charging or
// paying twice.
type OutcomeUnknownError struct {
	Endpoint string // the endpoint's path, "/initPaymentHost2Host"
	OrderID  string // the request's order_id, "" for requests without one
	Err      error  // the cause: a transport, context, decoding or *APIError
	// Response is the answer that could not be used (a malformed 2xx, an
	// unexplained 5xx), scrubbed; nil when no answer arrived.
	Response *smartcore.Response
}

// Error says what failed and that the order must be reconciled with Check.
func (e *OutcomeUnknownError) Error() string {
	var b strings.Builder
	b.WriteString("smartcore: ")
	b.WriteString(e.Endpoint)
	b.WriteString(": outcome unknown")
	if e.Err != nil {
		b.WriteString(" (")
		b.WriteString(e.Err.Error())
		b.WriteString(")")
	}
	if e.OrderID != "" {
		b.WriteString("; call Check with order_id ")
		b.WriteString(strconv.Quote(e.OrderID))
		b.WriteString(" to reconcile before retrying")
	} else {
		b.WriteString("; reconcile with Check before retrying")
	}
	return b.String()
}

// Unwrap returns the cause and [ErrOutcomeUnknown], so that errors.Is and
// errors.As see both.
func (e *OutcomeUnknownError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrOutcomeUnknown}
	}
	return []error{e.Err, ErrOutcomeUnknown}
}

// APIError is the gateway's refusal of a request. It is returned
//
//   - for every non-2xx answer, with Err and Msg taken from a JSON body's
//     "err" and "msg" ("error"/"message" when those are absent) and left
//     empty when the body is not JSON; for a state-changing call a 3xx, a
//     502, a 504 and any other 5xx without any of them come wrapped in an
//     [OutcomeUnknownError];
//   - for a 2xx answer whose "err" is not empty. The call then ALSO returns
//     the decoded response (non-nil), so the caller still sees the status
//     and order_id the gateway reported. For a state-changing call whose
//     answer has a status other than -1 it comes wrapped in an
//     [OutcomeUnknownError], with the response too.
//
// Code is set when Err, Msg or the body's "errorMessage" is, or contains, an
// error code the document lists (so a duplicate order surfaces as Code ==
// [smartcore.ErrDuplicatedOrderID]); otherwise when one of them is itself
// shaped like a code (upper case words joined by underscores,
// "ORDER_NOT_FOUND"), kept verbatim, since the gateway's set of codes is
// open; otherwise from the body's "errorMessage" as sent.
// [smartcore.ErrorCode.Known], Description and Category work on any code,
// listed or not. Err and Msg are the gateway's text with anything that looks
// like a card number masked and the request's CVV, DPAN and the client
// secret removed; the text is also cut to a bounded length.
type APIError struct {
	StatusCode int                 // the HTTP status, 200 for an error inside a 2xx answer
	Endpoint   string              // the endpoint's path, "/initPayment"
	Code       smartcore.ErrorCode // the code found in Err, Msg or errorMessage; may be ""
	Err        string              // the body's "err"
	Msg        string              // the body's "msg"
	// Response is the whole answer, scrubbed like Err and Msg but not cut,
	// for support tickets. For an error inside a 2xx answer it is the
	// returned response's own Response.
	Response *smartcore.Response
}

// Category says whose side the refusal blames: Code's category when Code is
// listed in the document; with no code at all, an HTTP 5xx is
// [smartcore.CategoryGatewayFailure] and a 4xx
// [smartcore.CategoryInvalidRequest]. An unlisted code, or no code in a 2xx
// answer, gives [smartcore.CategoryUnknown].
func (e *APIError) Category() smartcore.DeclineCategory {
	switch {
	case e.Code != "":
		return e.Code.Category()
	case e.StatusCode >= 500:
		return smartcore.CategoryGatewayFailure
	case e.StatusCode >= 400:
		return smartcore.CategoryInvalidRequest
	}
	return smartcore.CategoryUnknown
}

// Error returns "smartcore: <endpoint>: HTTP <status>: <err>: <msg>",
// falling back on the status text when the gateway gave no reason.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("smartcore: ")
	b.WriteString(e.Endpoint)
	b.WriteString(": HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Err == "" && e.Msg == "" && e.Code == "" {
		if t := http.StatusText(e.StatusCode); t != "" {
			b.WriteString(" ")
			b.WriteString(t)
		}
		return b.String()
	}
	for _, part := range []string{e.Err, e.Msg} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(part)
		}
	}
	if e.Code != "" && !strings.Contains(e.Err, string(e.Code)) && !strings.Contains(e.Msg, string(e.Code)) {
		b.WriteString(" [")
		b.WriteString(string(e.Code))
		b.WriteString("]")
	}
	return b.String()
}
