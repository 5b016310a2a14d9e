package ratelimit_test

import (
	"encoding/json"
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

// limited returns a handler behind the middleware that counts what got
// through and remembers the client IP it saw.
func limited(t *testing.T, opts ratelimit.Options) (http.Handler, *int, *netip.Addr) {
	t.Helper()
	var passed int
	var ip netip.Addr
	limit, err := ratelimit.New(opts)
	require.NoError(t, err)
	h := limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		passed++
		ip, _ = clientip.FromContext(r.Context())
	}))
	return h, &passed, &ip
}

func trusting(t testing.TB, s string) clientip.Policy {
	t.Helper()
	p, err := clientip.ParsePrefixes(s)
	require.NoError(t, err)
	return clientip.Policy{TrustedProxies: p}
}

func hit(h http.Handler, remote string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/pay", nil)
	r.RemoteAddr = remote
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestRateLimitBurstThen429(t *testing.T) {
	// A slow rate keeps the test independent of the machine's speed; the
	// defaults are checked against a fixed clock in TestLimiterDefaults.
	h, passed, ip := limited(t, ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 5})
	for i := range 5 {
		require.Equal(t, http.StatusOK, hit(h, "203.0.113.7:1", nil).Code, "request %d", i)
	}
	require.Equal(t, "203.0.113.7", ip.String())
	w := hit(h, "203.0.113.7:2", http.Header{"Accept": {"application/json"}})
	require.Equal(t, http.StatusTooManyRequests, w.Code)
	require.Equal(t, "3600", w.Header().Get("Retry-After"))
	var body map[string]string
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
	require.Contains(t, body["error"], "Too many requests")
	require.Equal(t, 5, *passed)

	// A browser gets a page.
	w = hit(h, "203.0.113.7:2", nil)
	require.Equal(t, http.StatusTooManyRequests, w.Code)
	require.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
}

func TestRateLimitRetryAfterWholeSeconds(t *testing.T) {
	h, _, _ := limited(t, ratelimit.Options{Rate: rate.Every(90 * time.Second), Burst: 1})
	require.Equal(t, http.StatusOK, hit(h, "198.51.100.1:1", nil).Code)
	w := hit(h, "198.51.100.1:1", nil)
	require.Equal(t, http.StatusTooManyRequests, w.Code)
	// 90 s minus the few microseconds since the first request, rounded up.
	require.Equal(t, "90", w.Header().Get("Retry-After"))
}

func TestRateLimitClientsAreIndependent(t *testing.T) {
	h, _, _ := limited(t, ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 2})
	for range 2 {
		require.Equal(t, http.StatusOK, hit(h, "198.51.100.1:1", nil).Code)
	}
	require.Equal(t, http.StatusTooManyRequests, hit(h, "198.51.100.1:1", nil).Code)
	for _, other := range []string{"198.51.100.2:1", "[2001:db8:1::1]:1", "[2001:db8:2::1]:1"} {
		require.Equal(t, http.StatusOK, hit(h, other, nil).Code, other)
	}
	// The refused request did not use a token of the first client's
	// neighbour, nor make it wait.
	require.Equal(t, http.StatusOK, hit(h, "198.51.100.2:1", nil).Code)
}

func TestRateLimitIPv6GroupedBy64(t *testing.T) {
	h, _, _ := limited(t, ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 3})
	// Three addresses of one /64 share one bucket…
	for _, a := range []string{"[2001:db8:aa:bb::1]:1", "[2001:db8:aa:bb:ffff::2]:1", "[2001:db8:aa:bb:1:2:3:4]:1"} {
		require.Equal(t, http.StatusOK, hit(h, a, nil).Code, a)
	}
	require.Equal(t, http.StatusTooManyRequests, hit(h, "[2001:db8:aa:bb:dead:beef::9]:1", nil).Code)
	// …the next /64 has its own.
	require.Equal(t, http.StatusOK, hit(h, "[2001:db8:aa:bc::1]:1", nil).Code)

	// With a /128 grouping every address is alone.
	h, _, _ = limited(t, ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 1, IPv6PrefixLen: 128})
	require.Equal(t, http.StatusOK, hit(h, "[2001:db8::1]:1", nil).Code)
	require.Equal(t, http.StatusOK, hit(h, "[2001:db8::2]:1", nil).Code)
}

