package conformance

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// errApp is what the application returns when a case makes it fail.
var errApp = errors.New("conformance: the application failed")

// failFirst answers the first call with a, the others with 200.
func failFirst(a Answer) func(int) Answer {
	return func(call int) Answer {
		if call == 0 {
			return a
		}
		return Answer{}
	}
}

// panicFirst panics on the first call, as a buggy application would.
func panicFirst(call int) Answer {
	if call == 0 {
		panic("conformance: the application panicked")
	}
	return Answer{}
}

// writeThenPanicFirst answers 200 with a body and then panics on the first
// call, as an application that fails after it began its answer would.
func writeThenPanicFirst(call int) Answer {
	if call == 0 {
		return Answer{PanicAfterWriting: true}
	}
	return Answer{}
}

// webhookConf configures a webhook case.
type webhookConf struct {
	dedup bool // a dedup.Memory (a fresh one per stack)
}

func (c webhookConf) options() webhook.Options {
	o := webhook.Options{Secrets: []string{Secret}, MaxBodyBytes: maxBody}
	if c.dedup {
		o.Deduplicator = &dedup.Memory{}
	}
	return o
}

type webhookCase = tcase[smartcore.Callback, webhookConf]

// rejection is a request the kit refuses before any application code runs.
type rejection struct {
	name string
	req  func() *http.Request
	code int
}

func rejections() []rejection {
	post := func(ct, body string) func() *http.Request {
		return func() *http.Request { return newRequest(http.MethodPost, "", ct, body) }
	}
	return []rejection{
		{"bad signature", signed("not-the-secret", callback()), http.StatusUnauthorized},
		{"missing signature", form(unsignedBody()), http.StatusUnauthorized},
		{"malformed signature", form(unsignedBody() + "&sign=zz"), http.StatusUnauthorized},
		{"duplicate key", form(duplicateKeyBody()), http.StatusBadRequest},
		{"missing field", form(missingFieldBody()), http.StatusBadRequest},
		{"empty body", form(""), http.StatusBadRequest},
		{"GET", func() *http.Request { return newRequest(http.MethodGet, "", "", "") }, http.StatusMethodNotAllowed},
		{"PUT", func() *http.Request {
			return newRequest(http.MethodPut, "", formType, webhooktest.Body(Secret, callback()))
		}, http.StatusMethodNotAllowed},
		{"JSON content type", post("application/json", webhooktest.Body(Secret, callback())), http.StatusUnsupportedMediaType},
		{"no content type", post("", webhooktest.Body(Secret, callback())), http.StatusUnsupportedMediaType},
		{"oversized body", form(oversizedBody()), http.StatusRequestEntityTooLarge},
		{"oversized chunked body", func() *http.Request { return chunked(form(oversizedBody())()) }, http.StatusRequestEntityTooLarge},
	}
}

// rejected turns the rejections into cases: the status (and Allow for 405)
// of the core, its body too, and the application never reached.
func rejected() []webhookCase {
	var out []webhookCase
	for _, r := range rejections() {
		out = append(out, webhookCase{
			name: "rejects " + r.name, reqs: []func() *http.Request{r.req}, lv: full,
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.Callback]) {
				require.Equal(t, []int{r.code}, codes(answers))
				if r.code == http.StatusMethodNotAllowed {
					require.Equal(t, http.MethodPost, answers[0].Header().Get("Allow"))
				}
				require.Empty(t, seen, "the application must not be reached")
			},
		})
	}
	return out
}

// expect returns a check of the statuses and of how many times the
// application was reached.
func expect[T any](statuses []int, reached int) func(*testing.T, []*httptest.ResponseRecorder, []Seen[T]) {
	return func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[T]) {
		require.Equal(t, statuses, codes(answers))
		require.Len(t, seen, reached, "times the application was reached")
	}
}

// requireCallback checks that s carries the case's callback.
func requireCallback(t *testing.T, s Seen[smartcore.Callback]) {
	t.Helper()
	require.True(t, s.OK, "the accessor must find the callback")
	require.NotNil(t, s.Value)
	want := callback()
	require.Equal(t, want.OrderID, s.Value.OrderID)
	require.Equal(t, want.Status, s.Value.Status)
	require.Equal(t, want.Amount, s.Value.Amount)
	require.Equal(t, want.Type, s.Value.Type)
	require.Equal(t, want.Extra, s.Value.Extra)
}

func runWebhook(t *testing.T, h Harness) {
	one := []func() *http.Request{signed(Secret, callback())}
	twice := []func() *http.Request{one[0], one[0]}
	cases := []webhookCase{
		{name: "valid callback", reqs: one, lv: full,
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.Callback]) {
				expect[smartcore.Callback]([]int{200}, 1)(t, answers, seen)
				require.Equal(t, "OK", answers[0].Body.String())
				requireCallback(t, seen[0])
			}},
		{name: "query string cannot change the callback", lv: full,
			reqs: []func() *http.Request{func() *http.Request {
				return newRequest(http.MethodPost, "?orderId=evil&amount=1", formType, webhooktest.Body(Secret, callback()))
			}},
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.Callback]) {
				expect[smartcore.Callback]([]int{200}, 1)(t, answers, seen)
				requireCallback(t, seen[0])
			}},
		{name: "application error is 500", reqs: one, answer: failFirst(Answer{Err: errApp}), lv: full,
			check: expect[smartcore.Callback]([]int{500}, 1)},
		{name: "application panic is 500", reqs: one, answer: panicFirst, lv: full,
			check: expect[smartcore.Callback]([]int{500}, 1)},
		{name: "redelivery is acknowledged without the application", conf: webhookConf{dedup: true}, reqs: twice, lv: full,
			check: expect[smartcore.Callback]([]int{200, 200}, 1)},
		{name: "retry after a failure is processed", conf: webhookConf{dedup: true}, reqs: twice,
			answer: failFirst(Answer{Err: errApp}), lv: full,
			check: expect[smartcore.Callback]([]int{500, 200}, 2)},
	}
	cases = append(cases, rejected()...)
	runCases(t, h.Name, cases, func(t *testing.T, c webhookCase) (core, fw stack[smartcore.Callback]) {
		core.probe, fw.probe = newProbe(c), newProbe(c)
		ref, err := webhook.New(callbackHandler(core.probe), c.conf.options())
		require.NoError(t, err)
		core.h = ref
		fw.h = h.Webhook(t, callbackHandler(fw.probe), c.conf.options())
		return core, fw
	})
}

// callbackHandler is the application of a webhook handler case.
func callbackHandler(p *probe[smartcore.Callback]) webhook.CallbackHandler {
	return webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		return p.next(Seen[smartcore.Callback]{Value: cb, OK: cb != nil}).Err
	})
}
