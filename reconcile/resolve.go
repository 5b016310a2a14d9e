package reconcile

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// Resolve finds out what became of orderID, typically after a payment call
// returned client.ErrOutcomeUnknown: it checks the order until the
// gateway reports a final state, waiting MinBackoff, then twice as long
// each time up to MaxBackoff (real time), and delivers that state to
// Handler like a pass would, de-duplicated with the callback path. It
// returns the final check answer and nil once the state has been
// processed, now or before (by a callback, a pass or another Resolve).
//
// Otherwise it returns an error, with the last answer when there was one:
//
//   - wrapping ErrNotFound at once when the gateway does not know the order
//     (the request most likely never arrived; see ErrNotFound);
//   - the Handler's or Deduplicator's error when the final state could not
//     be processed; the order is then still pending in the host's records,
//     and a later pass (or Resolve) delivers it again;
//   - the *client.APIError at once when the gateway refuses the check
//     itself with a 4xx other than 404 and 429 (bad credentials, say);
//   - wrapping ctx's error when ctx ends first; other check failures and
//     pending answers are retried until then.
//
// A payment nobody completes (a form never submitted) stays pending until
// the gateway expires it, so give ctx a deadline: Resolve has none of its
// own.
//
// An empty orderID is an error and nothing is checked.
func (r *Reconciler) Resolve(ctx context.Context, orderID string) (*smartcore.CheckResponse, error) {
	if orderID == "" {
		return nil, errors.New("reconcile: Resolve: empty order id")
	}
	var last *smartcore.CheckResponse
	var lastErr error
	for n := 1; ; n++ {
		out, res, err := r.reconcileOrder(ctx, orderID)
		if res != nil {
			last = res
		}
		switch {
		case out.settled():
			r.unwatch(orderID)
			return res, nil
		case out == NotFound, out == DeliveryFailed, refused(err):
			return last, err
		}
		lastErr = err
		wait := r.s.backoff(n)
		if out == InFlight {
			wait = r.s.MinBackoff
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			if lastErr != nil {
				return last, fmt.Errorf("reconcile: Resolve %q: %w (last: %w)", orderID, ctx.Err(), lastErr)
			}
			return last, fmt.Errorf("reconcile: Resolve %q: not final: %w", orderID, ctx.Err())
		case <-t.C:
		}
	}
}

// refused reports whether err is the gateway refusing the check request
// itself, which asking again will not change.
func refused(err error) bool {
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode >= 400 && apiErr.StatusCode < 500 &&
		apiErr.StatusCode != http.StatusTooManyRequests
}

// unwatch stops watching orderID once its final state was processed.
func (r *Reconciler) unwatch(orderID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if o := r.orders[orderID]; o != nil {
		o.watched = time.Time{}
	}
}
