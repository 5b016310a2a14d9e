package reconcile

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Reconciler brings orders whose callbacks never came to their final
// state; see the package documentation. Build it with [New]. It is safe for
// concurrent use; passes (Once, and Run's) never overlap.
type Reconciler struct {
	s settings

	pass sync.Mutex // held for a whole pass

	mu     sync.Mutex
	orders map[string]*order // orders listed or watched, with their backoff
	cursor string            // where the next pass goes on listing the Store
	sweep  uint64            // counts listings of the Store from its start
}

// order is what the reconciler remembers of one order.
type order struct {
	checks  int       // checks so far, for the backoff
	next    time.Time // not checked before this
	watched time.Time // when Watch was called; zero when not watched
	sweep   uint64    // the last sweep that listed it
}

// Result counts what one pass did.
type Result struct {
	// Checked is how many orders were checked.
	Checked int
	// Delivered is how many final states Handler processed.
	Delivered int
	// Pending is how many orders the gateway reported not final yet (or
	// without a status); they are checked again after their backoff.
	Pending int
	// Duplicates is how many final states had been processed before (by
	// a callback or an earlier delivery) and were not handed over again.
	Duplicates int
	// InFlight is how many final states were being processed by another
	// delivery at that moment; they are checked again after MinBackoff.
	InFlight int
	// NotFound is how many orders the gateway did not know (see
	// ErrNotFound); they are checked again after their backoff.
	NotFound int
	// Errors is how many checks failed, and how many deliveries failed in
	// Handler or the Deduplicator; those orders stay pending.
	Errors int
}

func (r *Result) add(o CheckOutcome) {
	r.Checked++
	switch o {
	case Delivered:
		r.Delivered++
	case Duplicate:
		r.Duplicates++
	case InFlight:
		r.InFlight++
	case NotFound:
		r.NotFound++
	case CheckFailed, DeliveryFailed:
		r.Errors++
	default:
		r.Pending++
	}
}

// New returns a Reconciler configured by opts. It returns an error when
// Checker or Handler is nil (a typed nil included), when a duration, Limit
// or Workers is negative, or when MinBackoff exceeds MaxBackoff.
func New(opts Options) (*Reconciler, error) {
	s, err := opts.settings()
	if err != nil {
		return nil, err
	}
	return &Reconciler{s: s, orders: make(map[string]*order)}, nil
}

// Watch asks for orderID to be checked on the next pass, without waiting
// for Options.Age: call it when a payment call returned
// client.ErrOutcomeUnknown and the answer is not needed now (else use
// Resolve). The order is then checked with backoff until its final state is
// processed or, when there is a Store, until Age has passed (from then on
// the Store lists it, if the host's records still call it pending). An
// empty orderID is ignored.
func (r *Reconciler) Watch(orderID string) {
	if orderID == "" {
		return
	}
	now := r.s.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	o := r.entry(orderID)
	o.watched = now
	o.next = time.Time{}
}

// entry returns orderID's record, creating it. r.mu is held.
func (r *Reconciler) entry(orderID string) *order {
	o := r.orders[orderID]
	if o == nil {
		o = &order{}
		r.orders[orderID] = o
	}
	return o
}

