package reconcile_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/webhook"
)

// A delivery whose handler outlived the Deduplicator's lease must not free
// the claim of the delivery that took the key over meanwhile: its Release
// is refused (ErrClaimLost, logged as a warning) and the key stays held.
func TestStaleReleaseLeavesTheNewerClaim(t *testing.T) {
	var logs bytes.Buffer
	key := webhook.IdempotencyKey(&smartcore.Callback{OrderID: "a", Status: smartcore.StatusSuccess, Type: smartcore.TypePayment})
	var f *fixture
	var newer dedup.Claim
	f = newFixture(t, reconcile.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	f.shop.before = func(ctx context.Context, _ *smartcore.Callback) error {
		f.advance(dedup.DefaultLease + time.Minute)
		c, err := f.dedup.Claim(ctx, key) // a callback's delivery takes the key over
		require.NoError(t, err)
		require.Equal(t, dedup.KeyNew, c.State)
		newer = c
		return errors.New("database down")
	}
	f.order("a", smartcore.StatusSuccess)
	f.advance(time.Minute)
	require.Equal(t, reconcile.Result{Checked: 1, Errors: 1}, once(t, f.rec))

	c, err := f.dedup.Claim(context.Background(), key)
	require.NoError(t, err)
	require.Equal(t, dedup.KeyInFlight, c.State, "the newer delivery still holds the key")
	require.NoError(t, f.dedup.Release(context.Background(), key, newer.Token))
	require.Contains(t, logs.String(), "level=WARN")
	require.Contains(t, logs.String(), "raise the Deduplicator's lease")
}
