package webhook_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
)

// handed is one callback the application was handed.
type handed struct {
	OrderID string
	Type    smartcore.TransactionType
	Amount  int64
	Repeat  bool
}

// sandboxShop serves a webhook handler with a dedup.Memory for srv's
// callbacks and records what reaches the application.
func sandboxShop(t *testing.T, srv *sandbox.Server) (url string, got func() []handed) {
	var mu sync.Mutex
	var list []handed
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(ctx context.Context, cb *smartcore.Callback) error {
		mu.Lock()
		defer mu.Unlock()
		if cb.Status.IsFinal() {
			list = append(list, handed{cb.OrderID, cb.Type, cb.Amount, webhook.RepeatFromContext(ctx)})
		}
		return nil
	}), webhook.Options{Secrets: []string{srv.Secret}, Deduplicator: &dedup.Memory{}})
	require.NoError(t, err)
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL + "/cb", func() []handed {
		mu.Lock()
		defer mu.Unlock()
		return append([]handed(nil), list...)
	}
}

func sandboxPayment(id string, amount int64, callback string) *smartcore.CardPaymentRequest {
	return &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: amount, Currency: "EUR", OrderID: id, Purpose: "test"},
		MerchantSite: "https://merchant.example", IPAddress: "127.0.0.1",
		Customer: smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
			ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com"},
		ReturnURLs: smartcore.ReturnURLs{CallbackURL: callback, SuccessURL: "https://merchant.example/success", FailURL: "https://merchant.example/fail"},
		Card:       smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	}
}

func flushSandbox(t *testing.T, srv *sandbox.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, srv.Flush(ctx))
}

// The reproduction: with callbacks that carry only what the
// document requires, two payments and three refunds (two partial refunds
// of one amount, one full refund) are five status changes, and all five
// reach the application, every repeat of an identity flagged. Every
// delivery is answered 200 only after the application ran.
func TestSandboxMinimalCallbacksEveryEvent(t *testing.T) {
	ctx := context.Background()
	srv := sandboxtest.NewServer(t, sandbox.Options{MinimalCallbacks: true, SettleImmediately: true})
	url, got := sandboxShop(t, srv)
	for _, id := range []string{"a", "b"} {
		_, err := srv.Client.PayCard(ctx, sandboxPayment(id, 1000, url))
		require.NoError(t, err)
		flushSandbox(t, srv)
	}
	var refunds []string
	for _, r := range []struct {
		id     string
		amount int64
	}{{"a", 300}, {"a", 300}, {"b", 1000}} {
		res, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: r.id, Amount: r.amount, Reason: "test"})
		require.NoError(t, err)
		refunds = append(refunds, res.RefundID)
		flushSandbox(t, srv)
	}
	require.Equal(t, []handed{
		{"a", "", 1000, false}, {"b", "", 1000, false},
		{"a", "", 300, true}, {"a", "", 300, true}, {"b", "", 1000, true},
	}, got())
	for _, id := range append([]string{"a", "b"}, refunds...) {
		for _, d := range srv.Deliveries(id) {
			require.True(t, d.OK(), "%s answered %d", id, d.StatusCode)
		}
	}
}

// With full callbacks (type=Payment), the gateway's redelivery and a
// duplicate are processed once; two equal partial refunds both arrive, the
// second flagged.
func TestSandboxRedeliveryProcessedOnce(t *testing.T) {
	ctx := context.Background()
	srv := sandboxtest.NewServer(t, sandbox.Options{SettleImmediately: true})
	url, got := sandboxShop(t, srv)
	_, err := srv.Client.PayCard(ctx, sandboxPayment("a", 1000, url))
	require.NoError(t, err)
	flushSandbox(t, srv)
	require.NoError(t, srv.Redeliver("a"))
	require.NoError(t, srv.SendDuplicate("a"))
	flushSandbox(t, srv)
	for range 2 {
		_, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "a", Amount: 300, Reason: "test"})
		require.NoError(t, err)
		flushSandbox(t, srv)
	}
	require.Equal(t, []handed{
		{"a", smartcore.TypePayment, 1000, false},
		{"a", smartcore.TypeRefund, 300, false}, {"a", smartcore.TypeRefund, 300, true},
	}, got())
	ds := srv.Deliveries("a")
	require.Len(t, ds, 3)
	for _, d := range ds {
		require.True(t, d.OK())
	}
}
