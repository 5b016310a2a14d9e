package reconcile

import (
	"context"
	"time"

	"github.com/smartcorekit/smartcore"
)

// Event is what an Observer learns of one check of an order: never card
// data or the answer's body.
type Event struct {
	// OrderID is the merchant's order id that was checked.
	OrderID string
	// Outcome is what the check came to.
	Outcome CheckOutcome
	// Status is the check's transaction status, when HasStatus.
	Status    smartcore.Status
	HasStatus bool // the check's answer carried a status
	// Err is the check's or the delivery's error, if any.
	Err error
	// Duration covers the check and the delivery of a final state.
	Duration time.Duration
}

// Observer is called once per check of an order, after its final state (if
// any) was delivered, on the goroutine that did it; it must be quick and
// safe for concurrent use.
type Observer func(ctx context.Context, e Event)
