package clientip_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/smartcorekit/smartcore/clientip"
)

func TestContext(t *testing.T) {
	if _, ok := clientip.FromContext(context.Background()); ok {
		t.Fatal("FromContext found an address in an empty context")
	}
	if _, ok := clientip.FromContext(clientip.NewContext(context.Background(), netip.Addr{})); ok {
		t.Fatal("FromContext reported the zero Addr as an address")
	}
	first := netip.MustParseAddr("203.0.113.7")
	ctx := clientip.NewContext(context.Background(), first)
	if got, ok := clientip.FromContext(ctx); !ok || got != first {
		t.Fatalf("FromContext = %v, %v; want %v, true", got, ok, first)
	}
	inner := netip.MustParseAddr("2001:db8::1")
	if got, ok := clientip.FromContext(clientip.NewContext(ctx, inner)); !ok || got != inner {
		t.Fatalf("FromContext after a second NewContext = %v, %v; want %v, true", got, ok, inner)
	}
}
