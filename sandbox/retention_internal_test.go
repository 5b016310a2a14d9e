package sandbox

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

func TestSettingsMaxTransactions(t *testing.T) {
	t.Parallel()
	require.Equal(t, DefaultMaxTransactions, Options{}.settings().maxTxns)
	require.Equal(t, DefaultMaxTransactions, Options{MaxTransactions: -1}.settings().maxTxns)
	require.Equal(t, 7, Options{MaxTransactions: 7}.settings().maxTxns)
}

// sizes are the lengths of every per-transaction index.
type sizes struct{ byOrder, byID, order, logs, queues int }

func (s *Sandbox) sizes() sizes {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cb.mu.Lock()
	defer s.cb.mu.Unlock()
	return sizes{len(s.st.byOrder), len(s.st.byID), len(s.st.order), len(s.cb.logs), len(s.cb.queues)}
}

// requireConsistent checks that the indexes hold exactly the transactions
// of s.st.order, and that every delivery log belongs to one of them.
func (s *Sandbox) requireConsistent(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cb.mu.Lock()
	defer s.cb.mu.Unlock()
	require.Len(t, s.st.byOrder, len(s.st.order))
	require.Len(t, s.st.byID, len(s.st.order))
	for _, x := range s.st.order {
		require.Same(t, x, s.st.byOrder[x.OrderID])
		require.Same(t, x, s.st.byID[x.ProcessingID])
	}
	for id := range s.cb.logs {
		require.Contains(t, s.st.byOrder, id, "delivery log of an evicted order")
	}
	for id := range s.cb.queues {
		require.Contains(t, s.st.byOrder, id, "delivery queue of an evicted order")
	}
}

func testOrder(id string, amount int64) smartcore.Order {
	return smartcore.Order{Account: "EUR-sandbox", Amount: amount, Currency: "EUR", OrderID: id, Purpose: "description"}
}

var testCustomer = smartcore.Customer{
	FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
	ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
}

func testCardPayment(id, pan string, callback string) *smartcore.CardPaymentRequest {
	return &smartcore.CardPaymentRequest{
		Order: testOrder(id, 1000), MerchantSite: "https://merchant.site", Customer: testCustomer,
		IPAddress: "127.0.0.1", ReturnURLs: smartcore.ReturnURLs{CallbackURL: callback},
		Card: smartcore.Card{Holder: "John Doe", Number: pan, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	}
}

func flushSandbox(t *testing.T, s *Sandbox) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, s.Flush(ctx))
}

// Payments, refunds, declines and tokenize forms with delivered callbacks,
// far more than the bound: every index stays at the bound and nothing of an
// evicted transaction is left anywhere.
func TestRetentionIndexesDoNotLeak(t *testing.T) {
	t.Parallel()
	h := &countingHost{}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	cbURL := ts.URL + "/callback"
	srv := NewServer(t, Options{MaxTransactions: 5})
	ctx := context.Background()

	for i := range 30 {
		paid := fmt.Sprintf("paid-%d", i)
		_, err := srv.Client.PayCard(ctx, testCardPayment(paid, CardSuccess, cbURL))
		require.NoError(t, err)
		_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: paid, Amount: 1000, Reason: "all"})
		require.NoError(t, err)
		_, err = srv.Client.PayCard(ctx, testCardPayment(fmt.Sprintf("declined-%d", i), CardDoNotHonour, cbURL))
		require.NoError(t, err)
		tok := fmt.Sprintf("tokenize-%d", i)
		_, err = srv.Client.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: tok, CallbackURL: cbURL})
		require.NoError(t, err)
		require.NoError(t, srv.Complete(tok, OutcomeDecline))
		flushSandbox(t, srv.Sandbox)
		srv.requireConsistent(t)
		got := srv.sizes()
		require.LessOrEqual(t, got.order, 5)
		require.LessOrEqual(t, got.logs, 5)
		require.Zero(t, got.queues)
	}
	require.Equal(t, sizes{byOrder: 5, byID: 5, order: 5, logs: 5, queues: 0}, srv.sizes())
	require.Len(t, h.received(), 30*4, "every callback was delivered before its order went")
}

// A final transaction whose callback waits for a retry is not evicted; once
// the retry is delivered it is, with its log.
func TestRetentionKeepsOrdersWithCallbacksPending(t *testing.T) {
	t.Parallel()
	h := &countingHost{failLeft: 1}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	clock := NewFakeClock(time.Time{})
	srv := NewServer(t, Options{MaxTransactions: 2, Clock: clock, RetrySchedule: []time.Duration{time.Minute}})
	ctx := context.Background()
	pay := func(id, callback string) error {
		_, err := srv.Client.PayCard(ctx, testCardPayment(id, CardDoNotHonour, callback))
		return err
	}

	require.NoError(t, pay("retrying", ts.URL))
	flushSandbox(t, srv.Sandbox)
	require.Equal(t, 1, clock.Pending(), "the callback waits for its retry")
	require.NoError(t, pay("b", ""))
	require.NoError(t, pay("c", ""))
	_, ok := srv.Order("b")
	require.False(t, ok, "b, not the older retrying order, was evicted")
	_, ok = srv.Order("retrying")
	require.True(t, ok)

	clock.Advance(time.Minute)
	flushSandbox(t, srv.Sandbox)
	require.Len(t, srv.Deliveries("retrying"), 2)
	require.NoError(t, pay("d", ""))
	_, ok = srv.Order("retrying")
	require.False(t, ok, "delivered, it is the oldest evictable")
	require.Nil(t, srv.Deliveries("retrying"))
	srv.requireConsistent(t)
	require.Equal(t, sizes{byOrder: 2, byID: 2, order: 2, logs: 0, queues: 0}, srv.sizes())
}

// An attempt in flight when the deliverer closes keeps its queue until it
// has logged its result, then drops it.
func TestDeliveryCloseDropsQueueOfAttemptInFlight(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		close(started)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(ts.Close)
	t.Cleanup(func() { close(release) }) // runs before ts.Close
	d := newDeliverer(Options{Clock: NewFakeClock(time.Time{})}.settings())
	d.enqueue(&callback{orderID: "f", status: smartcore.StatusSuccess, url: ts.URL, body: "x"}, DeliveryNormal)
	<-started
	d.close()
	require.Equal(t, 0, d.queueCount())
	log := d.log("f")
	require.Len(t, log, 1)
	require.Error(t, log[0].Err)
}