func TestRateLimitIPv4MappedIsIPv4(t *testing.T) {
	h, _, _ := limited(t, ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 1})
	require.Equal(t, http.StatusOK, hit(h, "192.0.2.9:1", nil).Code)
	require.Equal(t, http.StatusTooManyRequests, hit(h, "[::ffff:192.0.2.9]:1", nil).Code)
}

func TestRateLimitIgnoresSpoofedHeaders(t *testing.T) {
	opts := ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 1, ClientIP: trusting(t, "10.0.0.0/8")}
	h, _, _ := limited(t, opts)
	// Straight from the internet, a fresh X-Forwarded-For per request does
	// not buy a fresh bucket.
	require.Equal(t, http.StatusOK, hit(h, "203.0.113.7:1", http.Header{"X-Forwarded-For": {"1.1.1.1"}}).Code)
	require.Equal(t, http.StatusTooManyRequests, hit(h, "203.0.113.7:1", http.Header{"X-Forwarded-For": {"2.2.2.2"}}).Code)
	// Behind the trusted proxy, clients are told apart by the header.
	require.Equal(t, http.StatusOK, hit(h, "10.0.0.1:1", http.Header{"X-Forwarded-For": {"198.51.100.1"}}).Code)
	require.Equal(t, http.StatusOK, hit(h, "10.0.0.1:1", http.Header{"X-Forwarded-For": {"198.51.100.2"}}).Code)
	require.Equal(t, http.StatusTooManyRequests, hit(h, "10.0.0.1:1", http.Header{"X-Forwarded-For": {"6.6.6.6, 198.51.100.2"}}).Code)
}

func TestRateLimitUnknownAddressesShareABucket(t *testing.T) {
	h, passed, _ := limited(t, ratelimit.Options{Rate: rate.Every(time.Hour), Burst: 1})
	require.Equal(t, http.StatusOK, hit(h, "@", nil).Code)
	require.Equal(t, http.StatusTooManyRequests, hit(h, "garbage", nil).Code)
	require.Equal(t, 1, *passed)
}

func TestRateLimitInf(t *testing.T) {
	h, passed, _ := limited(t, ratelimit.Options{Rate: rate.Inf})
	for range 100 {
		require.Equal(t, http.StatusOK, hit(h, "203.0.113.7:1", nil).Code)
	}
	require.Equal(t, 100, *passed)
}

func TestNewRefusesInvalidOptions(t *testing.T) {
	for name, tc := range map[string]struct {
		opts ratelimit.Options
		want string
	}{
		"negative rate":    {ratelimit.Options{Rate: -1}, "Rate"},
		"negative burst":   {ratelimit.Options{Burst: -1}, "Burst"},
		"negative clients": {ratelimit.Options{MaxClients: -1}, "MaxClients"},
		"prefix over 128":  {ratelimit.Options{IPv6PrefixLen: 129}, "IPv6PrefixLen"},
		"negative prefix":  {ratelimit.Options{IPv6PrefixLen: -1}, "IPv6PrefixLen"},
		"bad header":       {ratelimit.Options{ClientIP: clientip.Policy{Header: "Forwarded"}, Burst: 1}, "ClientIP"},
	} {
		limit, err := ratelimit.New(tc.opts)
		require.Error(t, err, name)
		require.Nil(t, limit, name)
		require.Contains(t, err.Error(), tc.want, name)
	}
	_, err := ratelimit.New(ratelimit.Options{Rate: -1, Burst: -1})
	require.ErrorContains(t, err, "Rate")
	require.ErrorContains(t, err, "Burst", "every unusable field is named")
}

func TestNoClientIPWithoutTheMiddleware(t *testing.T) {
	_, ok := clientip.FromContext(httptest.NewRequest(http.MethodGet, "/", nil).Context())
	require.False(t, ok)
	h, _, ip := limited(t, ratelimit.Options{})
	hit(h, "garbage", nil)
	require.False(t, ip.IsValid(), "an undecided address is not handed on")
}
