package reconcile

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
)

// Defaults of [Options].
const (
	// DefaultAge is how long an order is left to its callbacks before the
	// reconciler checks it. The gateway retries a callback for a while;
	// checking earlier only costs checks, since de-duplication keeps the
	// state from being processed twice.
	DefaultAge = 10 * time.Minute
	// DefaultInterval is the time between two passes of [Reconciler.Run].
	DefaultInterval = time.Minute
	// DefaultMinBackoff is the wait before an order found still pending is
	// checked again; it doubles with every check up to DefaultMaxBackoff.
	DefaultMinBackoff = 30 * time.Second
	// DefaultMaxBackoff is the longest wait between two checks of an order.
	DefaultMaxBackoff = 30 * time.Minute
	// DefaultLimit is how many orders one pass checks at most, and the
	// page size asked of the Store.
	DefaultLimit = 100
	// DefaultWorkers is how many checks a pass runs at the same time.
	DefaultWorkers = 4
)

// Checker asks the gateway for a transaction's status. *client.Client
// implements it; build the client with client.WithRateLimit so that the
// reconciler's checks share the merchant's rate limit with everything else.
type Checker interface {
	// Check asks for the status of the transaction req names (POST /check).
	Check(ctx context.Context, req *smartcore.CheckRequest) (*smartcore.CheckResponse, error)
}

var _ Checker = (*client.Client)(nil)

// Store is the host's record of its orders: the reconciler asks it which
// orders are still not final, and learns that an order became final only
// by no longer seeing it listed (the application's handler records that).
type Store interface {
	// Pending returns the merchant order ids of the orders that are not
	// final in the host's records and were created before q.OlderThan,
	// in a stable order of the store's choice (by id is simplest), starting
	// after q.After ("" for the first page), at most q.Limit of them. A
	// page shorter than q.Limit ends the list. In SQL:
	//
	//	SELECT id FROM orders WHERE state = 'pending' AND created_at < $1 AND id > $2 ORDER BY id LIMIT $3
	Pending(ctx context.Context, q Query) ([]string, error)
}

// Query is one page request to [Store.Pending].
type Query struct {
	// OlderThan is the reconciler's clock minus Options.Age: orders
	// created since are left to their callbacks.
	OlderThan time.Time
	// After is the last id of the previous page, "" for the first.
	After string
	// Limit is the most ids to return; always at least 1.
	Limit int
}

// StoreFunc adapts a function to [Store].
type StoreFunc func(ctx context.Context, q Query) ([]string, error)

// Pending calls f(ctx, q).
func (f StoreFunc) Pending(ctx context.Context, q Query) ([]string, error) { return f(ctx, q) }

// Options configures [New]. Checker and Handler are required; every other
// field has a documented default.
type Options struct {
	// Checker asks the gateway for an order's status: the application's
	// *client.Client. Required.
	Checker Checker

	// Handler processes each final state found, exactly as a callback
	// would be processed: the same *webhook.Router or CallbackHandler given
	// to webhook.New. Required. Its context tells a reconciled callback
	// from a received one (see [FromReconciliation]); an error or panic
	// leaves the order pending, to be delivered again on a later pass.
	Handler webhook.CallbackHandler

	// Store lists the host's orders that are not final. Default: none;
	// only the orders given to Watch and Resolve are checked.
	Store Store

	// Deduplicator is the one given to webhook.Options, so that a final
	// state reaches Handler once whether it arrives by callback, by
	// reconciliation or both at the same time. Default: none; every final
	// state found is handed over, and the application must recognise one it
	// already processed (as it would have to for callbacks without a
	// Deduplicator).
	Deduplicator dedup.Deduplicator

	// Key names a final state for the Deduplicator. Set it only when
	// webhook.Options.DedupKey is set, to the same function, or the two
	// paths never meet. Default: webhook.IdempotencyKey, the webhook's own
	// default, which keys a final state by type, order id and status.
	Key func(*smartcore.Callback) string

	// Age is how long after its creation an order listed by Store is left
	// to its callbacks before being checked. Default: DefaultAge (10m).
	Age time.Duration

	// Interval is the time between two passes of Run. Default:
	// DefaultInterval (1m).
	Interval time.Duration

	// MinBackoff and MaxBackoff bound the wait before an order is checked
	// again: MinBackoff after its first check, doubling after each further
	// one up to MaxBackoff. An order whose final state was just delivered
	// is also left alone this long, so that the Store has time to stop
	// listing it. Defaults: DefaultMinBackoff (30s) and DefaultMaxBackoff
	// (30m).
	MinBackoff, MaxBackoff time.Duration

	// Limit is how many orders one pass checks at most, and the page size
	// asked of Store. A pass reads the Store's list, page by page, until
	// it has Limit orders that are due or the list ends (orders waiting
	// for their backoff are skipped); the next pass goes on from where it
	// stopped, so that orders that stay pending never hide the others.
	// Default: DefaultLimit (100).
	Limit int

	// Workers is how many orders a pass checks at the same time; the
	// Checker's rate limit applies on top. Default: DefaultWorkers (4).
	Workers int

	// Observer, when set, is told of every check (see [Event]), for
	// metrics. Default: none.
	Observer Observer

	// Logger receives a record per final state delivered, per failure and
	// per pass, with order ids and statuses but never card data. Default:
	// nothing is logged.
	Logger *slog.Logger

	// Now is the clock that Age and the backoff are measured on. Default:
	// time.Now. Resolve's waits are real time whatever it is.
	Now func() time.Time
}

// settings is Options with the defaults applied.
type settings struct {
	Options
}

func (o Options) settings() (settings, error) {
	switch {
	case isNil(o.Checker):
		return settings{}, errors.New("reconcile: nil Checker")
	case isNil(o.Handler):
		return settings{}, errors.New("reconcile: nil Handler")
	case o.Age < 0, o.Interval < 0, o.MinBackoff < 0, o.MaxBackoff < 0, o.Limit < 0, o.Workers < 0:
		return settings{}, errors.New("reconcile: negative Age, Interval, backoff, Limit or Workers")
	}
	if isNil(o.Store) {
		o.Store = nil
	}
	if isNil(o.Deduplicator) {
		o.Deduplicator = nil
	}
	if o.Key == nil {
		o.Key = webhook.IdempotencyKey
	}
	o.Age = orDefault(o.Age, DefaultAge)
	o.Interval = orDefault(o.Interval, DefaultInterval)
	o.MinBackoff = orDefault(o.MinBackoff, DefaultMinBackoff)
	o.MaxBackoff = orDefault(o.MaxBackoff, DefaultMaxBackoff)
	if o.MinBackoff > o.MaxBackoff {
		return settings{}, errors.New("reconcile: MinBackoff above MaxBackoff")
	}
	if o.Limit == 0 {
		o.Limit = DefaultLimit
	}
	if o.Workers == 0 {
		o.Workers = DefaultWorkers
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return settings{o}, nil
}

// backoff is the wait after an order's n-th check (n >= 1).
func (s *settings) backoff(n int) time.Duration {
	d := s.MinBackoff
	for i := 1; i < n; i++ {
		if d >= s.MaxBackoff/2 {
			return s.MaxBackoff
		}
		d *= 2
	}
	return min(d, s.MaxBackoff)
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// isNil reports whether v is nil or an interface holding a nil pointer,
// func or map, which would panic on first use.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Slice, reflect.Chan, reflect.Interface:
		return r.IsNil()
	}
	return false
}
