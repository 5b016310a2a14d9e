package conformance

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
)

type rateCase = tcase[netip.Addr, struct{}]

// rateOptions allow one request per client, and no second one for the
// length of any test.
func rateOptions() ratelimit.Options {
	return ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 1, ClientIP: clientip.Policy{TrustedProxies: Proxies}}
}

// limited checks the statuses, who reached the handler, and that a refusal
// says when to come back.
func limited(statuses []int, reachedAs ...string) func(*testing.T, []*httptest.ResponseRecorder, []Seen[netip.Addr]) {
	return func(t *testing.T, answers []*httptest.ResponseRecorder, seen []Seen[netip.Addr]) {
		require.Equal(t, statuses, codes(answers))
		require.Len(t, seen, len(reachedAs), "times the handler was reached")
		for i, ip := range reachedAs {
			require.True(t, seen[i].OK, "the accessor must find the client address")
			require.Equal(t, ip, seen[i].Value.String())
		}
		for _, a := range answers {
			if a.Code == http.StatusTooManyRequests {
				require.NotEmpty(t, a.Header().Get("Retry-After"))
			}
		}
	}
}

func runRateLimit(t *testing.T, h Harness) {
	peerIP := netip.MustParseAddrPort(Peer).Addr().String()
	cases := []rateCase{
		{name: "first request passes with the client address visible", lv: full,
			reqs:  []func() *http.Request{pay(Peer)},
			check: limited([]int{200}, peerIP)},
		{name: "second request is 429 and stops the chain", lv: full,
			reqs:  []func() *http.Request{pay(Peer), pay(Peer)},
			check: limited([]int{200, 429}, peerIP)},
		{name: "a spoofed X-Forwarded-For does not buy a fresh bucket", lv: full,
			reqs:  []func() *http.Request{pay(Peer, "X-Forwarded-For", "1.1.1.1"), pay(Peer, "X-Forwarded-For", "2.2.2.2")},
			check: limited([]int{200, 429}, peerIP)},
		{name: "clients behind a trusted proxy are told apart", lv: full,
			reqs: []func() *http.Request{
				pay("10.0.0.1:5000", "X-Forwarded-For", "198.51.100.2"),
				pay("10.0.0.1:5000", "X-Forwarded-For", "198.51.100.3"),
				pay("10.0.0.1:5000", "X-Forwarded-For", "198.51.100.2"),
			},
			check: limited([]int{200, 200, 429}, "198.51.100.2", "198.51.100.3")},
	}
	runCases(t, h.Name, cases, func(t *testing.T, c rateCase) (core, fw stack[netip.Addr]) {
		core.probe, fw.probe = newProbe(c), newProbe(c)
		limit, err := ratelimit.New(rateOptions())
		require.NoError(t, err)
		core.h = limit(netHTTPNext(func(r *http.Request) (*netip.Addr, bool) {
			ip, ok := clientip.FromContext(r.Context())
			return &ip, ok
		}, core.probe.next))
		fw.h = h.RateLimit(t, rateOptions(), fw.probe.next)
		return core, fw
	})
}
