package sandboxtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// TestNewServerServesUntilCleanup: the options reach the sandbox, the
// client works, and the server is gone once the test that made it ends.
func TestNewServerServesUntilCleanup(t *testing.T) {
	ctx := context.Background()
	req := &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"}
	var srv *sandbox.Server
	t.Run("inner", func(t *testing.T) {
		srv = sandboxtest.NewServer(t, sandbox.Options{MerchantKey: "shop", Secret: "s3cret", PayoutBalance: 42})
		require.Equal(t, "shop", srv.MerchantKey)
		require.Equal(t, srv.URL+"/pci", srv.PCIURL)
		res, err := srv.Client.Balance(ctx, req)
		require.NoError(t, err)
		require.Equal(t, int64(42), res.Balance)
	})
	_, err := srv.Client.Balance(ctx, req)
	require.Error(t, err, "closed by the inner test's Cleanup")
}