// Once runs one pass: it checks the watched orders that are due, then the
// Store's pending orders older than Age that are due, at most Limit in
// all, and delivers every final state found. It returns what it did and
// the Store's error, if listing failed (the orders listed before that are
// still checked), or ctx's error if ctx ended during the pass.
func (r *Reconciler) Once(ctx context.Context) (Result, error) {
	r.pass.Lock()
	defer r.pass.Unlock()
	now := r.s.Now()
	batch, listErr := r.collect(ctx, now)

	var (
		res  Result
		mu   sync.Mutex
		wg   sync.WaitGroup
		work = make(chan string)
	)
	for range min(r.s.Workers, len(batch)) {
		wg.Go(func() {
			for id := range work {
				out, _, err := r.reconcileOrder(ctx, id)
				r.after(ctx, id, out, err)
				mu.Lock()
				res.add(out)
				mu.Unlock()
			}
		})
	}
feed:
	for _, id := range batch {
		select {
		case work <- id:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	r.s.Logger.LogAttrs(ctx, slog.LevelDebug, "smartcore reconcile: pass done",
		slog.Int("checked", res.Checked), slog.Int("delivered", res.Delivered), slog.Int("pending", res.Pending),
		slog.Int("duplicates", res.Duplicates), slog.Int("in_flight", res.InFlight),
		slog.Int("not_found", res.NotFound), slog.Int("errors", res.Errors))
	if err := ctx.Err(); err != nil {
		return res, err
	}
	return res, listErr
}

// Run runs a pass, then another every Interval, until ctx ends; it then
// returns ctx's error. A pass's failures are logged and retried on the next
// pass.
func (r *Reconciler) Run(ctx context.Context) error {
	t := time.NewTicker(r.s.Interval)
	defer t.Stop()
	for {
		if _, err := r.Once(ctx); err != nil && ctx.Err() == nil {
			r.s.Logger.LogAttrs(ctx, slog.LevelError, "smartcore reconcile: pass failed", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// after records the outcome of one check of id and logs failures.
func (r *Reconciler) after(ctx context.Context, id string, out CheckOutcome, err error) {
	if err != nil {
		level := slog.LevelError
		if out == NotFound {
			level = slog.LevelWarn
		}
		r.s.Logger.LogAttrs(ctx, level, "smartcore reconcile: order not settled",
			slog.String("order_id", id), slog.Any("error", err))
	}
	now := r.s.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	o := r.orders[id]
	if o == nil {
		return
	}
	o.checks++
	wait := r.s.backoff(o.checks)
	switch {
	case out.settled() && r.s.Store == nil:
		// Only Watch brought it here, and nothing will list it again.
		delete(r.orders, id)
		return
	case out.settled():
		// The Store should stop listing it; until it does, it is checked
		// only after a backoff, and found done.
		o.watched = time.Time{}
	case out == InFlight:
		wait = r.s.MinBackoff
	}
	o.next = now.Add(wait)
}

// collect returns the orders to check in this pass: the watched ones that
// are due, then the Store's, listed from where the last pass stopped. r.pass
// is held.
func (r *Reconciler) collect(ctx context.Context, now time.Time) ([]string, error) {
	limit := r.s.Limit
	var batch []string
	r.mu.Lock()
	for id, o := range r.orders {
		if !o.watched.IsZero() && r.s.Store != nil && now.Sub(o.watched) >= r.s.Age {
			o.watched = time.Time{} // the Store lists it from now on
		}
		if !o.watched.IsZero() && !now.Before(o.next) {
			batch = append(batch, id)
		}
	}
	r.mu.Unlock()
	slices.Sort(batch) // map order is random; passes should be repeatable
	if len(batch) > limit {
		batch = batch[:limit]
	}
	if r.s.Store == nil {
		return batch, nil
	}
	inBatch := make(map[string]bool, len(batch))
	for _, id := range batch {
		inBatch[id] = true
	}
	listed := make(map[string]bool) // by the Store, in this pass
	olderThan := now.Add(-r.s.Age)
	for len(batch) < limit {
		r.mu.Lock()
		after := r.cursor
		r.mu.Unlock()
		ids, err := r.s.Store.Pending(ctx, Query{OlderThan: olderThan, After: after, Limit: limit})
		if err != nil {
			return batch, err
		}
		fresh, stopped := false, false
		r.mu.Lock()
		for i, id := range ids {
			if id == "" || listed[id] {
				continue
			}
			listed[id], fresh = true, true
			o := r.entry(id)
			o.sweep = r.sweep
			r.cursor = id
			if inBatch[id] || now.Before(o.next) {
				continue
			}
			inBatch[id] = true
			batch = append(batch, id)
			if len(batch) == limit {
				stopped = i < len(ids)-1
				break
			}
		}
		// A short page read to its end ends the list; so does a page with
		// nothing new, which only a Store ignoring After would return.
		end := !fresh || len(ids) < limit && !stopped
		if end {
			r.endSweep()
		}
		r.mu.Unlock()
		if end {
			break
		}
	}
	return batch, nil
}

// endSweep starts the Store's list again from its start and forgets the
// orders it no longer lists: they became final, or were never more than
// watched. r.mu is held.
func (r *Reconciler) endSweep() {
	for id, o := range r.orders {
		if o.watched.IsZero() && o.sweep != r.sweep {
			delete(r.orders, id)
		}
	}
	r.cursor = ""
	r.sweep++
}
