package sandbox_test

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
)

// deliveryEvents records what an Observer is told.
type deliveryEvents struct {
	mu   sync.Mutex
	list []delivery.Event
}

func (d *deliveryEvents) observe(_ context.Context, e delivery.Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.list = append(d.list, e)
}

func (d *deliveryEvents) all() []delivery.Event {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]delivery.Event(nil), d.list...)
}

func TestObserverDeliveries(t *testing.T) {
	t.Parallel()
	got := &deliveryEvents{}
	clock := sandbox.NewFakeClock(time.Time{})
	srv := settled(t, sandbox.Options{Clock: clock, RetrySchedule: []time.Duration{time.Second}, Observer: got.observe})
	h := newHost(t, srv.Secret)
	h.failAfter = 1
	hostURL, err := url.Parse(h.URL)
	require.NoError(t, err)

	_, err = srv.Client.PayCard(context.Background(), cardPayment("obs-1", sandbox.CardSuccess, 1000, h.URL+"?token=secret-query"))
	require.NoError(t, err)
	flush(t, srv)
	clock.Advance(time.Second)
	flush(t, srv)

	events := got.all()
	require.Len(t, events, 2, "the failed attempt and its retry")
	for i, want := range []struct {
		attempt, code int
	}{{1, 500}, {2, 200}} {
		e := events[i]
		require.Equal(t, "obs-1", e.OrderID)
		require.Equal(t, smartcore.StatusSuccess, e.Status)
		require.Equal(t, delivery.Normal, e.Kind)
		require.Equal(t, hostURL.Host, e.Host)
		require.Equal(t, want.attempt, e.Attempt)
		require.Equal(t, want.code, e.HTTPStatus)
		require.Equal(t, want.code == 200, e.OK())
		require.NoError(t, e.Err)
		require.False(t, e.Refused)
		require.Positive(t, e.Duration, "real time, though the sandbox's clock is fake")
		text := fmt.Sprintf("%+v", e)
		for _, s := range []string{"secret-query", "/callback", "sign=", srv.Secret, sandbox.CardSuccess} {
			require.NotContains(t, text, s)
		}
	}
	// The event matches the delivery log.
	ds := srv.Deliveries("obs-1")
	require.Len(t, ds, 2)
	require.Equal(t, ds[0].StatusCode, events[0].HTTPStatus)

	require.NoError(t, srv.SendDuplicate("obs-1"))
	flush(t, srv)
	events = got.all()
	require.Len(t, events, 3)
	require.Equal(t, delivery.Duplicate, events[2].Kind)
	require.Equal(t, 1, events[2].Attempt)
}

// A refused delivery is reported too, and the observer may call the
// sandbox from it: it runs outside the sandbox's locks.
func TestObserverRefusedDelivery(t *testing.T) {
	t.Parallel()
	var srv *sandbox.Server
	seen := make(chan delivery.Event, 1)
	srv = settled(t, sandbox.Options{Observer: func(_ context.Context, e delivery.Event) {
		require.Len(t, srv.Deliveries(e.OrderID), 1)
		seen <- e
	}})
	_, err := srv.Client.PayCard(context.Background(), cardPayment("obs-refused", sandbox.CardSuccess, 1000, "https://site.com/callback?x=1"))
	require.NoError(t, err)
	select {
	case e := <-seen:
		require.True(t, e.Refused)
		require.ErrorIs(t, e.Err, sandbox.ErrHostNotAllowed)
		require.Equal(t, "site.com", e.Host)
		require.Equal(t, "obs-refused", e.OrderID)
		require.Zero(t, e.HTTPStatus)
	case <-time.After(5 * time.Second):
		t.Fatal("no event for the refused delivery")
	}
}
