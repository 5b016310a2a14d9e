package webhook

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
)

// Seen is what [Classify] makes of a callback from what was processed
// before.
type Seen int

// The verdicts of [Classify].
const (
	// SeenNew: nothing processed before names this callback; it is
	// handed to the application as it is.
	SeenNew Seen = iota + 1
	// SeenMaybe: its identity was processed before, but the protocol
	// cannot tell a redelivery from a second event of the same identity.
	// It is handed to the application flagged ([RepeatFromContext]), and
	// the application's answer is the answer.
	SeenMaybe
	// SeenRedelivery: certainly a delivery of what was processed before;
	// it is acknowledged (200) without reaching the application.
	SeenRedelivery
)

// String names the verdict ("new", "maybe", "redelivery").
func (s Seen) String() string {
	switch s {
	case SeenNew:
		return "new"
	case SeenMaybe:
		return "maybe"
	case SeenRedelivery:
		return "redelivery"
	}
	return "unknown"
}

// ErrInFlight is returned (wrapped) by [ProcessedIn]'s lookup when the key
// it asks about is being processed by another delivery: whether it was
// processed is not known yet, so the callback is answered 409 (the
// reconciler leaves the order for a later pass).
var ErrInFlight = errors.New("webhook: a related callback is being processed")

// certainTypes are the transaction types of which an order has a single
// final status, so that an identical final callback can only be a
// redelivery; compared without case.
var certainTypes = [...]smartcore.TransactionType{smartcore.TypePayment, smartcore.TypeWithdrawal}

// namedTypes are the types the document names, which an untyped callback
// may have been sent with on another path (a check answer carries one).
var namedTypes = [...]smartcore.TransactionType{smartcore.TypePayment, smartcore.TypeRefund, smartcore.TypeWithdrawal}

// Classify is the kit's one rule for a callback whose key was processed
// before (done) or not: the webhook handler and middleware, package
// reconcile and sqldedup's Transactional all apply it, with the same key
// function (key) and a lookup of whether another key was processed
// (processed; [ProcessedIn] builds it over a dedup.Deduplicator).
//
// A key decides identity only. A callback whose own key was processed is
// a certain redelivery (SeenRedelivery) only where the protocol makes that
// certain:
//
//   - status 0 or 1 (not final), keyed on every signed value: identical
//     content is the same notification;
//   - status 2 or -1 of a type that has one final status per order
//     (Payment, Withdrawal, compared without case), as long as the other
//     final status of the same order was not processed (2, then -1, then
//     2 again is news).
//
// Anything else that repeats a processed identity is SeenMaybe: a refund
// (two partial refunds of one amount are identical), a callback without a
// type (a full refund sent without type is identical to the payment's
// success), a type the document does not name, a status it does not
// define. A new final callback is SeenMaybe too when the same order and
// status was processed under another spelling of its type: with type ""
// for a typed one, with each type the document names (Payment, Refund,
// Withdrawal) for an untyped one, since the gateway may leave type out and
// a check answer carries it. Otherwise it is SeenNew.
//
// It returns processed's error, and an error for a nil cb or key.
func Classify(ctx context.Context, cb *smartcore.Callback, done bool, key func(*smartcore.Callback) string,
	processed func(ctx context.Context, key string) (bool, error)) (Seen, error) {
	if cb == nil || key == nil || processed == nil {
		return 0, errors.New("webhook: Classify needs a callback, a key function and a lookup")
	}
	own := key(cb)
	if !cb.Status.IsFinal() {
		switch {
		case !done:
			return SeenNew, nil
		case cb.Status.Known():
			return SeenRedelivery, nil
		}
		return SeenMaybe, nil // a status the document does not define
	}
	variant := func(typ smartcore.TransactionType, st smartcore.Status) string {
		v := *cb
		v.Type, v.Status = typ, st
		return key(&v)
	}
	if done {
		if !certainType(cb.Type) {
			return SeenMaybe, nil
		}
		other := smartcore.StatusFail
		if cb.Status == smartcore.StatusFail {
			other = smartcore.StatusSuccess
		}
		// The other final status under this type or sent without one.
		for _, typ := range [...]smartcore.TransactionType{cb.Type, ""} {
			k := variant(typ, other)
			if k == own { // a key that ignores the status: nothing to tell apart
				continue
			}
			if k == "" {
				return SeenMaybe, nil
			}
			if p, err := processed(ctx, k); err != nil || p {
				return SeenMaybe, err
			}
		}
		return SeenRedelivery, nil
	}
	aliases := namedTypes[:]
	if cb.Type != "" {
		aliases = []smartcore.TransactionType{""}
	}
	for _, typ := range aliases {
		k := variant(typ, cb.Status)
		if k == "" || k == own {
			continue
		}
		if p, err := processed(ctx, k); err != nil || p {
			return SeenMaybe, err
		}
	}
	return SeenNew, nil
}

// certainType reports whether t is one of certainTypes, ignoring case.
func certainType(t smartcore.TransactionType) bool {
	for _, c := range certainTypes {
		if strings.EqualFold(string(t), string(c)) {
			return true
		}
	}
	return false
}

// ProcessedIn returns the lookup [Classify] needs over d, whose contract
// has no read-only query: it claims the key and releases it at once when
// it was free (false), reports true when it is done, and returns an error
// wrapping [ErrInFlight] when another delivery holds it.
func ProcessedIn(d dedup.Deduplicator) func(ctx context.Context, key string) (bool, error) {
	return func(ctx context.Context, key string) (bool, error) {
		c, err := d.Claim(ctx, key)
		switch {
		case err != nil:
			return false, err
		case c.State == dedup.KeyDone:
			return true, nil
		case c.State != dedup.KeyNew:
			return false, fmt.Errorf("%w (%s)", ErrInFlight, c.State)
		}
		sctx, cancel := settleContext(ctx)
		defer cancel()
		if err := d.Release(sctx, key, c.Token); err != nil && !errors.Is(err, dedup.ErrClaimLost) {
			return false, fmt.Errorf("webhook: release a looked-up key: %w", err)
		}
		return false, nil
	}
}
