package webhook_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// 2 (Payment), -1 (sent without type), 2 (Payment): the order's other final
// status was processed since, untyped, so the last 2 may be news and
// reaches the application (flagged), never acknowledged unread.
func TestRepeatAfterUntypedOtherFinalIsDelivered(t *testing.T) {
	var got []string
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(ctx context.Context, cb *smartcore.Callback) error {
		got = append(got, string(cb.Type)+"/"+cb.Status.String())
		return nil
	}), webhook.Options{Secrets: []string{secret}, Deduplicator: &dedup.Memory{}})
	require.NoError(t, err)
	send := func(typ smartcore.TransactionType, s smartcore.Status) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, &smartcore.Callback{OrderID: "o", Type: typ, Status: s, Amount: 5}))
		return w.Code
	}
	require.Equal(t, 200, send(smartcore.TypePayment, smartcore.StatusSuccess))
	require.Equal(t, 200, send("", smartcore.StatusFail))
	require.Equal(t, 200, send(smartcore.TypePayment, smartcore.StatusSuccess))
	require.Len(t, got, 3, "2, -1 (untyped), 2: the last 2 was acknowledged unread: %v", got)
}

// The same at the rule level: the other final status is looked up typed
// and untyped.
func TestClassifyLooksUpTheOtherFinalUntyped(t *testing.T) {
	k := webhook.IdempotencyKey
	done := map[string]bool{
		k(&smartcore.Callback{OrderID: "o", Type: "Payment", Status: 2}): true,
		k(&smartcore.Callback{OrderID: "o", Type: "", Status: -1}):       true,
	}
	lookup := func(_ context.Context, key string) (bool, error) { return done[key], nil }
	s, err := webhook.Classify(context.Background(), &smartcore.Callback{OrderID: "o", Type: "Payment", Status: 2}, true, k, lookup)
	require.NoError(t, err)
	require.Equal(t, webhook.SeenMaybe, s)
}
