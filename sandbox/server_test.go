package sandbox_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

func TestStart(t *testing.T) {
	t.Parallel()
	srv, err := sandbox.Start(sandbox.Options{}, "127.0.0.1:0")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(srv.URL, "http://127.0.0.1:"))
	require.Equal(t, srv.URL+"/pci", srv.PCIURL)
	res, err := srv.Client.Balance(context.Background(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
	require.NoError(t, err)
	require.Equal(t, sandbox.DefaultPayoutBalance, res.Balance)
	require.NoError(t, srv.Close())
	_, err = srv.Client.Balance(context.Background(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
	require.Error(t, err, "closed")

	_, err = sandbox.Start(sandbox.Options{}, "256.0.0.1:bad")
	require.Error(t, err)
}

// TestLogsNeverCarryCardData runs every card flow with a debug logger and
// looks for the card numbers and CVV in what was logged.
func TestLogsNeverCarryCardData(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	// Without timestamps, whose digits could contain the CVV by chance.
	noTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug, ReplaceAttr: noTime}))
	srv := sandboxtest.NewServer(t, sandbox.Options{Logger: logger})
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	for i, pan := range []string{sandbox.CardSuccess, sandbox.CardChallenge, sandbox.CardDeclined} {
		id := "log-" + string(rune('a'+i))
		req := cardPayment(id, pan, 1000, h.URL)
		req.CVV = "987"
		_, err := srv.Client.PayCard(ctx, req)
		require.NoError(t, err)
		_, err = srv.Client.WithdrawCard(ctx, &smartcore.CardWithdrawalRequest{Payout: payout(id+"-wd", 10, h.URL), CardNumber: pan})
		require.NoError(t, err)
	}
	require.NoError(t, srv.Complete("log-b", sandbox.Approve))
	flush(t, srv)
	logged := buf.String()
	require.Contains(t, logged, "sandbox request")
	require.Contains(t, logged, "sandbox callback")
	for _, secret := range []string{sandbox.CardSuccess, sandbox.CardChallenge, sandbox.CardDeclined, "987", srv.Secret} {
		require.NotContains(t, logged, secret)
	}
	for _, tx := range srv.Transactions() {
		for _, d := range srv.Deliveries(tx.OrderID) {
			require.NotContains(t, d.Body, sandbox.CardSuccess)
		}
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
