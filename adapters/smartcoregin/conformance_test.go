package smartcoregin_test

import (
	"io"
	"net/http"
	"net/netip"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoregin"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/internal/conformance"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
)

func init() { gin.SetMode(gin.TestMode) }

// TestConformance holds the adapter to the answers of the core handlers.
// Each stack is a gin.Engine as gin.New returns it, with its defaults
// (every proxy trusted), the route registered with Any.
func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Name: "gin",
		Webhook: func(t testing.TB, h webhook.CallbackHandler, opts webhook.Options) http.Handler {
			wh, err := smartcoregin.Webhook(h, opts)
			require.NoError(t, err)
			return engine(wh)
		},
		WebhookMiddleware: func(t testing.TB, opts webhook.Options, next func(conformance.Seen[smartcore.Callback]) conformance.Answer) http.Handler {
			mw, err := smartcoregin.WebhookMiddleware(opts)
			require.NoError(t, err)
			return engine(mw, downstream(smartcoregin.Callback, next))
		},
		Validate: func(t testing.TB, opts validate.Options, next func(conformance.Seen[smartcore.RefundRequest]) conformance.Answer) http.Handler {
			return engine(smartcoregin.Validate[smartcore.RefundRequest](opts),
				downstream(smartcoregin.Request[smartcore.RefundRequest], next))
		},
		Checkout: func(t testing.TB, opts checkout.Options) http.Handler {
			h, err := smartcoregin.Checkout(opts)
			require.NoError(t, err)
			return engine(h)
		},
		RateLimit: func(t testing.TB, opts ratelimit.Options, next func(conformance.Seen[netip.Addr]) conformance.Answer) http.Handler {
			limit, err := smartcoregin.RateLimit(opts)
			require.NoError(t, err)
			return engine(limit, downstream(func(c *gin.Context) (*netip.Addr, bool) {
				ip, ok := smartcoregin.ClientIP(c)
				return &ip, ok
			}, next))
		},
	})
}

// engine serves handlers at conformance.Path for every method, behind
// gin's own panic recovery, as gin.Default has it.
func engine(handlers ...gin.HandlerFunc) *gin.Engine {
	r := gin.New()
	r.Use(gin.RecoveryWithWriter(io.Discard))
	r.Any(conformance.Path, handlers...)
	return r
}

// downstream is the application's gin handler behind a middleware.
func downstream[T any](read func(*gin.Context) (*T, bool), next func(conformance.Seen[T]) conformance.Answer) gin.HandlerFunc {
	return func(c *gin.Context) {
		v, ok := read(c)
		body, err := io.ReadAll(c.Request.Body)
		if err != nil {
			c.AbortWithStatus(http.StatusBadRequest)
			return
		}
		a := next(conformance.Seen[T]{Value: v, OK: ok, Body: body})
		if a.Err != nil {
			_ = c.AbortWithError(http.StatusInternalServerError, a.Err)
			return
		}
		if a.PanicAfterWriting {
			c.String(a.Code(), "partial")
			panic("conformance: the application panicked after writing")
		}
		c.Status(a.Code())
	}
}
