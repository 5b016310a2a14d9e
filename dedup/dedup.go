package dedup

import (
	"context"
	"errors"
	"time"
)

// KeyState is where a callback's key stands in a [Deduplicator].
type KeyState int

// The states a [Deduplicator.Claim] reports.
const (
	// KeyNew: the key was free and this call now holds it. The callback is
	// processed, then the key is completed (success) or released (failure).
	KeyNew KeyState = iota + 1
	// KeyInFlight: another delivery holds the key and has not finished. The
	// callback is answered 409 with Retry-After, never 200, because that
	// delivery may still fail: the gateway's retry finds the key done (and
	// is acknowledged) or free again (and is processed).
	KeyInFlight
	// KeyDone: the callback's identity was processed before. It is
	// acknowledged with 200 without reaching the application when it is
	// certainly a redelivery, and handed over flagged otherwise (see
	// webhook.Classify).
	KeyDone
)

// String names the state ("new", "in flight", "done").
func (s KeyState) String() string {
	switch s {
	case KeyNew:
		return "new"
	case KeyInFlight:
		return "in flight"
	case KeyDone:
		return "done"
	}
	return "unknown"
}

// Defaults shared by every Deduplicator the kit ships, so that a key means
// the same on each of them.
const (
	// DefaultLease is how long a claim holds a key when it is neither
	// completed nor released, as when the process dies mid-callback. It
	// must exceed the longest time the application takes for one callback:
	// a redelivery after the lease is processed again.
	DefaultLease = 5 * time.Minute
	// DefaultRetention is how long a completed key is remembered. A replay
	// older than that is processed again, so it should exceed the gateway's
	// whole retry schedule.
	DefaultRetention = 7 * 24 * time.Hour
)

// Claim is what [Deduplicator.Claim] found, and for KeyNew the token that
// proves this delivery holds the key.
type Claim struct {
	// State is where the key stood.
	State KeyState
	// Token is set only when State is KeyNew: unique to this claim, it is
	// passed to Complete or Release so that they act on this claim and no
	// later one.
	Token string
}

// ErrClaimLost is what Complete and Release return when the key is no
// longer held under the token given: the lease ended before the callback
// finished, and another delivery may have claimed the key since (or it was
// never claimed, or already settled). Nothing was changed. It means the
// Deduplicator's lease is shorter than the application's handling time.
var ErrClaimLost = errors.New("smartcore dedup: claim lost: the lease ended and another delivery may hold the key")

// Deduplicator remembers which callbacks are being processed and which were
// processed, so that a redelivered or replayed callback is handed to the
// application once, and a callback is acknowledged only once its processing
// completed. Persistence is the application's: [Memory] serves a single
// process; shared ones (Redis, SQL) serve several replicas.
//
// The contract, which the kit's contract tests check on every
// implementation:
//
//   - Claim is atomic: of concurrent claims of one free key exactly one
//     gets KeyNew, with a token unique to that claim; the others get
//     KeyInFlight (or KeyDone once completed).
//   - A claimed key that is neither completed nor released becomes free
//     again after the implementation's lease, so that a process that died
//     mid-callback does not block the gateway's retries for ever.
//   - Complete makes the key done: Claim reports KeyDone for it until the
//     implementation's retention has passed.
//   - Release frees a claimed key at once.
//   - Complete and Release act only while the key is in flight under the
//     token its claim returned and its lease has not ended. Otherwise (the
//     lease ended, a later claim holds the key, it is done, or it was
//     never claimed) they change nothing and return [ErrClaimLost], so
//     that a delivery that outlived its lease can neither free nor
//     complete the claim of the delivery that took the key over.
//
// Package webhook answers any error from Claim with 500, so that the
// gateway tries again.
type Deduplicator interface {
	// Claim takes key if it is free and reports the state it found, with
	// a fresh token when that state is KeyNew.
	Claim(ctx context.Context, key string) (Claim, error)
	// Complete records that key's callback was processed, if token still
	// holds key; otherwise it returns ErrClaimLost.
	Complete(ctx context.Context, key, token string) error
	// Release frees key after its callback failed, so that the gateway's
	// retry is processed, if token still holds key; otherwise it returns
	// ErrClaimLost.
	Release(ctx context.Context, key, token string) error
}
