package reconcile_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// Payment 2 by callback, then -1 by an untyped callback; the gateway's
// check now says Payment 2 again: the reconciler delivers it (flagged), it
// does not count it a duplicate.
func TestReconcileDeliversTwoAfterUntypedFail(t *testing.T) {
	var got []string
	app := webhook.CallbackHandlerFunc(func(ctx context.Context, cb *smartcore.Callback) error {
		got = append(got, string(cb.Type)+"/"+cb.Status.String())
		return nil
	})
	f := newFixture(t, reconcile.Options{Handler: app})
	const secret = "reconcile-secret"
	hook, err := webhook.New(app, webhook.Options{Secrets: []string{secret}, Deduplicator: f.dedup})
	require.NoError(t, err)
	for _, c := range []*smartcore.Callback{
		{OrderID: "o", Status: smartcore.StatusSuccess, Type: smartcore.TypePayment, Amount: 1000},
		{OrderID: "o", Status: smartcore.StatusFail, Amount: 1000},
	} {
		w := httptest.NewRecorder()
		hook.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, c))
		require.Equal(t, http.StatusOK, w.Code)
	}
	f.order("o", smartcore.StatusSuccess)
	f.advance(time.Minute)
	r := once(t, f.rec)
	t.Logf("delivered %d duplicates %d; app saw %v", r.Delivered, r.Duplicates, got)
	require.Equal(t, 1, r.Delivered, "the gateway's 2 after a processed -1 is news")
}
