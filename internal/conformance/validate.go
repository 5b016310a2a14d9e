package conformance

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
)

// validateConf configures a validation case.
type validateConf struct {
	strict bool // Options.DisallowUnknownFields
}

func (c validateConf) options() validate.Options {
	return validate.Options{MaxBytes: maxBody, DisallowUnknownFields: c.strict}
}

type validateCase = tcase[smartcore.RefundRequest, validateConf]

const refundJSON = `{"order_id": "order-42", "amount": 1000, "reason": "damaged"}`

func jsonPost(ct, body string) func() *http.Request {
	return func() *http.Request { return newRequest(http.MethodPost, "", ct, body) }
}

func runValidate(t *testing.T, h Harness) {
	// refused is a case the middleware answers itself with code.
	refused := func(name string, conf validateConf, req func() *http.Request, code int) validateCase {
		return validateCase{name: name, conf: conf, reqs: []func() *http.Request{req}, lv: full,
			check: expect[smartcore.RefundRequest]([]int{code}, 0)}
	}
	oversized := `{"order_id": "order-42", "amount": 1000, "reason": "` + strings.Repeat("x", 2*maxBody) + `"}`
	cases := []validateCase{
		{name: "valid request reaches the handler through the accessor", lv: full,
			reqs: []func() *http.Request{jsonPost("application/json", refundJSON)},
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.RefundRequest]) {
				expect[smartcore.RefundRequest]([]int{200}, 1)(t, answers, seen)
				require.True(t, seen[0].OK, "the accessor must find the request")
				require.Equal(t, &smartcore.RefundRequest{OrderID: "order-42", Amount: 1000, Reason: "damaged"}, seen[0].Value)
				require.Equal(t, refundJSON, string(seen[0].Body), "the handler must read the body again")
			}},
		{name: "content type with parameters is accepted", lv: full,
			reqs:  []func() *http.Request{jsonPost("application/json; charset=utf-8", refundJSON)},
			check: expect[smartcore.RefundRequest]([]int{200}, 1)},
		refused("415 for a form body", validateConf{}, jsonPost(formType, "order_id=order-42"), http.StatusUnsupportedMediaType),
		refused("415 for another charset", validateConf{}, jsonPost("application/json; charset=latin1", refundJSON), http.StatusUnsupportedMediaType),
		refused("400 for malformed JSON", validateConf{}, jsonPost("application/json", `{"order_id":`), http.StatusBadRequest),
		refused("400 for trailing data", validateConf{}, jsonPost("application/json", refundJSON+` {}`), http.StatusBadRequest),
		refused("400 for a JSON array", validateConf{}, jsonPost("application/json", `[]`), http.StatusBadRequest),
		refused("400 for an unknown field when strict", validateConf{strict: true},
			jsonPost("application/json", `{"order_id": "order-42", "amount": 1000, "reason": "x", "admin": true}`), http.StatusBadRequest),
		refused("413 for an oversized body", validateConf{}, jsonPost("application/json", oversized), http.StatusRequestEntityTooLarge),
		refused("413 for an oversized chunked body", validateConf{},
			func() *http.Request { return chunked(jsonPost("application/json", oversized)()) }, http.StatusRequestEntityTooLarge),
		refused("422 for a missing field", validateConf{}, jsonPost("application/json", `{"order_id": "order-42", "amount": 1000}`), http.StatusUnprocessableEntity),
		refused("422 for several bad fields", validateConf{},
			jsonPost("application/json", `{"amount": 0, "reason": "x", "callback_url": "javascript:alert(1)"}`), http.StatusUnprocessableEntity),
	}
	runCases(t, h.Name, cases, func(t *testing.T, c validateCase) (core, fw stack[smartcore.RefundRequest]) {
		core.probe, fw.probe = newProbe(c), newProbe(c)
		core.h = validate.JSON[smartcore.RefundRequest](c.conf.options())(netHTTPNext(func(r *http.Request) (*smartcore.RefundRequest, bool) {
			return validate.FromContext[smartcore.RefundRequest](r.Context())
		}, core.probe.next))
		fw.h = h.Validate(t, c.conf.options(), fw.probe.next)
		return core, fw
	})
}
