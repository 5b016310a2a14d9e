package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/webhook"
)

// gateway is a Checker answering from a map; unknown orders get the
// sandbox's 404 ORDER_NOT_FOUND.
type gateway struct {
	mu     sync.Mutex
	status map[string]smartcore.Status
	err    map[string]error
	checks map[string]int
}

func newGateway() *gateway {
	return &gateway{status: map[string]smartcore.Status{}, err: map[string]error{}, checks: map[string]int{}}
}

func (g *gateway) set(id string, s smartcore.Status) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.status[id] = s
}

func (g *gateway) checked(id string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.checks[id]
}

func (g *gateway) Check(_ context.Context, req *smartcore.CheckRequest) (*smartcore.CheckResponse, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.checks[req.OrderID]++
	if err := g.err[req.OrderID]; err != nil {
		return nil, err
	}
	s, ok := g.status[req.OrderID]
	if !ok {
		return nil, &client.APIError{StatusCode: http.StatusNotFound, Endpoint: "/check", Code: "ORDER_NOT_FOUND"}
	}
	return &smartcore.CheckResponse{OrderID: req.OrderID, Status: s, HasStatus: true, Amount: 1000,
		FinalAmount: 1000, Type: smartcore.TypePayment}, nil
}

// fixture is a Reconciler on a fake clock, a fake gateway and the shop.
type fixture struct {
	now   time.Time
	mu    sync.Mutex
	gw    *gateway
	shop  *shop
	dedup *dedup.Memory
	rec   *reconcile.Reconciler
}

func newFixture(t *testing.T, opts reconcile.Options) *fixture {
	t.Helper()
	f := &fixture{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), gw: newGateway()}
	f.shop = newShop(f.clock)
	f.dedup = &dedup.Memory{Now: f.clock}
	opts.Checker = f.gw
	if opts.Handler == nil {
		opts.Handler = f.shop
	}
	if opts.Store == nil {
		opts.Store = f.shop
	}
	opts.Deduplicator = f.dedup
	opts.Now = f.clock
	if opts.Age == 0 {
		opts.Age = 30 * time.Second
	}
	if opts.MinBackoff == 0 {
		opts.MinBackoff, opts.MaxBackoff = 10*time.Second, 80*time.Second
	}
	rec, err := reconcile.New(opts)
	require.NoError(t, err)
	f.rec = rec
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// order records id in the shop and at the gateway with status s.
func (f *fixture) order(id string, s smartcore.Status) {
	f.shop.add(id)
	f.gw.set(id, s)
}

func once(t *testing.T, rec *reconcile.Reconciler) reconcile.Result {
	t.Helper()
	r, err := rec.Once(context.Background())
	require.NoError(t, err)
	return r
}

func TestNewRefusesBadOptions(t *testing.T) {
	gw, h := newGateway(), webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil })
	for name, o := range map[string]reconcile.Options{
		"no checker":       {Handler: h},
		"typed nil client": {Checker: (*client.Client)(nil), Handler: h},
		"no handler":       {Checker: gw},
		"nil func handler": {Checker: gw, Handler: webhook.CallbackHandlerFunc(nil)},
		"nil router":       {Checker: gw, Handler: (*webhook.Router)(nil)},
		"negative age":     {Checker: gw, Handler: h, Age: -1},
		"negative limit":   {Checker: gw, Handler: h, Limit: -1},
		"min above max":    {Checker: gw, Handler: h, MinBackoff: time.Hour, MaxBackoff: time.Minute},
	} {
		_, err := reconcile.New(o)
		require.Error(t, err, name)
	}
	_, err := reconcile.New(reconcile.Options{Checker: gw, Handler: h})
	require.NoError(t, err, "everything else has a default")
}

// Orders younger than Age are left to their callbacks.
func TestAge(t *testing.T) {
	f := newFixture(t, reconcile.Options{Age: time.Minute})
	f.order("a", smartcore.StatusSuccess)
	require.Zero(t, once(t, f.rec).Checked)
	f.advance(time.Minute - time.Second)
	require.Zero(t, once(t, f.rec).Checked)
	f.advance(2 * time.Second)
	r := once(t, f.rec)
	require.Equal(t, reconcile.Result{Checked: 1, Delivered: 1}, r)
	require.Equal(t, 1, f.shop.count("a"))
}

// A pending order is checked again after MinBackoff, doubling to
// MaxBackoff, and delivered once final.
func TestBackoff(t *testing.T) {
	f := newFixture(t, reconcile.Options{MinBackoff: 10 * time.Second, MaxBackoff: 40 * time.Second})
	f.order("a", smartcore.StatusProcessing)
	f.advance(time.Minute)
	var checkedAt []time.Duration
	start := f.clock()
	for range 200 { // 200 seconds, one pass a second
		if r := once(t, f.rec); r.Checked > 0 {
			require.Equal(t, 1, r.Pending)
			checkedAt = append(checkedAt, f.clock().Sub(start))
		}
		f.advance(time.Second)
	}
	s := time.Second
	require.Equal(t, []time.Duration{0, 10 * s, 30 * s, 70 * s, 110 * s, 150 * s, 190 * s}, checkedAt)
	f.gw.set("a", smartcore.StatusFail)
	f.advance(40 * time.Second)
	require.Equal(t, reconcile.Result{Checked: 1, Delivered: 1}, once(t, f.rec))
	require.Equal(t, smartcore.StatusFail, f.shop.final["a"])
}

