package reconcile_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/reconcile"
)

func TestObserverSeesEveryCheck(t *testing.T) {
	var mu sync.Mutex
	var events []reconcile.Event
	f := newFixture(t, reconcile.Options{Observer: func(_ context.Context, e reconcile.Event) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}})
	f.order("paid", smartcore.StatusSuccess)
	f.order("waiting", smartcore.StatusProcessing)
	f.advance(time.Minute)
	once(t, f.rec)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, events, 2)
	byID := map[string]reconcile.Event{}
	for _, e := range events {
		byID[e.OrderID] = e
	}
	require.Equal(t, reconcile.Delivered, byID["paid"].Outcome)
	require.True(t, byID["paid"].HasStatus)
	require.Equal(t, smartcore.StatusSuccess, byID["paid"].Status)
	require.Equal(t, reconcile.Pending, byID["waiting"].Outcome)
	require.Equal(t, "pending", byID["waiting"].Outcome.String())
	require.NoError(t, byID["paid"].Err)
}
