package reconcile_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
)

// What happens to an order's callbacks in TestEveryOrderFinalExactlyOnce.
type fate int

const (
	delivered    fate = iota // callbacks reach the webhook at once
	lost                     // every delivery answered 500: only reconciliation can settle it
	late                     // answered 503 until the reconciler delivered it, then reach the webhook
	callbackWins             // the callback is being processed when the reconciler finds the state
	reconcileWin             // the callback arrives while the reconciler's delivery is processed
)

func fateOf(i int) fate {
	switch {
	case i%5 == 0:
		return lost
	case i%10 == 1:
		return late
	case i%20 == 3:
		return callbackWins
	case i%20 == 13:
		return reconcileWin
	}
	return delivered
}

// 500 orders paid through the sandbox; the callbacks of 100 of them are
// lost, 50 arrive only after the reconciler delivered them, and 50 race the
// reconciler (25 each way). Every order must reach its final state, and
// each final state be processed exactly once.
func TestEveryOrderFinalExactlyOnce(t *testing.T) {
	const orders = 500
	ctx := context.Background()
	clock := sandbox.NewFakeClock(time.Time{})
	srv := sandboxtest.NewServer(t, sandbox.Options{Clock: clock,
		RetrySchedule: []time.Duration{5 * time.Second, 20 * time.Second, time.Minute, 5 * time.Minute}})
	host := newShop(clock.Now)
	spy := newSpyDedup(&dedup.Memory{Now: clock.Now})

	id := func(i int) string { return fmt.Sprintf("order-%03d", i) }
	index := map[string]int{}
	for i := range orders {
		index[id(i)] = i
	}
	lateComplete := func(i int) bool { return i%25 == 0 } // 20 lost orders still pending at the first check
	failOnce := func(i int) bool { return i%25 == 5 }     // 20 lost orders whose first delivery fails
	decline := func(i int) bool { return i%4 == 2 }

	// The application behind both paths.
	var failed sync.Map
	var blocked, held atomic.Int32
	started := make([]chan struct{}, orders) // a reconcileWin order's reconciled delivery began
	for i := range started {
		started[i] = make(chan struct{})
	}
	host.before = func(ctx context.Context, cb *smartcore.Callback) error {
		i := index[cb.OrderID]
		_, viaCheck := reconcile.FromReconciliation(ctx)
		switch {
		case failOnce(i) && viaCheck:
			if _, again := failed.LoadOrStore(i, true); !again {
				return errors.New("database unavailable")
			}
		case fateOf(i) == callbackWins && !viaCheck:
			blocked.Add(1)
			return spy.waitContended(webhook.IdempotencyKey(cb))
		case fateOf(i) == reconcileWin && viaCheck:
			close(started[i])
			return spy.waitContended(webhook.IdempotencyKey(cb))
		}
		return nil
	}
	router := &webhook.Router{}
	router.Handle(webhook.AnyType, webhook.Succeeded, host)
	router.Handle(webhook.AnyType, webhook.Failed, host)
	hook, err := webhook.New(router, webhook.Options{Secrets: []string{srv.Secret},
		Deduplicator: spy})
	require.NoError(t, err)

	// The network between the sandbox and the webhook.
	gate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		form, _ := url.ParseQuery(string(body))
		i := index[form.Get("orderId")]
		switch fateOf(i) {
		case lost:
			http.Error(w, "lost", http.StatusInternalServerError)
			return
		case late:
			if host.count(id(i)) == 0 {
				http.Error(w, "late", http.StatusServiceUnavailable)
				return
			}
		case reconcileWin:
			held.Add(1)
			select {
			case <-started[i]:
			case <-time.After(10 * time.Second):
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		hook.ServeHTTP(w, r)
	}))
	t.Cleanup(gate.Close)

	// 500 orders, all waiting for the customer.
	var wg sync.WaitGroup
	errs := make(chan error, orders)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < orders; i += 8 {
				host.add(id(i))
				if _, err := srv.Client.InitPayment(ctx, formPayment(id(i), gate.URL+"/callback")); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	complete := func(i int) {
		outcome := sandbox.Approve
		if decline(i) {
			outcome = sandbox.Decline
		}
		require.NoError(t, srv.Complete(id(i), outcome))
	}
	for i := range orders {
		if f := fateOf(i); f != callbackWins && f != reconcileWin && !(f == lost && lateComplete(i)) {
			complete(i)
		}
	}
	require.NoError(t, srv.Flush(ctx))
	// The racing orders' callbacks: held in the application (callbackWins)
	// or on the way to it (reconcileWin) until the reconciler meets them.
	for i := range orders {
		if f := fateOf(i); f == callbackWins || f == reconcileWin {
			complete(i)
		}
	}
	require.Eventually(t, func() bool { return blocked.Load() == 25 && held.Load() == 25 },
		10*time.Second, time.Millisecond, "racing callbacks in flight")

	rec, err := reconcile.New(reconcile.Options{
		Checker: srv.Client, Handler: router, Store: host, Deduplicator: spy,
		Age: 30 * time.Second, MinBackoff: 10 * time.Second, MaxBackoff: time.Minute,
		Limit: orders, Workers: 8, Now: clock.Now,
	})
	require.NoError(t, err)

	var total reconcile.Result
	sum := func(r reconcile.Result) {
		total.Checked += r.Checked
		total.Delivered += r.Delivered
		total.Pending += r.Pending
		total.Duplicates += r.Duplicates
		total.InFlight += r.InFlight
		total.NotFound += r.NotFound
		total.Errors += r.Errors
	}
	clock.Advance(31 * time.Second)
	first, err := rec.Once(ctx)
	require.NoError(t, err)
	sum(first)
	t.Logf("pass 1: %+v", first)
	require.Equal(t, 25, first.InFlight, "callbackWins orders found in flight")
	require.Equal(t, 20, first.Pending, "orders still waiting for the customer")
	require.Equal(t, 20, first.Errors, "failing first deliveries")

	for i := range orders {
		if fateOf(i) == lost && lateComplete(i) {
			complete(i)
		}
	}
	passes := 1
	for ; passes < 10 && host.pending() > 0; passes++ {
		clock.Advance(time.Minute)
		require.NoError(t, srv.Flush(ctx))
		r, err := rec.Once(ctx)
		require.NoError(t, err)
		sum(r)
		t.Logf("pass %d: %+v", passes+1, r)
	}
	require.Zero(t, host.pending(), "orders left pending after %d passes", passes)
	// Let the gateway's remaining retries happen: the late callbacks and
	// the reconcileWin retries must be acknowledged, not processed again.
	for range 3 {
		clock.Advance(time.Hour)
		require.NoError(t, srv.Flush(ctx))
	}
	clean, err := rec.Once(ctx)
	require.NoError(t, err)
	require.Zero(t, clean.Checked, "nothing left to check")

	viaCheck := 0
	for i := range orders {
		o := id(i)
		require.Equal(t, 1, host.processed[o], "%s (%v) processed %d times", o, fateOf(i), host.processed[o])
		want := smartcore.StatusSuccess
		if decline(i) {
			want = smartcore.StatusFail
		}
		require.Equal(t, want, mustStatus(t, srv, o), o)
		require.Equal(t, want, host.final[o], o)
		f := fateOf(i)
		require.Equal(t, f == lost || f == late || f == reconcileWin, host.reconcile[o], "%s (%v) by reconciliation", o, f)
		if host.reconcile[o] {
			viaCheck++
		}
		deliveries := srv.Deliveries(o)
		last := deliveries[len(deliveries)-1]
		switch f {
		case lost:
			for _, d := range deliveries {
				require.False(t, d.OK(), "%s: a lost callback got through", o)
			}
		case late, reconcileWin:
			require.True(t, last.OK(), "%s: the late callback is acknowledged", o)
			require.False(t, deliveries[0].OK(), "%s: the first delivery failed", o)
		default:
			require.True(t, last.OK(), o)
		}
		if f == reconcileWin {
			require.Equal(t, http.StatusConflict, deliveries[0].StatusCode, "%s: met the reconciler's delivery in flight", o)
		}
	}
	require.Equal(t, 175, viaCheck)
	require.Equal(t, 175, total.Delivered)
	require.Equal(t, 20, total.Errors)
	require.Zero(t, total.NotFound)
	t.Logf("%d orders, %d final by callback, %d by reconciliation, in %d passes; totals %+v",
		orders, orders-viaCheck, viaCheck, passes, total)
}
