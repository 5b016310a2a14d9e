package shop

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/internal/demoshop/shop/shoptest"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// pay posts the Pay form as a browser would, with extra headers, and
// returns the response without following its redirect.
func (ts *testShop) pay(t *testing.T, header http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/checkout", nil)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, vs := range header {
		req.Header[k] = vs
	}
	noFollow := *ts.Client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}

// Pay clicks over the client's limit are answered 429 with Retry-After and
// create no order.
func TestCheckoutRateLimited(t *testing.T) {
	ts := newTestShopWith(t, func(c *Config) {
		c.RateLimit = &ratelimit.Options{Rate: 0.001, Burst: 3} // no refill during the test
	})
	for i := range 3 {
		require.Equal(t, http.StatusSeeOther, ts.pay(t, nil).StatusCode, "click %d", i+1)
	}
	for range 2 {
		resp := ts.pay(t, nil)
		require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
		wait, err := strconv.Atoi(resp.Header.Get("Retry-After"))
		require.NoError(t, err)
		require.GreaterOrEqual(t, wait, 1)
	}
	require.Len(t, ts.store.list(), 3, "a refused click makes no order")

	// Pages and callbacks are not limited.
	require.Equal(t, http.StatusOK, ts.Get(t, ts.URL+"/orders").Status)
	w := httptest.NewRecorder()
	id := ts.store.list()[0].ID
	ts.ServeHTTP(w, webhooktest.NewRequest(pathWebhook, ts.sb.Secret, &smartcore.Callback{OrderID: id,
		Type: smartcore.TypePayment, Status: smartcore.StatusSuccess, Amount: demoshop.Mug.Price, Currency: demoshop.Mug.Currency}))
	require.Equal(t, http.StatusOK, w.Code)
	o, _ := ts.store.get(id)
	require.Equal(t, OrderPaid, o.Status)
}

// The demo's own limit lets a burst of checkoutBurst clicks through, then
// refuses a client clicking in a loop.
func TestCheckoutDefaultRateLimit(t *testing.T) {
	ts := newTestShop(t)
	for i := range checkoutBurst {
		require.Equal(t, http.StatusSeeOther, ts.pay(t, nil).StatusCode, "click %d", i+1)
	}
	// Tokens come back at checkoutRate per second, much slower than a loop
	// of local requests: one of the next clicks is refused.
	passed, limited := 0, false
	for range 100 {
		code := ts.pay(t, nil).StatusCode
		if code == http.StatusTooManyRequests {
			limited = true
			break
		}
		require.Equal(t, http.StatusSeeOther, code)
		passed++
	}
	require.True(t, limited, "no 429 after %d clicks beyond the burst", passed)
	require.Len(t, ts.store.list(), checkoutBurst+passed)
}

// A Pay form on another site cannot make the visitor's browser start a
// payment; the shop's own form, scripts and the gateway's callbacks can.
func TestCrossOriginCheckoutRefused(t *testing.T) {
	ts := newTestShop(t)
	for name, h := range map[string]http.Header{
		"cross-site fetch":   {"Sec-Fetch-Site": {"cross-site"}},
		"same-site fetch":    {"Sec-Fetch-Site": {"same-site"}},
		"foreign origin":     {"Origin": {"http://attacker.example"}},
		"origin and fetch":   {"Sec-Fetch-Site": {"cross-site"}, "Origin": {"http://attacker.example"}},
		"null origin (file)": {"Origin": {"null"}},
	} {
		resp := ts.pay(t, h)
		require.Equal(t, http.StatusForbidden, resp.StatusCode, name)
		require.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"), name)
	}
	require.Empty(t, ts.store.list(), "a refused request makes no order")

	for name, h := range map[string]http.Header{
		"same-origin fetch":      {"Sec-Fetch-Site": {"same-origin"}},
		"typed into the browser": {"Sec-Fetch-Site": {"none"}},
		"own origin":             {"Origin": {ts.URL}},
		"no browser headers":     nil,
	} {
		require.Equal(t, http.StatusSeeOther, ts.pay(t, h).StatusCode, name)
	}
	require.Len(t, ts.store.list(), 4)

	// The refusal page says why.
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/checkout", nil)
	require.NoError(t, err)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := ts.Client.Do(req)
	require.NoError(t, err)
	p := shoptest.ReadPage(t, resp)
	require.Equal(t, http.StatusForbidden, p.Status)
	require.Equal(t, "Request refused", shoptest.TextOf(t, p.Body, "page-title"))

	// Reading pages cross-site is fine (links to the shop work), and the
	// webhook is not subject to the check: its signature authenticates it.
	page, err := http.NewRequest(http.MethodGet, ts.URL+"/orders", nil)
	require.NoError(t, err)
	page.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = ts.Client.Do(page)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, shoptest.ReadPage(t, resp).Status)

	id := ts.store.list()[0].ID
	cb := webhooktest.NewRequest(pathWebhook, ts.sb.Secret, &smartcore.Callback{OrderID: id,
		Type: smartcore.TypePayment, Status: smartcore.StatusFail, Amount: demoshop.Mug.Price, Currency: demoshop.Mug.Currency})
	cb.Header.Set("Sec-Fetch-Site", "cross-site")
	cb.Header.Set("Origin", "http://gateway.example")
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, cb)
	require.Equal(t, http.StatusOK, w.Code)
	o, _ := ts.store.get(id)
	require.Equal(t, OrderFailed, o.Status)
}
