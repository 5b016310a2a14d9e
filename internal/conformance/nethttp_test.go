package conformance_test

import (
	"context"
	"io"
	"net/http"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/internal/conformance"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
)

// TestNetHTTP mounts the core handlers on an http.ServeMux the way the
// README shows, and holds them to the same table as the adapters.
func TestNetHTTP(t *testing.T) {
	conformance.Run(t, conformance.Harness{
		Name: "net/http",
		Webhook: func(t testing.TB, h webhook.CallbackHandler, opts webhook.Options) http.Handler {
			wh, err := webhook.New(h, opts)
			require.NoError(t, err)
			return mount(wh)
		},
		WebhookMiddleware: func(t testing.TB, opts webhook.Options, next func(conformance.Seen[smartcore.Callback]) conformance.Answer) http.Handler {
			mw, err := webhook.Middleware(opts)
			require.NoError(t, err)
			return mount(mw(downstream(webhook.FromContext, next)))
		},
		Validate: func(t testing.TB, opts validate.Options, next func(conformance.Seen[smartcore.RefundRequest]) conformance.Answer) http.Handler {
			return mount(validate.JSON[smartcore.RefundRequest](opts)(downstream(validate.FromContext[smartcore.RefundRequest], next)))
		},
		Checkout: func(t testing.TB, opts checkout.Options) http.Handler {
			h, err := checkout.New(opts)
			require.NoError(t, err)
			return mount(h)
		},
		RateLimit: func(t testing.TB, opts ratelimit.Options, next func(conformance.Seen[netip.Addr]) conformance.Answer) http.Handler {
			limit, err := ratelimit.New(opts)
			require.NoError(t, err)
			return mount(limit(downstream(func(ctx context.Context) (*netip.Addr, bool) {
				ip, ok := clientip.FromContext(ctx)
				return &ip, ok
			}, next)))
		},
	})
}

// mount serves h at conformance.Path for every method: the handlers answer
// a wrong method themselves.
func mount(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(conformance.Path, h)
	return mux
}

// downstream is the application's handler behind a middleware.
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
