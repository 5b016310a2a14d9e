package reconcile

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

type pendingChecker struct{}

func (pendingChecker) Check(_ context.Context, req *smartcore.CheckRequest) (*smartcore.CheckResponse, error) {
	return &smartcore.CheckResponse{OrderID: req.OrderID, Status: smartcore.StatusProcessing, HasStatus: true}, nil
}

// The reconciler remembers only what the Store still lists (and watched
// orders), so its memory follows the host's pending set.
func TestForgetsOrdersNoLongerListed(t *testing.T) {
	var mu sync.Mutex
	var listed []string
	for i := range 50 {
		listed = append(listed, fmt.Sprintf("o%02d", i))
	}
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r, err := New(Options{Checker: pendingChecker{}, Limit: 7, Now: func() time.Time { return now },
		Handler: webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }),
		Store: StoreFunc(func(_ context.Context, q Query) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			var out []string
			for _, id := range listed {
				if id > q.After && len(out) < q.Limit {
					out = append(out, id)
				}
			}
			return out, nil
		})})
	require.NoError(t, err)
	size := func() int {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.orders)
	}
	for range 10 {
		_, err := r.Once(context.Background())
		require.NoError(t, err)
	}
	require.Equal(t, 50, size())

	mu.Lock()
	listed = slices.Delete(listed, 0, 45) // 45 orders became final
	mu.Unlock()
	r.Watch("w")
	for range 3 {
		_, err := r.Once(context.Background())
		require.NoError(t, err)
	}
	require.Equal(t, 6, size(), "the 5 still listed and the watched one")
}

type paidChecker struct{}

func (paidChecker) Check(_ context.Context, req *smartcore.CheckRequest) (*smartcore.CheckResponse, error) {
	return &smartcore.CheckResponse{OrderID: req.OrderID, Status: smartcore.StatusSuccess, HasStatus: true, Type: "Payment"}, nil
}

// Without a Store, a watched order is forgotten once its final state was
// processed: nothing else would ever remove it.
func TestForgetsSettledWatchedOrdersWithoutAStore(t *testing.T) {
	r, err := New(Options{Checker: paidChecker{},
		Handler: webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil })})
	require.NoError(t, err)
	for i := range 20 {
		r.Watch(fmt.Sprintf("w%d", i))
	}
	res, err := r.Once(context.Background())
	require.NoError(t, err)
	require.Equal(t, 20, res.Delivered)
	r.mu.Lock()
	defer r.mu.Unlock()
	require.Empty(t, r.orders)
}
