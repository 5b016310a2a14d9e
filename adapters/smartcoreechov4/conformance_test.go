package smartcoreechov4_test

import (
	"io"
	"net/http"
	"net/netip"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoreechov4"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/internal/conformance"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
)

// TestConformance holds the adapter to the answers of the core handlers.
// Each stack is an Echo as echo.New returns it, the route registered with
// Any and the middleware on the route.
func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Name: "echo v4",
		Webhook: func(t testing.TB, h webhook.CallbackHandler, opts webhook.Options) http.Handler {
			wh, err := smartcoreechov4.Webhook(h, opts)
			require.NoError(t, err)
			return server(wh)
		},
		WebhookMiddleware: func(t testing.TB, opts webhook.Options, next func(conformance.Seen[smartcore.Callback]) conformance.Answer) http.Handler {
			mw, err := smartcoreechov4.WebhookMiddleware(opts)
			require.NoError(t, err)
			return server(downstream(smartcoreechov4.Callback, next), mw)
		},
		Validate: func(t testing.TB, opts validate.Options, next func(conformance.Seen[smartcore.RefundRequest]) conformance.Answer) http.Handler {
			return server(downstream(smartcoreechov4.Request[smartcore.RefundRequest], next),
				smartcoreechov4.Validate[smartcore.RefundRequest](opts))
		},
		Checkout: func(t testing.TB, opts checkout.Options) http.Handler {
			h, err := smartcoreechov4.Checkout(opts)
			require.NoError(t, err)
			return server(h)
		},
		RateLimit: func(t testing.TB, opts checkout.RateLimitOptions, next func(conformance.Seen[netip.Addr]) conformance.Answer) http.Handler {
			return server(downstream(func(c echo.Context) (*netip.Addr, bool) {
				ip, ok := smartcoreechov4.ClientIP(c)
				return &ip, ok
			}, next), smartcoreechov4.RateLimit(opts))
		},
	})
}

// server serves h behind mws at conformance.Path for every method.
func server(h echo.HandlerFunc, mws ...echo.MiddlewareFunc) *echo.Echo {
	e := echo.New()
	e.Any(conformance.Path, h, mws...)
	return e
}

// downstream is the application's echo handler behind a middleware.
func downstream[T any](read func(echo.Context) (*T, bool), next func(conformance.Seen[T]) conformance.Answer) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, ok := read(c)
		body, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return echo.ErrBadRequest
		}
		a := next(conformance.Seen[T]{Value: v, OK: ok, Body: body})
		if a.Err != nil {
			return a.Err // rendered by the Echo's HTTPErrorHandler: 500
		}
		return c.NoContent(a.Code())
	}
}