// A handler error leaves the order pending: the key is released, not
// completed, and the next pass delivers it.
func TestHandlerErrorLeavesOrderPending(t *testing.T) {
	for _, mode := range []string{"error", "panic"} {
		t.Run(mode, func(t *testing.T) {
			f := newFixture(t, reconcile.Options{})
			fail := true
			f.shop.before = func(context.Context, *smartcore.Callback) error {
				if fail {
					fail = false
					if mode == "panic" {
						panic("host bug")
					}
					return errors.New("database down")
				}
				return nil
			}
			f.order("a", smartcore.StatusSuccess)
			f.advance(time.Minute)
			require.Equal(t, reconcile.Result{Checked: 1, Errors: 1}, once(t, f.rec))
			require.Zero(t, f.shop.count("a"))
			key := webhook.IdempotencyKey(&smartcore.Callback{OrderID: "a", Status: smartcore.StatusSuccess, Type: smartcore.TypePayment})
			c, err := f.dedup.Claim(context.Background(), key)
			require.NoError(t, err)
			require.Equal(t, dedup.KeyNew, c.State, "the failed delivery released its claim")
			require.NoError(t, f.dedup.Release(context.Background(), key, c.Token))

			f.advance(10 * time.Second)
			require.Equal(t, reconcile.Result{Checked: 1, Delivered: 1}, once(t, f.rec))
			require.Equal(t, 1, f.shop.count("a"))
		})
	}
}

// A final state processed before (KeyDone) is not handed over again; one
// being processed (KeyInFlight) is checked again after MinBackoff.
func TestDeduplicatorStates(t *testing.T) {
	f := newFixture(t, reconcile.Options{MinBackoff: 10 * time.Second, MaxBackoff: time.Hour})
	ctx := context.Background()
	f.order("done", smartcore.StatusSuccess)
	f.order("busy", smartcore.StatusSuccess)
	key := func(id string) string {
		return webhook.IdempotencyKey(&smartcore.Callback{OrderID: id, Status: smartcore.StatusSuccess, Type: smartcore.TypePayment})
	}
	done, err := f.dedup.Claim(ctx, key("done"))
	require.NoError(t, err)
	require.NoError(t, f.dedup.Complete(ctx, key("done"), done.Token))
	busy, err := f.dedup.Claim(ctx, key("busy"))
	require.NoError(t, err)
	f.advance(time.Minute)

	r := once(t, f.rec)
	require.Equal(t, reconcile.Result{Checked: 2, Duplicates: 1, InFlight: 1}, r)
	require.Zero(t, f.shop.count("done"))
	require.Zero(t, f.shop.count("busy"))

	// The store still lists both (the shop never saw them): "busy" is
	// retried after MinBackoff and now delivered, "done" is found done
	// again; after that it is checked less and less often.
	require.NoError(t, f.dedup.Release(ctx, key("busy"), busy.Token))
	f.advance(10 * time.Second)
	require.Equal(t, reconcile.Result{Checked: 2, Delivered: 1, Duplicates: 1}, once(t, f.rec))
	require.Equal(t, 1, f.shop.count("busy"))
	require.Zero(t, f.shop.count("done"))
	f.advance(10 * time.Second)
	require.Zero(t, once(t, f.rec).Checked, "done waits 20s now")
	f.advance(10 * time.Second)
	require.Equal(t, reconcile.Result{Checked: 1, Duplicates: 1}, once(t, f.rec))
	require.Equal(t, 3, f.gw.checked("done"))
}

// More orders stay pending than a pass may check: the passes go on from
// where the last one stopped, so an order listed after them is reached.
func TestLimitDoesNotStarveLaterOrders(t *testing.T) {
	f := newFixture(t, reconcile.Options{Limit: 3, MinBackoff: time.Second, MaxBackoff: time.Second})
	for i := range 10 {
		f.order(fmt.Sprintf("a%d", i), smartcore.StatusProcessing)
	}
	f.order("z", smartcore.StatusSuccess)
	f.advance(time.Minute)
	passes := 0
	for f.shop.count("z") == 0 && passes < 10 {
		r := once(t, f.rec)
		require.LessOrEqual(t, r.Checked, 3)
		passes++
		f.advance(time.Second)
	}
	require.Equal(t, 4, passes, "11 orders, 3 a pass")
	for i := range 10 {
		require.Equal(t, 1, f.gw.checked(fmt.Sprintf("a%d", i)))
	}
}

