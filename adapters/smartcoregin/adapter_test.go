package smartcoregin_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoregin"
	"github.com/smartcorekit/smartcore/checkout"
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

// badlySigned is a callback signed with the wrong secret.
func badlySigned() *http.Request {
	return webhooktest.NewRequest("/cb", "not-the-secret", &smartcore.Callback{OrderID: "o-1", Status: smartcore.StatusSuccess, Amount: 1})
}

// The trap this package exists for: gin.WrapH around the kit's middleware
// answers 401 and then lets gin run the next handler anyway.
func TestWrapHLetsTheChainRunAfterARejection(t *testing.T) {
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	ran := false
	r := gin.New()
	r.POST("/cb", gin.WrapH(mw(http.NotFoundHandler())), func(*gin.Context) { ran = true })
	w := serve(r, badlySigned())
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.True(t, ran, "gin.WrapH does not abort: the handler after it runs on a rejected callback")
}

func TestRejectedRequestsStopTheChain(t *testing.T) {
	mw, err := smartcoregin.WebhookMiddleware(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	refund := func(c *gin.Context) {
		c.Request = httptest.NewRequest(http.MethodPost, "/refund", strings.NewReader(`{"order_id":"o-1"}`))
		c.Request.Header.Set("Content-Type", "application/json")
	}
	tests := []struct {
		name     string
		handlers []gin.HandlerFunc
		req      *http.Request
		code     int
	}{
		{"webhook middleware, bad signature", []gin.HandlerFunc{mw}, badlySigned(), http.StatusUnauthorized},
		{"rate limit, second request", []gin.HandlerFunc{mustRateLimit(t, ratelimit.Options{Burst: 1, Rate: 1e-9})},
			nil, http.StatusTooManyRequests},
		{"validate, missing fields", []gin.HandlerFunc{refund, smartcoregin.Validate[smartcore.RefundRequest](validate.Options{})},
			httptest.NewRequest(http.MethodPost, "/cb", nil), http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ran []string
			aborted := false
			r := gin.New()
			r.Use(func(c *gin.Context) {
				c.Next()
				aborted = c.IsAborted()
			})
			r.Any("/cb", append(tt.handlers,
				func(*gin.Context) { ran = append(ran, "first") },
				func(*gin.Context) { ran = append(ran, "second") })...)
			req := tt.req
			if req == nil { // rate limit: use the allowance up first
				serve(r, httptest.NewRequest(http.MethodPost, "/cb", nil))
				ran = nil
				req = httptest.NewRequest(http.MethodPost, "/cb", nil)
			}
			w := serve(r, req)
			require.Equal(t, tt.code, w.Code)
			require.Empty(t, ran, "no handler after the rejection may run")
			require.True(t, aborted, "the chain must be aborted")
		})
	}
}

func TestHandlersEndTheChain(t *testing.T) {
	wh, err := smartcoregin.Webhook(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }),
		webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	ran := false
	r := gin.New()
	r.Any("/cb", wh, func(*gin.Context) { ran = true })
	w := serve(r, webhooktest.NewRequest("/cb", secret, &smartcore.Callback{OrderID: "o-1", Status: smartcore.StatusSuccess, Amount: 1}))
	require.Equal(t, http.StatusOK, w.Code)
	require.False(t, ran, "nothing may write after the kit answered")
}

// gin's c.ClientIP believes any X-Forwarded-For by default; the address
// the kit decides, and that ClientIP returns, does not.
func TestSpoofedForwardedForIsIgnored(t *testing.T) {
	var kit, framework string
	r := gin.New() // default: every proxy trusted
	r.Any("/pay", mustRateLimit(t, ratelimit.Options{}), func(c *gin.Context) {
		ip, ok := smartcoregin.ClientIP(c)
		require.True(t, ok)
		kit, framework = ip.String(), c.ClientIP()
	})
	req := httptest.NewRequest(http.MethodPost, "/pay", nil)
	req.RemoteAddr = "203.0.113.7:41000"
	req.Header.Set("X-Forwarded-For", "6.6.6.6")
	serve(r, req)
	require.Equal(t, "6.6.6.6", framework, "gin's default is spoofable (the reason for this test)")
	require.Equal(t, "203.0.113.7", kit)
}

// With r.POST a wrong method never reaches the kit: gin answers 404 (or
// its own 405 with HandleMethodNotAllowed). With Any the kit answers.
func TestRegisterWithAnyForTheKitsMethodCheck(t *testing.T) {
	wh, err := smartcoregin.Webhook(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }),
		webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	r := gin.New()
	r.POST("/post", wh)
	r.Any("/any", wh)
	require.Equal(t, http.StatusNotFound, serve(r, httptest.NewRequest(http.MethodGet, "/post", nil)).Code)
	w := serve(r, httptest.NewRequest(http.MethodGet, "/any", nil))
	require.Equal(t, http.StatusMethodNotAllowed, w.Code)
	require.Equal(t, http.MethodPost, w.Header().Get("Allow"))
}

func TestAccessorsWithoutMiddleware(t *testing.T) {
	c, _ := gin.CreateTestContext(httptest.NewRecorder())
	_, ok := smartcoregin.Callback(c)
	require.False(t, ok, "no request")
	c.Request = httptest.NewRequest(http.MethodGet, "/", nil)
	_, ok = smartcoregin.Callback(c)
	require.False(t, ok)
	_, ok = smartcoregin.Request[smartcore.RefundRequest](c)
	require.False(t, ok)
	_, ok = smartcoregin.ClientIP(c)
	require.False(t, ok)
}

func TestConstructorsRefuseBadOptions(t *testing.T) {
	_, err := smartcoregin.Webhook(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }), webhook.Options{})
	require.Error(t, err)
	_, err = smartcoregin.WebhookMiddleware(webhook.Options{})
	require.Error(t, err)
	_, err = smartcoregin.Checkout(checkout.Options{})
	require.Error(t, err)
	_, err = smartcoregin.Wallet(checkout.WalletOptions{})
	require.Error(t, err)
}

func mustRateLimit(t testing.TB, opts ratelimit.Options) gin.HandlerFunc {
	t.Helper()
	limit, err := smartcoregin.RateLimit(opts)
	require.NoError(t, err)
	return limit
}

func TestRateLimitRefusesInvalidOptions(t *testing.T) {
	limit, err := smartcoregin.RateLimit(ratelimit.Options{Burst: -1})
	require.Error(t, err)
	require.Nil(t, limit)
}
