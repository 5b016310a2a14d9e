package conformance

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

func runMiddleware(t *testing.T, h Harness) {
	one := []func() *http.Request{signed(Secret, callback())}
	twice := []func() *http.Request{one[0], one[0]}
	dedup := webhookConf{dedup: true}
	cases := []webhookCase{
		{name: "valid callback reaches the handler through the accessor", reqs: one, lv: full,
			check: func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[smartcore.Callback]) {
				expect[smartcore.Callback]([]int{200}, 1)(t, answers, seen)
				requireCallback(t, seen[0])
				require.Equal(t, webhooktest.Body(Secret, callback()), string(seen[0].Body),
					"the handler must read the verified body again")
			}},
		{name: "the handler's status is the answer", reqs: one, answer: failFirst(Answer{Status: http.StatusAccepted}), lv: full,
			check: expect[smartcore.Callback]([]int{http.StatusAccepted}, 1)},
		{name: "redelivery after success is acknowledged without the handler", conf: dedup, reqs: twice, lv: full,
			check: expect[smartcore.Callback]([]int{200, 200}, 1)},
		// The failure cases below are how a framework reports errors; the
		// kit must count them as failures and release the callback, or the
		// gateway's retry would be acknowledged and the payment lost.
		{name: "handler error is a failure and the retry is processed", conf: dedup, reqs: twice,
			answer: failFirst(Answer{Err: errApp}), lv: statusOnly,
			check: expect[smartcore.Callback]([]int{500, 200}, 2)},
		{name: "handler's 503 is a failure and the retry is processed", conf: dedup, reqs: twice,
			answer: failFirst(Answer{Status: http.StatusServiceUnavailable}), lv: full,
			check: expect[smartcore.Callback]([]int{503, 200}, 2)},
		// Harnesses serve behind the framework's own recoverer where it has
		// one, which renders the 500 its own way.
		{name: "handler panic reaches the outer recoverer and the retry is processed", conf: dedup, reqs: twice,
			answer: panicFirst, lv: statusOnly,
			check: expect[smartcore.Callback]([]int{500, 200}, 2)},
		{name: "handler that wrote 200 and then panicked is a failure and the retry is processed", conf: dedup, reqs: twice,
			answer: writeThenPanicFirst, lv: statusOnly,
			check: expect[smartcore.Callback]([]int{500, 200}, 2)},
	}
	cases = append(cases, rejected()...)
	runCases(t, h.Name, cases, func(t *testing.T, c webhookCase) (core, fw stack[smartcore.Callback]) {
		core.probe, fw.probe = newProbe(c), newProbe(c)
		mw, err := webhook.Middleware(c.conf.options())
		require.NoError(t, err)
		core.h = mw(netHTTPNext(func(r *http.Request) (*smartcore.Callback, bool) {
			return webhook.FromContext(r.Context())
		}, core.probe.next))
		fw.h = h.WebhookMiddleware(t, c.conf.options(), fw.probe.next)
		return core, fw
	})
}
