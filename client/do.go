package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"strings"
	"sync"

	"github.com/smartcorekit/smartcore/internal/loose"
	"github.com/smartcorekit/smartcore/internal/redact"
)

// Do calls the gateway's endpoint path, one of the document such as
// "/initPayment" or "/check", or one the kit does not know yet, exactly as
// the typed methods call theirs: the same authentication, validation,
// redaction, errors, retries, rate limit, logs and observer, on the same
// code path. Use it for what the kit does not type yet; for a member the
// gateway added to a known request, [smartcore.Extra.AddExtra] is simpler.
//
// body is encoded with encoding/json and must encode to a JSON object: a
// request type of package smartcore (its extras included), a struct or
// map of your own, or a json.RawMessage sent as it is; nil sends {}. A
// struct is validated as the typed methods validate theirs. Nothing is
// filled in: unlike PayCard and the withdrawals, Do sends no default
// payment_method.
//
// out receives a 2xx answer as json.Unmarshal decodes it: nil discards it,
// and anything else must be a non-nil pointer that can hold a JSON object
// (a response type of package smartcore, which decodes tolerantly and keeps
// the HTTP answer in its Response, a *json.RawMessage, a map or a struct
// of your own). An answer that does not decode into out is, as for the
// typed methods, an [OutcomeUnknownError] for a state-changing endpoint.
//
// The host and the handling follow the endpoint:
//
//   - an endpoint of the document goes to the host the document names for
//     it, and /withdrawal/init, served by both, to the PCI DSS host when
//     the body carries card data;
//   - any other endpoint goes to the gateway host, or to the PCI DSS host
//     when the body carries card data;
//   - a body carries card data when a top-level member named for a card or
//     a PAN holds a card number (more than 8 digits), or one named for a
//     CVV holds digits: the names the kit masks in logs (card_number,
//     customer_card_number, card_cvv, apple_pay_dpan ...). Card data sent
//     to an endpoint of the document the gateway host serves is an error,
//     and nothing is sent;
//   - only check and withdrawal/balance/get, which change nothing, are
//     retried; every other endpoint, an unknown one included, is treated
//     as state-changing: a lost answer is an [OutcomeUnknownError], whose
//     OrderID is the body's order_id.
//
// A path that is not one ("", no leading "/", a query, a ".."
// segment, spaces or control characters) is an error and nothing is sent.
func (c *Client) Do(ctx context.Context, path string, body, out any) error {
	if err := checkPath(path); err != nil {
		return fmt.Errorf("smartcore: Do: %w", err)
	}
	if body == nil {
		body = json.RawMessage("{}")
	}
	if out == nil {
		out = new(json.RawMessage)
	} else if v := reflect.ValueOf(out); v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("smartcore: Do %s: out must be nil or a non-nil pointer, not %T", path, out)
	}
	// The body is encoded here to choose the host and name the order, and
	// again by send, which validates it first: an encoding error is
	// reported there, as for a typed call.
	ep, orderID := endpointFor(path, nil), ""
	if encoded, err := encodeRequest(body); err == nil {
		if t := bytes.TrimSpace(encoded); len(t) == 0 || t[0] != '{' {
			return fmt.Errorf("smartcore: Do %s: the body does not encode to a JSON object", path)
		}
		ep = endpointFor(path, encoded)
		orderID, _ = loose.String(topMembers(encoded)["order_id"])
	}
	_, err := invoke(ctx, c, ep, body, orderID, sensitive{}, out)
	return err
}

// endpoints are the document's endpoints by path, for Do. /withdrawal/init
// is the gateway host's; endpointFor moves it for card data.
var endpoints = func() map[string]endpoint {
	m := map[string]endpoint{}
	for _, ep := range []endpoint{epInitPayment, epHost2Host, epAuthorize, epCapture, epCancel, epCheck, epRefund, epRecurrent, epTokenizeForm, epWithdraw, epBalance} {
		m[ep.path] = ep
	}
	return m
}()

// endpointFor returns the endpoint Do calls for path and the encoded body
// (see Do): a known one as the document describes it, an unknown one as
// state-changing, on the PCI DSS host when the body carries card data and
// the endpoint may be served there.
func endpointFor(path string, body []byte) endpoint {
	ep, known := endpoints[path]
	if !known {
		ep = endpoint{path: path}
	}
	if !ep.pci && (!known || path == epWithdrawCard.path) && !bodySensitive(body).empty() {
		ep.pci = true
	}
	return ep
}

