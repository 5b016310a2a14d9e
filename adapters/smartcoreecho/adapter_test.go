package smartcoreecho_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoreecho"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

const secret = "qwerty"

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func paid() *smartcore.Callback {
	return &smartcore.Callback{OrderID: "o-1", Status: smartcore.StatusSuccess, Amount: 1}
}

// The trap this package avoids: with echo.WrapMiddleware, a handler's
// error is rendered after the kit's middleware returned, so the kit takes
// the failed callback for acknowledged and answers the gateway's retry 200
// without processing it.
func TestWrapMiddlewareLosesAFailedCallback(t *testing.T) {
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Deduplicator: &dedup.Memory{}})
	require.NoError(t, err)
	calls := 0
	// A typed payment: its redelivery is certain, so it is acknowledged unread.
	payment := paid()
	payment.Type = smartcore.TypePayment
	e := echo.New()
	e.POST("/cb", func(*echo.Context) error {
		calls++
		return errors.New("database down")
	}, echo.WrapMiddleware(mw))
	require.Equal(t, http.StatusInternalServerError, serve(e, webhooktest.NewRequest("/cb", secret, payment)).Code)
	require.Equal(t, http.StatusOK, serve(e, webhooktest.NewRequest("/cb", secret, payment)).Code)
	require.Equal(t, 1, calls, "the retry was acknowledged without reaching the handler")
}

func TestHandlerErrorIsRenderedOnceAndReturned(t *testing.T) {
	mw, err := smartcoreecho.WebhookMiddleware(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	boom := errors.New("database down")
	var returned error
	e := echo.New()
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			returned = next(c)
			return returned
		}
	})
	e.POST("/cb", func(*echo.Context) error { return boom }, mw)
	w := serve(e, webhooktest.NewRequest("/cb", secret, paid()))
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.JSONEq(t, `{"message":"Internal Server Error"}`, w.Body.String(), "rendered once, by the HTTPErrorHandler")
	require.ErrorIs(t, returned, boom, "outer middleware still sees the error")
}

func TestRejectedRequestsStopTheChain(t *testing.T) {
	mw, err := smartcoreecho.WebhookMiddleware(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	limit := mustRateLimit(t, ratelimit.Options{Burst: 1, Rate: 1e-9})
	jsonReq := func(body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/x", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	tests := []struct {
		name  string
		mw    echo.MiddlewareFunc
		first *http.Request // sent before, to use an allowance up
		req   *http.Request
		code  int
	}{
		{"webhook middleware, bad signature", mw, nil, webhooktest.NewRequest("/x", "not-the-secret", paid()), http.StatusUnauthorized},
		{"validate, missing fields", smartcoreecho.Validate[smartcore.RefundRequest](validate.Options{}), nil,
			jsonReq(`{"order_id":"o-1"}`), http.StatusUnprocessableEntity},
		{"rate limit, second request", limit, httptest.NewRequest(http.MethodPost, "/x", nil),
			httptest.NewRequest(http.MethodPost, "/x", nil), http.StatusTooManyRequests},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran := 0
			e := echo.New()
			e.Any("/x", func(c *echo.Context) error {
				ran++
				return c.NoContent(http.StatusOK)
			}, tt.mw)
			if tt.first != nil {
				require.Equal(t, http.StatusOK, serve(e, tt.first).Code)
				ran = 0
			}
			require.Equal(t, tt.code, serve(e, tt.req).Code)
			require.Zero(t, ran, "the handler must not run after a rejection")
		})
	}
}

// With credulousExtractor, c.RealIP() believes any X-Forwarded-For. The
// kit's address never does, and IPExtractor makes RealIP agree with it.
func TestSpoofedForwardedForIsIgnored(t *testing.T) {
	policy := clientip.Policy{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	extractor, err := smartcoreecho.IPExtractor(policy)
	require.NoError(t, err)
	for _, tt := range []struct {
		name      string
		extractor echo.IPExtractor
		peer, xff string
		kit, real string
	}{
		{credulousExtractor.name + ", untrusted peer", credulousExtractor.extractor, "203.0.113.7:41000", "6.6.6.6", "203.0.113.7", "6.6.6.6"},
		{"kit's extractor, untrusted peer", extractor, "203.0.113.7:41000", "6.6.6.6", "203.0.113.7", "203.0.113.7"},
		{"kit's extractor, trusted proxy", extractor, "10.0.0.1:41000", "6.6.6.6, 198.51.100.2", "198.51.100.2", "198.51.100.2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var kit, real string
			e := echo.New()
			e.IPExtractor = tt.extractor
			e.Any("/pay", func(c *echo.Context) error {
				ip, ok := smartcoreecho.ClientIP(c)
				require.True(t, ok)
				kit, real = ip.String(), c.RealIP()
				return nil
			}, mustRateLimit(t, ratelimit.Options{ClientIP: policy}))
			r := httptest.NewRequest(http.MethodPost, "/pay", nil)
			r.RemoteAddr = tt.peer
			r.Header.Set("X-Forwarded-For", tt.xff)
			serve(e, r)
			require.Equal(t, tt.kit, kit)
			require.Equal(t, tt.real, real)
		})
	}
}

func TestIPExtractorRefusesAnInvalidPolicy(t *testing.T) {
	_, err := smartcoreecho.IPExtractor(clientip.Policy{Header: "Forwarded"})
	require.ErrorIs(t, err, clientip.ErrUnsupportedHeader)
	extract, err := smartcoreecho.IPExtractor(clientip.Policy{})
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "@unix"
	require.Empty(t, extract(r))
}

func TestAccessorsWithoutMiddleware(t *testing.T) {
	_, ok := smartcoreecho.Callback(nil)
	require.False(t, ok)
	c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/", nil), httptest.NewRecorder())
	_, ok = smartcoreecho.Callback(c)
	require.False(t, ok)
	_, ok = smartcoreecho.Request[smartcore.RefundRequest](c)
	require.False(t, ok)
	_, ok = smartcoreecho.ClientIP(c)
	require.False(t, ok)
}

func TestConstructorsRefuseBadOptions(t *testing.T) {
	_, err := smartcoreecho.Webhook(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }), webhook.Options{})
	require.Error(t, err)
	_, err = smartcoreecho.WebhookMiddleware(webhook.Options{})
	require.Error(t, err)
	_, err = smartcoreecho.Checkout(checkout.Options{})
	require.Error(t, err)
	_, err = smartcoreecho.Wallet(checkout.WalletOptions{})
	require.Error(t, err)
}

func mustRateLimit(t testing.TB, opts ratelimit.Options) echo.MiddlewareFunc {
	t.Helper()
	limit, err := smartcoreecho.RateLimit(opts)
	require.NoError(t, err)
	return limit
}

func TestRateLimitRefusesInvalidOptions(t *testing.T) {
	limit, err := smartcoreecho.RateLimit(ratelimit.Options{Burst: -1})
	require.Error(t, err)
	require.Nil(t, limit)
}
