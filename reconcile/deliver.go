package reconcile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
)

// ErrNotFound is wrapped by the error of a check the gateway answered with
// HTTP 404 or the code ORDER_NOT_FOUND: it has no transaction with that
// order id. After an ErrOutcomeUnknown this usually means the request never
// arrived, and sending it again under the same order_id is safe (the gateway
// refuses a duplicate with PLATFORM_ERROR_DUPLICATED_ORDER_ID if it did
// arrive). The wrapped *client.APIError says more; a wrong base URL
// gives a 404 too.
var ErrNotFound = errors.New("reconcile: order not found at the gateway")

// CheckOutcome is what one check of an order came to.
type CheckOutcome int

// The outcomes of a check, as Result counts them and an Observer sees them.
const (
	Pending        CheckOutcome = iota // not final yet, or no status in the answer
	Delivered                          // final, and Handler processed it
	Duplicate                          // final, and already processed (KeyDone)
	InFlight                           // final, and being processed elsewhere now
	NotFound                           // the gateway does not know the order
	CheckFailed                        // the check failed
	DeliveryFailed                     // Handler or the Deduplicator failed
)

// String names the outcome for logs and metrics ("pending", "delivered",
// "duplicate", "in_flight", "not_found", "check_failed", "delivery_failed").
func (o CheckOutcome) String() string {
	switch o {
	case Pending:
		return "pending"
	case Delivered:
		return "delivered"
	case Duplicate:
		return "duplicate"
	case InFlight:
		return "in_flight"
	case NotFound:
		return "not_found"
	case CheckFailed:
		return "check_failed"
	case DeliveryFailed:
		return "delivery_failed"
	}
	return "unknown"
}

// settled reports whether the order's final state has been processed.
func (o CheckOutcome) settled() bool { return o == Delivered || o == Duplicate }

// reconcileOrder checks id once and delivers its final state, if it has
// one. It returns the answer when there was one.
func (r *Reconciler) reconcileOrder(ctx context.Context, id string) (CheckOutcome, *smartcore.CheckResponse, error) {
	if r.s.Observer == nil {
		return r.checkOrder(ctx, id)
	}
	start := time.Now()
	out, res, err := r.checkOrder(ctx, id)
	e := Event{OrderID: id, Outcome: out, Err: err, Duration: time.Since(start)}
	if res != nil && res.HasStatus {
		e.Status, e.HasStatus = res.Status, true
	}
	r.s.Observer(ctx, e)
	return out, res, err
}

// checkOrder is reconcileOrder without the Observer.
func (r *Reconciler) checkOrder(ctx context.Context, id string) (CheckOutcome, *smartcore.CheckResponse, error) {
	res, err := r.s.Checker.Check(ctx, &smartcore.CheckRequest{OrderID: id})
	if err != nil {
		if notFound(err) {
			return NotFound, nil, fmt.Errorf("%w: %q: %w", ErrNotFound, id, err)
		}
		return CheckFailed, nil, fmt.Errorf("reconcile: check %q: %w", id, err)
	}
	if res == nil {
		return CheckFailed, nil, fmt.Errorf("reconcile: check %q: no answer", id)
	}
	if !res.HasStatus || !res.Status.IsFinal() {
		// A status the document does not define is not final either: it
		// must not be taken for a payment or a failure.
		return Pending, res, nil
	}
	out, err := r.deliver(ctx, id, res)
	return out, res, err
}

// notFound reports whether err is the gateway saying it has no such order.
func notFound(err error) bool {
	var apiErr *client.APIError
	return errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusNotFound || apiErr.Code == "ORDER_NOT_FOUND")
}

// claimLostMessage begins the warning for a Complete or Release that found
// the claim gone (dedup.ErrClaimLost).
const claimLostMessage = "smartcore reconcile: deduplicator lease ended before the handler finished: raise the Deduplicator's lease"

