// The tests of this module show the kit mounted on chi, which needs no
// adapter: chi routes plain http.Handlers and chains plain
// func(http.Handler) http.Handler middleware, so the kit's handlers and
// middleware are used as they are, and a middleware that does not call
// next stops the chain as in net/http. The conformance table runs here to
// keep it so.
package chiexample_test

import (
	"context"
	"io"
	"net/http"
	"net/netip"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/internal/conformance"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Name: "chi",
		Webhook: func(t testing.TB, h webhook.CallbackHandler, opts webhook.Options) http.Handler {
			wh, err := webhook.New(h, opts)
			require.NoError(t, err)
			r := chi.NewRouter()
			r.Handle(conformance.Path, wh) // every method: the kit answers 405 itself
			return r
		},
		WebhookMiddleware: func(t testing.TB, opts webhook.Options, next func(conformance.Seen[smartcore.Callback]) conformance.Answer) http.Handler {
			mw, err := webhook.Middleware(opts)
			require.NoError(t, err)
			r := chi.NewRouter()
			r.With(mw).Handle(conformance.Path, downstream(webhook.FromContext, next))
			return r
		},
		Validate: func(t testing.TB, opts validate.Options, next func(conformance.Seen[smartcore.RefundRequest]) conformance.Answer) http.Handler {
			r := chi.NewRouter()
			r.Use(validate.JSON[smartcore.RefundRequest](opts))
			r.Handle(conformance.Path, downstream(validate.FromContext[smartcore.RefundRequest], next))
			return r
		},
		Checkout: func(t testing.TB, opts checkout.Options) http.Handler {
			h, err := checkout.New(opts)
			require.NoError(t, err)
			r := chi.NewRouter()
			r.Handle(conformance.Path, h)
			return r
		},
		RateLimit: func(t testing.TB, opts ratelimit.Options, next func(conformance.Seen[netip.Addr]) conformance.Answer) http.Handler {
			limit, err := ratelimit.New(opts)
			require.NoError(t, err)
			r := chi.NewRouter()
			r.Route("/", func(r chi.Router) {
				r.Use(limit)
				r.Handle(conformance.Path, downstream(func(ctx context.Context) (*netip.Addr, bool) {
					ip, ok := clientip.FromContext(ctx)
					return &ip, ok
				}, next))
			})
			return r
		},
	})
}

// downstream is the application's handler behind a middleware: a plain
// http.Handler, as chi routes.
func downstream[T any](read func(context.Context) (*T, bool), next func(conformance.Seen[T]) conformance.Answer) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, ok := read(r.Context())
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		a := next(conformance.Seen[T]{Value: v, OK: ok, Body: body})
		if a.Err != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(a.Code())
		if a.PanicAfterWriting {
			_, _ = w.Write([]byte("partial"))
			panic("conformance: the application panicked after writing")
		}
	})
}
