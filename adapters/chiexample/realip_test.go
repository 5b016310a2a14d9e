package chiexample_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
)

// chi's middleware.RealIP rewrites RemoteAddr from X-Forwarded-For,
// X-Real-IP or True-Client-IP, whoever sent them. Behind it the kit's
// clientip.Policy sees the client's chosen address as the TCP peer: this
// test shows why the README says to leave RealIP out, and that without it
// a spoofed header changes nothing.
func TestRealIPMiddlewareDefeatsTheClientIPPolicy(t *testing.T) {
	for _, tt := range []struct {
		name    string
		realIP  bool
		decided string
	}{
		{"without middleware.RealIP", false, "203.0.113.7"},
		{"with middleware.RealIP", true, "6.6.6.6"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var decided string
			r := chi.NewRouter()
			if tt.realIP {
				r.Use(middleware.RealIP) //lint:ignore SA1019 the test shows why RealIP must not sit in front of the kit
			}
			limit, err := ratelimit.New(ratelimit.Options{})
			require.NoError(t, err)
			r.Use(limit)
			r.Post("/pay", func(w http.ResponseWriter, r *http.Request) {
				ip, ok := clientip.FromContext(r.Context())
				require.True(t, ok)
				decided = ip.String()
			})
			req := httptest.NewRequest(http.MethodPost, "/pay", nil)
			req.RemoteAddr = "203.0.113.7:41000"
			req.Header.Set("X-Forwarded-For", "6.6.6.6")
			r.ServeHTTP(httptest.NewRecorder(), req)
			require.Equal(t, tt.decided, decided)
		})
	}
}
