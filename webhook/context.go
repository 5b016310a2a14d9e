package webhook

import (
	"context"

	"github.com/smartcorekit/smartcore"
)

// contextKey is unexported so that no other package can read or overwrite
// the callback except through FromContext and NewContext.
type contextKey struct{}

// NewContext returns a copy of ctx carrying cb, for tests of handlers that
// sit behind [Middleware].
func NewContext(ctx context.Context, cb *smartcore.Callback) context.Context {
	return context.WithValue(ctx, contextKey{}, cb)
}

// FromContext returns the verified callback that [Middleware] stored in ctx,
// and false when there is none.
func FromContext(ctx context.Context) (*smartcore.Callback, bool) {
	cb, ok := ctx.Value(contextKey{}).(*smartcore.Callback)
	return cb, ok && cb != nil
}
