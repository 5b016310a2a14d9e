package clientip

import (
	"context"
	"net/netip"
)

// contextKey is unexported so that the address is written only through
// NewContext.
type contextKey struct{}

// NewContext returns a copy of ctx carrying addr, the client address a
// handler decided with a [Policy]. The kit's rate limiter and checkout
// handlers call it; a later call (an inner handler) overrides an earlier.
func NewContext(ctx context.Context, addr netip.Addr) context.Context {
	return context.WithValue(ctx, contextKey{}, addr)
}

// FromContext returns the client address the kit's handlers decided for
// the request with their Policy: package ratelimit's middleware sets it
// for the handlers after it, and package checkout's handlers for the
// functions they call, such as Build. It returns false when none of them
// ran or none could decide an address.
func FromContext(ctx context.Context) (netip.Addr, bool) {
	a, ok := ctx.Value(contextKey{}).(netip.Addr)
	return a, ok && a.IsValid()
}
