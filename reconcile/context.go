package reconcile

import (
	"context"

	"github.com/smartcorekit/smartcore"
)

// contextKey is unexported so that only this package marks a context as
// coming from reconciliation.
type contextKey struct{}

// FromReconciliation reports whether ctx is the context of a callback the
// reconciler built from a check answer rather than one the gateway sent,
// and returns that answer (HTTP status, headers and scrubbed body included,
// for support tickets). It returns nil and false for a gateway callback, or
// any other context.
func FromReconciliation(ctx context.Context) (*smartcore.CheckResponse, bool) {
	res, ok := ctx.Value(contextKey{}).(*smartcore.CheckResponse)
	return res, ok && res != nil
}

// withCheck marks ctx as a reconciled delivery of res.
func withCheck(ctx context.Context, res *smartcore.CheckResponse) context.Context {
	return context.WithValue(ctx, contextKey{}, res)
}