// deliver hands a final check answer to Handler under the Deduplicator's
// claim, as the webhook handler does for a callback, by the same rule
// (webhook.Classify): KeyNew is processed, then completed (or released on
// failure); KeyInFlight is being processed by another delivery, which may
// still fail, so the order stays pending. A state processed before is
// skipped where that is certain (a payment's or withdrawal's final status)
// and otherwise delivered flagged (webhook.RepeatFromContext), as is a new
// typed state whose callback came without a type.
func (r *Reconciler) deliver(ctx context.Context, id string, res *smartcore.CheckResponse) (CheckOutcome, error) {
	cb := CallbackFromCheck(id, res)
	attrs := []slog.Attr{slog.String("order_id", id), slog.Int("status", int(cb.Status))}
	d := r.s.Deduplicator
	if d == nil {
		if err := r.call(ctx, cb, res); err != nil {
			return DeliveryFailed, err
		}
		r.s.Logger.LogAttrs(ctx, slog.LevelInfo, "smartcore reconcile: final state delivered", attrs...)
		return Delivered, nil
	}
	key := r.s.Key(cb)
	if key == "" {
		return DeliveryFailed, fmt.Errorf("reconcile: %q: Options.Key returned an empty key", id)
	}
	c, err := d.Claim(ctx, key)
	switch {
	case err != nil:
		return DeliveryFailed, fmt.Errorf("reconcile: %q: deduplicator: %w", id, err)
	case c.State != dedup.KeyNew && c.State != dedup.KeyDone:
		r.s.Logger.LogAttrs(ctx, slog.LevelDebug, "smartcore reconcile: final state being processed elsewhere", attrs...)
		return InFlight, nil
	}
	// The claim must be settled even when ctx ended meanwhile, and a store
	// that hangs must not hold this worker for ever.
	settle, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhook.SettleTimeout)
	defer cancel()
	release := func() {
		rerr := d.Release(settle, key, c.Token)
		switch {
		case errors.Is(rerr, dedup.ErrClaimLost):
			r.s.Logger.LogAttrs(ctx, slog.LevelWarn, claimLostMessage+"; another delivery may hold the key, so it is left to that one", attrs...)
		case rerr != nil:
			r.s.Logger.LogAttrs(ctx, slog.LevelError, "smartcore reconcile: deduplicator release failed; the key waits for its lease",
				append(attrs, slog.Any("error", rerr))...)
		}
	}
	seen, err := webhook.Classify(ctx, cb, c.State == dedup.KeyDone, r.s.Key, webhook.ProcessedIn(d))
	if err != nil {
		if c.State == dedup.KeyNew {
			release()
		}
		if errors.Is(err, webhook.ErrInFlight) {
			r.s.Logger.LogAttrs(ctx, slog.LevelDebug, "smartcore reconcile: a related state is being processed elsewhere", attrs...)
			return InFlight, nil
		}
		return DeliveryFailed, fmt.Errorf("reconcile: %q: deduplicator: %w", id, err)
	}
	switch {
	case seen == webhook.SeenRedelivery:
		r.s.Logger.LogAttrs(ctx, slog.LevelDebug, "smartcore reconcile: final state already processed", attrs...)
		return Duplicate, nil
	case seen == webhook.SeenMaybe:
		r.s.Logger.LogAttrs(ctx, slog.LevelInfo, "smartcore reconcile: final state delivered as a possible repeat", attrs...)
		ctx = webhook.WithRepeat(ctx)
	}
	callErr := r.call(ctx, cb, res)
	if c.State == dedup.KeyDone {
		// A possible repeat holds no claim: its key stays done.
		if callErr != nil {
			return DeliveryFailed, callErr
		}
		return Delivered, nil
	}
	if callErr != nil {
		release()
		return DeliveryFailed, callErr
	}
	err = d.Complete(settle, key, c.Token)
	// The work was done: it counts as delivered, as on the callback path.
	switch {
	case errors.Is(err, dedup.ErrClaimLost):
		r.s.Logger.LogAttrs(ctx, slog.LevelWarn, claimLostMessage+"; the state was delivered but its key is not marked done, so a callback may be processed again", attrs...)
	case err != nil:
		r.s.Logger.LogAttrs(ctx, slog.LevelError, "smartcore reconcile: deduplicator complete failed; a callback after the lease is processed again",
			append(attrs, slog.Any("error", err))...)
	}
	r.s.Logger.LogAttrs(ctx, slog.LevelInfo, "smartcore reconcile: final state delivered", attrs...)
	return Delivered, nil
}

// call runs Handler on cb with a context marked as reconciliation (and
// carrying cb for webhook.FromContext), turning a panic into an error with
// the stack so that the order stays pending instead of the pass dying.
func (r *Reconciler) call(ctx context.Context, cb *smartcore.Callback, res *smartcore.CheckResponse) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("reconcile: handler panicked on %q: %v\n%s", cb.OrderID, p, debug.Stack())
		}
	}()
	if err := r.s.Handler.HandleCallback(webhook.NewContext(withCheck(ctx, res), cb), cb); err != nil {
		return fmt.Errorf("reconcile: handler failed on %q: %w", cb.OrderID, err)
	}
	return nil
}
