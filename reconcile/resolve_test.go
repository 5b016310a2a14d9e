package reconcile_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// resolveFixture is a real-clock sandbox whose callbacks all fail, a shop,
// and a Reconciler with short backoffs.
func resolveFixture(t *testing.T) (*sandbox.Server, *shop, *reconcile.Reconciler, string) {
	t.Helper()
	srv := sandboxtest.NewServer(t, sandbox.Options{RetrySchedule: []time.Duration{}, SettleImmediately: true})
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	t.Cleanup(dead.Close)
	host := newShop(time.Now)
	rec, err := reconcile.New(reconcile.Options{Checker: srv.Client, Handler: host,
		Deduplicator: &dedup.Memory{}, MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	require.NoError(t, err)
	return srv, host, rec, dead.URL + "/callback"
}

// The payment succeeded but its answer was lost: the client reports
// ErrOutcomeUnknown, Resolve finds and delivers the final state once.
func TestResolveOutcomeUnknown(t *testing.T) {
	ctx := context.Background()
	srv, host, rec, cbURL := resolveFixture(t)
	require.NoError(t, srv.InjectFault(sandbox.Fault{OrderID: "r-1", Endpoint: "/initPaymentHost2Host",
		Kind: sandbox.FaultLostResponse, Times: 1}))
	_, err := srv.Client.PayCard(ctx, cardPayment("r-1", sandbox.CardSuccess, cbURL))
	require.ErrorIs(t, err, client.ErrOutcomeUnknown)

	res, err := rec.Resolve(ctx, "r-1")
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.Equal(t, 1, host.processed["r-1"])
	require.True(t, host.reconcile["r-1"])

	res, err = rec.Resolve(ctx, "r-1")
	require.NoError(t, err, "processed before: nothing to do")
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.Equal(t, 1, host.processed["r-1"], "not delivered twice")
}

// Resolve waits while the order is pending.
func TestResolveWaitsForFinal(t *testing.T) {
	ctx := context.Background()
	srv, host, rec, cbURL := resolveFixture(t)
	res, err := srv.Client.PayCard(ctx, cardPayment("r-2", sandbox.CardChallenge, cbURL))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusWaitingRedirect, res.Status)
	go func() {
		time.Sleep(50 * time.Millisecond)
		_ = srv.Complete("r-2", sandbox.Decline)
	}()
	chk, err := rec.Resolve(ctx, "r-2")
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, chk.Status)
	require.Equal(t, smartcore.ErrAuthenticationProcessing, chk.ErrorMessage)
	require.Equal(t, smartcore.StatusFail, host.final["r-2"])
}

func TestResolveFailures(t *testing.T) {
	ctx := context.Background()
	srv, host, rec, cbURL := resolveFixture(t)

	t.Run("not found", func(t *testing.T) {
		// A lost request never created the order: safe to send again.
		require.NoError(t, srv.InjectFault(sandbox.Fault{OrderID: "r-3", Kind: sandbox.FaultServerError, StatusCode: 502, Times: 1}))
		_, err := srv.Client.PayCard(ctx, cardPayment("r-3", sandbox.CardSuccess, cbURL))
		require.Error(t, err)
		res, err := rec.Resolve(ctx, "r-3")
		require.ErrorIs(t, err, reconcile.ErrNotFound)
		var apiErr *client.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Nil(t, res)
	})

	t.Run("still pending when ctx ends", func(t *testing.T) {
		_, err := srv.Client.PayCard(ctx, cardPayment("r-4", sandbox.CardChallenge, cbURL))
		require.NoError(t, err)
		short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		res, err := rec.Resolve(short, "r-4")
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, smartcore.StatusWaitingRedirect, res.Status)
		require.Zero(t, host.count("r-4"))
	})

	t.Run("handler error", func(t *testing.T) {
		_, err := srv.Client.PayCard(ctx, cardPayment("r-5", sandbox.CardSuccess, cbURL))
		require.NoError(t, err)
		var calls atomic.Int32
		host.before = func(context.Context, *smartcore.Callback) error {
			if calls.Add(1) == 1 {
				return errors.New("db down")
			}
			return nil
		}
		defer func() { host.before = nil }()
		res, err := rec.Resolve(ctx, "r-5")
		require.Error(t, err)
		require.Equal(t, smartcore.StatusSuccess, res.Status, "the answer is returned with the error")
		require.Zero(t, host.count("r-5"))
		_, err = rec.Resolve(ctx, "r-5")
		require.NoError(t, err, "the claim was released")
		require.Equal(t, 1, host.count("r-5"))
	})

	t.Run("refused check", func(t *testing.T) {
		bad, err := client.New("test", "wrong", client.WithBaseURL(srv.URL), client.WithPCIBaseURL(srv.PCIURL))
		require.NoError(t, err)
		r, err := reconcile.New(reconcile.Options{Checker: bad, Handler: host})
		require.NoError(t, err)
		short, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err = r.Resolve(short, "r-1")
		var apiErr *client.APIError
		require.ErrorAs(t, err, &apiErr)
		require.Equal(t, http.StatusUnauthorized, apiErr.StatusCode)
		require.NoError(t, short.Err(), "refused at once, not retried")
	})

	_, err := rec.Resolve(ctx, "")
	require.Error(t, err)
}