// A Store that ignores After cannot make a pass loop for ever.
func TestStoreIgnoringAfter(t *testing.T) {
	f := newFixture(t, reconcile.Options{Limit: 2,
		Store: reconcile.StoreFunc(func(context.Context, reconcile.Query) ([]string, error) {
			return []string{"a", "b"}, nil
		})})
	f.gw.set("a", smartcore.StatusProcessing)
	f.gw.set("b", smartcore.StatusProcessing)
	require.Equal(t, 2, once(t, f.rec).Checked)
	require.Zero(t, once(t, f.rec).Checked, "both wait for their backoff")
}

// Watch checks an order at once, without a Store or Age, until its final
// state is processed.
func TestWatch(t *testing.T) {
	f := newFixture(t, reconcile.Options{Store: reconcile.StoreFunc(func(context.Context, reconcile.Query) ([]string, error) {
		return nil, nil
	})})
	f.gw.set("x", smartcore.StatusProcessing)
	f.rec.Watch("x")
	f.rec.Watch("")
	require.Equal(t, reconcile.Result{Checked: 1, Pending: 1}, once(t, f.rec))
	require.Zero(t, once(t, f.rec).Checked, "backoff")
	f.gw.set("x", smartcore.StatusSuccess)
	f.advance(10 * time.Second)
	require.Equal(t, reconcile.Result{Checked: 1, Delivered: 1}, once(t, f.rec))
	f.advance(time.Hour)
	require.Zero(t, once(t, f.rec).Checked, "settled: no longer watched")

	// A watched order the gateway does not know is checked with backoff;
	// once Age has passed the Store decides (this one lists nothing).
	f.rec.Watch("ghost")
	require.Equal(t, reconcile.Result{Checked: 1, NotFound: 1}, once(t, f.rec))
	f.advance(10 * time.Second)
	require.Equal(t, reconcile.Result{Checked: 1, NotFound: 1}, once(t, f.rec))
	f.advance(time.Hour)
	require.Zero(t, once(t, f.rec).Checked)
}

// A check error is counted and retried; a Store error is returned, and
// the watched orders are still checked.
func TestErrors(t *testing.T) {
	storeErr := errors.New("db down")
	f := newFixture(t, reconcile.Options{Store: reconcile.StoreFunc(func(context.Context, reconcile.Query) ([]string, error) {
		return nil, storeErr
	})})
	f.gw.set("w", smartcore.StatusSuccess)
	f.gw.err["w"] = errors.New("connection refused")
	f.rec.Watch("w")
	r, err := f.rec.Once(context.Background())
	require.ErrorIs(t, err, storeErr)
	require.Equal(t, reconcile.Result{Checked: 1, Errors: 1}, r)
	delete(f.gw.err, "w")
	f.advance(10 * time.Second)
	r, _ = f.rec.Once(context.Background())
	require.Equal(t, reconcile.Result{Checked: 1, Delivered: 1}, r)
}

// Without a Deduplicator every final state found is handed over.
func TestNoDeduplicator(t *testing.T) {
	gw := newGateway()
	gw.set("a", smartcore.StatusSuccess)
	var got []string
	rec, err := reconcile.New(reconcile.Options{Checker: gw,
		Handler: webhook.CallbackHandlerFunc(func(ctx context.Context, cb *smartcore.Callback) error {
			res, ok := reconcile.FromReconciliation(ctx)
			require.True(t, ok)
			require.Equal(t, "a", res.OrderID)
			fromHook, ok := webhook.FromContext(ctx)
			require.True(t, ok)
			require.Same(t, cb, fromHook)
			got = append(got, cb.OrderID)
			return nil
		})})
	require.NoError(t, err)
	rec.Watch("a")
	require.Equal(t, reconcile.Result{Checked: 1, Delivered: 1}, once(t, rec))
	require.Equal(t, []string{"a"}, got)
	_, ok := reconcile.FromReconciliation(context.Background())
	require.False(t, ok)
}

// Orders the Store stops listing are forgotten, so memory follows the
// pending set; Run stops with its context.
func TestRun(t *testing.T) {
	gw := newGateway()
	var mu sync.Mutex
	var pending []string
	for i := range 5 {
		id := fmt.Sprintf("o%d", i)
		pending = append(pending, id)
		gw.set(id, smartcore.StatusSuccess)
	}
	rec, err := reconcile.New(reconcile.Options{Checker: gw, Interval: time.Millisecond, Age: time.Nanosecond,
		Handler: webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
			mu.Lock()
			defer mu.Unlock()
			pending = slices.DeleteFunc(pending, func(id string) bool { return id == cb.OrderID })
			return nil
		}),
		Store: reconcile.StoreFunc(func(_ context.Context, q reconcile.Query) ([]string, error) {
			mu.Lock()
			defer mu.Unlock()
			var out []string
			for _, id := range pending {
				if id > q.After && len(out) < q.Limit {
					out = append(out, id)
				}
			}
			return out, nil
		})})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- rec.Run(ctx) }()
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(pending) == 0
	}, 5*time.Second, time.Millisecond)
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	for i := range 5 {
		require.Equal(t, 1, gw.checked(fmt.Sprintf("o%d", i)))
	}
}
