package smartcoreecho_test

import (
	"io"
	"net/http"
	"net/netip"
	"testing"

	"github.com/labstack/echo/v5"
	"github.com/labstack/echo/v5/middleware"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoreecho"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/internal/conformance"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
)

// TestConformance holds the adapter to the answers of the core handlers.
// Each stack is an Echo as echo.New returns it, the route registered with
// Any and the middleware on the route.
func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Name: frameworkName,
		Webhook: func(t testing.TB, h webhook.CallbackHandler, opts webhook.Options) http.Handler {
			wh, err := smartcoreecho.Webhook(h, opts)
			require.NoError(t, err)
			return server(wh)
		},
		WebhookMiddleware: func(t testing.TB, opts webhook.Options, next func(conformance.Seen[smartcore.Callback]) conformance.Answer) http.Handler {
			mw, err := smartcoreecho.WebhookMiddleware(opts)
			require.NoError(t, err)
			return server(downstream(smartcoreecho.Callback, next), mw)
		},
		Validate: func(t testing.TB, opts validate.Options, next func(conformance.Seen[smartcore.RefundRequest]) conformance.Answer) http.Handler {
			return server(downstream(smartcoreecho.Request[smartcore.RefundRequest], next),
				smartcoreecho.Validate[smartcore.RefundRequest](opts))
		},
		Checkout: func(t testing.TB, opts checkout.Options) http.Handler {
			h, err := smartcoreecho.Checkout(opts)
			require.NoError(t, err)
			return server(h)
		},
		RateLimit: func(t testing.TB, opts ratelimit.Options, next func(conformance.Seen[netip.Addr]) conformance.Answer) http.Handler {
			limit, err := smartcoreecho.RateLimit(opts)
			require.NoError(t, err)
			return server(downstream(func(c *echo.Context) (*netip.Addr, bool) {
				ip, ok := smartcoreecho.ClientIP(c)
				return &ip, ok
			}, next), limit)
		},
	})
}

// server serves h behind mws at conformance.Path for every method, behind
// echo's own panic recovery, as most applications run it.
func server(h echo.HandlerFunc, mws ...echo.MiddlewareFunc) *echo.Echo {
	e := echo.New()
	e.Use(middleware.Recover())
	e.Any(conformance.Path, h, mws...)
	return e
}

// downstream is the application's echo handler behind a middleware.
func downstream[T any](read func(*echo.Context) (*T, bool), next func(conformance.Seen[T]) conformance.Answer) echo.HandlerFunc {
	return func(c *echo.Context) error {
		v, ok := read(c)
		body, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return echo.ErrBadRequest
		}
		a := next(conformance.Seen[T]{Value: v, OK: ok, Body: body})
		if a.Err != nil {
			return a.Err // rendered by the Echo's HTTPErrorHandler: 500
		}
		if a.PanicAfterWriting {
			_ = c.String(a.Code(), "partial")
			panic("conformance: the application panicked after writing")
		}
		return c.NoContent(a.Code())
	}
}
