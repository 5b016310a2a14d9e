package shop

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/internal/demoshop/shop/shoptest"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// testShop is the shop on an httptest server in front of an in-process
// sandbox, with a customer's browser (shoptest.Browser).
type testShop struct {
	*Shop
	*shoptest.Browser
	URL string
	sb  *sandbox.Server
}

// newTestShop starts a sandbox (configured by opts, if any) and a shop
// that pays through it. The shop's log is shown when the test fails.
func newTestShop(t *testing.T, opts ...sandbox.Options) *testShop {
	t.Helper()
	return newTestShopWith(t, nil, opts...)
}

// firstOptions returns opts[0], or the sandbox's defaults when opts is
// empty.
func firstOptions(opts []sandbox.Options) sandbox.Options {
	if len(opts) > 0 {
		return opts[0]
	}
	return sandbox.Options{}
}

// newTestShopWith is newTestShop with configure, when not nil, changing
// the shop's configuration before the shop is built.
func newTestShopWith(t *testing.T, configure func(*Config), opts ...sandbox.Options) *testShop {
	t.Helper()
	sb := sandboxtest.NewServer(t, firstOptions(opts))
	// The shop's public URL (for the callback and return URLs) must be known
	// before the shop is built, so take the listener first.
	ts := httptest.NewUnstartedServer(nil)
	public := "http://" + ts.Listener.Addr().String()
	cfg := Config{Client: sb.Client, Secret: sb.Secret, PublicURL: public,
		SandboxHosts: []string{hostOf(sb.URL)}, Logger: shoptest.Logger(t)}
	if configure != nil {
		configure(&cfg)
	}
	s, err := New(cfg)
	require.NoError(t, err)
	ts.Config.Handler = s
	ts.Start()
	t.Cleanup(ts.Close)
	return &testShop{Shop: s, Browser: shoptest.NewBrowser(t, public, sb), URL: public, sb: sb}
}
