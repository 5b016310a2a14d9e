package reconcile_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// The webhook handler and the reconciler meet on one key with nothing set
// but the shared Deduplicator. A reconciled final state (the check answer
// carries a type) after a typed callback of the same order and status is
// not delivered again; after an untyped one, which may have been that
// payment or a full refund, it is delivered flagged, never dropped and
// never as new.
func TestReconciledStateMeetsItsCallback(t *testing.T) {
	for _, tc := range []struct {
		name      string
		typ       smartcore.TransactionType
		status    smartcore.Status
		repeats   []bool
		delivered int
	}{
		{"after a typed callback: dropped", smartcore.TypePayment, smartcore.StatusSuccess, []bool{false}, 0},
		{"after a typed callback in another case: dropped", "PAYMENT", smartcore.StatusFail, []bool{false}, 0},
		{"after an untyped callback: flagged", "", smartcore.StatusSuccess, []bool{false, true}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var repeats []bool
			app := webhook.CallbackHandlerFunc(func(ctx context.Context, _ *smartcore.Callback) error {
				mu.Lock()
				defer mu.Unlock()
				repeats = append(repeats, webhook.RepeatFromContext(ctx))
				return nil
			})
			f := newFixture(t, reconcile.Options{Handler: app})
			const secret = "reconcile-secret"
			hook, err := webhook.New(app, webhook.Options{Secrets: []string{secret}, Deduplicator: f.dedup})
			require.NoError(t, err)
			f.order("o", tc.status)
			w := httptest.NewRecorder()
			hook.ServeHTTP(w, webhooktest.NewRequest("/cb", secret,
				&smartcore.Callback{OrderID: "o", Status: tc.status, Type: tc.typ, Amount: 1000}))
			require.Equal(t, http.StatusOK, w.Code)
			f.advance(time.Minute)
			r := once(t, f.rec)
			require.Equal(t, tc.delivered, r.Delivered)
			require.Equal(t, 1-tc.delivered, r.Duplicates)
			mu.Lock()
			defer mu.Unlock()
			require.Equal(t, tc.repeats, repeats)
		})
	}
}

// A reconciled state first, then its callback: a typed redelivery is
// dropped, an untyped one is flagged.
func TestCallbackAfterReconciledState(t *testing.T) {
	var repeats []bool
	app := webhook.CallbackHandlerFunc(func(ctx context.Context, _ *smartcore.Callback) error {
		repeats = append(repeats, webhook.RepeatFromContext(ctx))
		return nil
	})
	f := newFixture(t, reconcile.Options{Handler: app})
	const secret = "reconcile-secret"
	hook, err := webhook.New(app, webhook.Options{Secrets: []string{secret}, Deduplicator: f.dedup})
	require.NoError(t, err)
	f.order("o", smartcore.StatusSuccess)
	f.advance(time.Minute)
	require.Equal(t, 1, once(t, f.rec).Delivered)
	for _, typ := range []smartcore.TransactionType{smartcore.TypePayment, ""} {
		w := httptest.NewRecorder()
		hook.ServeHTTP(w, webhooktest.NewRequest("/cb", secret,
			&smartcore.Callback{OrderID: "o", Status: smartcore.StatusSuccess, Type: typ, Amount: 1000}))
		require.Equal(t, http.StatusOK, w.Code)
	}
	require.Equal(t, []bool{false, true}, repeats)
}
