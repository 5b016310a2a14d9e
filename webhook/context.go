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

// repeatKey marks a context as a possible repeat's.
type repeatKey struct{}

// RepeatFromContext reports whether the callback being handled with ctx
// is a possible repeat: its identity was processed before, and the
// protocol cannot tell whether this is the same event again or a second
// one (see [Classify]). The webhook handler, [Middleware] (in the next
// handler's r.Context()), package reconcile and sqldedup's Transactional
// set it. Such a callback reaches the same route as the first, and the
// application's answer is the answer: apply it only if the application's
// own records show it is news (a refund it has not recorded, a state the
// order is not in), and acknowledge it otherwise.
func RepeatFromContext(ctx context.Context) bool {
	v, _ := ctx.Value(repeatKey{}).(bool)
	return v
}

// WithRepeat returns a copy of ctx marked as a possible repeat's, for the
// packages that deliver callbacks (reconcile, sqldedup) and for tests of
// handlers.
func WithRepeat(ctx context.Context) context.Context {
	return context.WithValue(ctx, repeatKey{}, true)
}