// checkPath refuses an endpoint that is not a plain path.
func checkPath(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("endpoint %q is not a path starting with /", p)
	}
	for _, r := range p {
		if r <= ' ' || r == 0x7f || r == '?' || r == '#' || r == '%' || r == '\\' {
			return fmt.Errorf("endpoint %q holds a space, control character, ?, #, %% or \\", p)
		}
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." || seg == "." {
			return fmt.Errorf("endpoint %q has a . or .. segment", p)
		}
	}
	return nil
}

// isStruct reports whether v is a struct or a pointer to one, which the
// validator checks.
func isStruct(v any) bool {
	t := reflect.TypeOf(v)
	if t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t != nil && t.Kind() == reflect.Struct
}

// extras is what every request type has through smartcore.Extra.
type extras interface {
	Extras() iter.Seq2[string, json.RawMessage]
}

// encodeRequest encodes req as encoding/json does, then adds the members
// of its smartcore.Extra after the typed ones. An extra named like a
// member the type declares (compared case-insensitively) is an error: it
// would overwrite a typed value, or send the member twice.
func encodeRequest(req any) ([]byte, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	x, ok := req.(extras)
	if !ok {
		return body, nil
	}
	declared := declaredNames(reflect.TypeOf(req))
	for name, value := range x.Extras() {
		if declared[strings.ToLower(name)] {
			return nil, fmt.Errorf("extra member %q is a member of %T: set its field instead", name, req)
		}
		body = bytes.TrimRight(body, " \t\r\n")
		if len(body) < 2 || body[0] != '{' || body[len(body)-1] != '}' {
			return nil, errors.New("extra members need a request that encodes to a JSON object")
		}
		key, _ := json.Marshal(name) // a string always encodes
		rest := body[:len(body)-1]
		if len(bytes.TrimSpace(rest)) > 1 {
			rest = append(rest, ',')
		}
		body = append(append(append(append(rest, key...), ':'), value...), '}')
	}
	return body, nil
}

var declaredCache sync.Map // reflect.Type -> map[string]bool

// declaredNames returns the lower-cased JSON names of the fields of the
// struct type t (or *t), promoted ones included, whether or not a value
// would omit them.
func declaredNames(t reflect.Type) map[string]bool {
	if cached, ok := declaredCache.Load(t); ok {
		return cached.(map[string]bool)
	}
	names := map[string]bool{}
	collectNames(t, names, 0)
	declaredCache.Store(t, names)
	return names
}

func collectNames(t reflect.Type, names map[string]bool, depth int) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || depth > 8 {
		return
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			collectNames(f.Type, names, depth+1)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[strings.ToLower(name)] = true
	}
}

// topMembers returns the members of a JSON object body by name, or nil.
func topMembers(body []byte) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return nil
	}
	return m
}

// bodySensitive lists the values of body's top-level members that the
// kit's name rule masks (internal/redact.Member: a CVV's digits, a card
// number or a PAN in a member named for one), so that an answer echoing them is
// scrubbed as the typed card fields are: a CVV removed where it stands
// alone, a card number masked, any other such value removed.
func bodySensitive(body []byte) sensitive {
	var s sensitive
	for name, raw := range topMembers(body) {
		if redact.ByName(name) == redact.Plain {
			continue // only a member named for card data holds any
		}
		text := loose.Text(raw)
		if text == "" || redact.Member(name, text) == text {
			continue
		}
		switch {
		case redact.ByName(name) == redact.CVV:
			if isDigits(text) { // a flag such as "cvv_required": true is no CVV
				s.tokens = append(s.tokens, text)
			}
		case isDigits(text):
			s.pans = append(s.pans, text)
		default:
			s.exact = append(s.exact, text)
		}
	}
	return s
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !loose.IsDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// with returns s and t together.
func (s sensitive) with(t sensitive) sensitive {
	return sensitive{
		exact:  append(s.exact[:len(s.exact):len(s.exact)], t.exact...),
		pans:   append(s.pans[:len(s.pans):len(s.pans)], t.pans...),
		tokens: append(s.tokens[:len(s.tokens):len(s.tokens)], t.tokens...),
	}
}

func (s sensitive) empty() bool { return len(s.exact)+len(s.pans)+len(s.tokens) == 0 }
