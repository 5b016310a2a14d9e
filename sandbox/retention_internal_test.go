package sandbox

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
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
type sizes struct{ byOrder, held, logs, queues int }

func (s *Sandbox) sizes() sizes {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cb.mu.Lock()
	defer s.cb.mu.Unlock()
	return sizes{len(s.st.byOrder), len(s.st.recency()), len(s.cb.logs), len(s.cb.queues)}
}

// recency returns the held transactions' order ids, most recently used
// first, walking the list from mru.
func (s *store) recency() []string {
	var ids []string
	for i := s.mru; i >= 0; i = s.nodes[i].next {
		ids = append(ids, s.nodes[i].t.OrderID)
	}
	return ids
}

// requireConsistent checks that the indexes and the recency list hold
// exactly the same transactions, that the list is well linked both ways,
// that every node is either held or free, and that every delivery log and
// queue belongs to a held order.
func (s *Sandbox) requireConsistent(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cb.mu.Lock()
	defer s.cb.mu.Unlock()
	st := s.st
	held, prev := 0, int32(-1)
	for i := st.mru; i >= 0; i = st.nodes[i].next {
		n := st.nodes[i]
		require.Equal(t, prev, n.prev, "node %d's prev", i)
		require.Equal(t, i, n.t.node, "txn %q's node", n.t.OrderID)
		require.Same(t, n.t, st.byOrder[n.t.OrderID])
		require.Same(t, n.t, st.held(n.t.ProcessingID))
		prev = i
		held++
	}
	require.Equal(t, prev, st.lru)
	require.Len(t, st.byOrder, held)
	require.Equal(t, held, st.len())
	require.Len(t, st.nodes, held+len(st.free), "every node is held or free")
	for _, i := range st.free {
		require.Nil(t, st.nodes[i].t, "a free node keeps no transaction")
	}
	for id := range s.cb.logs {
		require.Contains(t, st.byOrder, id, "delivery log of an evicted order")
	}
	for id := range s.cb.queues {
		require.Contains(t, st.byOrder, id, "delivery queue of an evicted order")
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
// far more than the bound: every index stays at the bound, nodes are
// reused, and nothing of an evicted transaction is left anywhere.
func TestRetentionIndexesDoNotLeak(t *testing.T) {
	t.Parallel()
	h := &countingHost{}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	cbURL := ts.URL + "/callback"
	srv := newTestServer(t, Options{SettleImmediately: true, MaxTransactions: 5})
	ctx := context.Background()

	for i := range 30 {
		paid := fmt.Sprintf("paid-%d", i)
		_, err := srv.Client.PayCard(ctx, testCardPayment(paid, CardSuccess, cbURL))
		require.NoError(t, err)
		_, err = srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: paid, Amount: 400, Reason: "part"})
		require.NoError(t, err)
		_, err = srv.Client.PayCard(ctx, testCardPayment(fmt.Sprintf("declined-%d", i), CardDoNotHonour, cbURL))
		require.NoError(t, err)
		tok := fmt.Sprintf("tokenize-%d", i)
		_, err = srv.Client.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: tok, CallbackURL: cbURL})
		require.NoError(t, err)
		require.NoError(t, srv.Complete(tok, Approve))
		flushSandbox(t, srv.Sandbox)
		srv.requireConsistent(t)
		got := srv.sizes()
		require.LessOrEqual(t, got.held, 5)
		require.LessOrEqual(t, got.logs, 5)
		require.Zero(t, got.queues)
	}
	require.Equal(t, sizes{byOrder: 5, held: 5, logs: 5, queues: 0}, srv.sizes())
	srv.mu.Lock()
	require.Len(t, srv.st.nodes, 5, "evicted nodes are reused")
	require.Equal(t, minRemembered, srv.remembered())
	require.Equal(t, 2*30*4-2*5, srv.st.evicted.n, "two ids per eviction")
	require.Len(t, srv.st.evicted.cur, (2*minRemembered*bloomBitsPerID+63)/64)
	srv.mu.Unlock()
	require.Len(t, h.received(), 30*4, "every callback was delivered")
}

// A transaction whose callback waits for a retry is evicted like any other
// when it is the least recently used: its retry is cancelled and its log
// and queue go with it.
func TestRetentionCancelsTheCallbacksOfEvictedOrders(t *testing.T) {
	t.Parallel()
	h := &countingHost{failLeft: 1}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	clock := NewFakeClock(time.Time{})
	srv := newTestServer(t, Options{SettleImmediately: true, MaxTransactions: 2, Clock: clock, RetrySchedule: []time.Duration{time.Minute}})
	ctx := context.Background()
	pay := func(id, callback string) {
		t.Helper()
		_, err := srv.Client.PayCard(ctx, testCardPayment(id, CardDoNotHonour, callback))
		require.NoError(t, err)
	}

	pay("retrying", ts.URL)
	flushSandbox(t, srv.Sandbox)
	require.Equal(t, 1, clock.Pending(), "the callback waits for its retry")
	require.Len(t, srv.Deliveries("retrying"), 1)
	pay("b", "")
	pay("c", "")
	_, ok := srv.Order("retrying")
	require.False(t, ok, "the least recently used order went, callback pending or not")
	require.Zero(t, clock.Pending(), "its retry was cancelled")
	require.Nil(t, srv.Deliveries("retrying"))
	srv.requireConsistent(t)

	clock.Advance(time.Hour)
	flushSandbox(t, srv.Sandbox)
	require.Len(t, h.received(), 1, "no retry was sent for the evicted order")
	require.Equal(t, sizes{byOrder: 2, held: 2, logs: 0, queues: 0}, srv.sizes())
}

// An attempt in flight when its order is evicted records nothing and
// starts nothing: the evicted order leaves no log behind.
func TestRetentionEvictionDuringAnAttempt(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		close(started)
		<-release
		w.WriteHeader(http.StatusInternalServerError) // would be retried
	}))
	t.Cleanup(ts.Close)
	clock := NewFakeClock(time.Time{})
	srv := newTestServer(t, Options{SettleImmediately: true, MaxTransactions: 1, Clock: clock})
	ctx := context.Background()

	_, err := srv.Client.PayCard(ctx, testCardPayment("in-flight", CardSuccess, ts.URL))
	require.NoError(t, err)
	<-started
	_, err = srv.Client.PayCard(ctx, testCardPayment("next", CardDoNotHonour, ""))
	require.NoError(t, err)
	close(release)
	flushSandbox(t, srv.Sandbox)
	require.Nil(t, srv.Deliveries("in-flight"), "the attempt's result was not recorded")
	require.Zero(t, clock.Pending(), "and no retry was scheduled")
	srv.requireConsistent(t)
}

// The record of evicted ids remembers at least the last `remember`
// evictions (two ids each), forgets them after at most twice as many, and
// never grows.
func TestEvictedSetIsBounded(t *testing.T) {
	t.Parallel()
	var e evictedSet
	require.False(t, e.has("x"), "the zero value is empty")
	const remember, evictions = minRemembered, 10 * minRemembered
	e.add(remember, "order-0", "id-0")
	words := len(e.cur)
	require.Equal(t, (2*remember*bloomBitsPerID+63)/64, words)
	for i := 1; i < evictions; i++ {
		e.add(remember, fmt.Sprint("order-", i), fmt.Sprint("id-", i))
		require.Len(t, e.cur, words)
		require.Len(t, e.old, words)
		if i%97 != 0 {
			continue
		}
		for j := max(0, i-remember+1); j <= i; j += 13 {
			require.True(t, e.has(fmt.Sprint("order-", j)), "eviction %d after %d", j, i)
			require.True(t, e.has(fmt.Sprint("id-", j)), "eviction %d after %d", j, i)
		}
	}
	forgotten := 0
	for j := range evictions - 2*remember {
		if !e.has(fmt.Sprint("order-", j)) {
			forgotten++
		}
	}
	require.GreaterOrEqual(t, forgotten, evictions-2*remember-1, "older than two generations: forgotten")
	falsePositives := 0
	for j := range 100_000 {
		if e.has(fmt.Sprint("never-", j)) {
			falsePositives++
		}
	}
	require.LessOrEqual(t, falsePositives, 3, "about two in a million")
}

// The recency list moves a used transaction to the front and evicts from
// the back; creation order survives for Transactions.
func TestStoreRecency(t *testing.T) {
	t.Parallel()
	st := newStore()
	for _, id := range []string{"a", "b", "c"} {
		require.True(t, st.add(&txn{Transaction: Transaction{OrderID: id}}))
	}
	require.Equal(t, []string{"c", "b", "a"}, st.recency())
	require.NotNil(t, st.find("a"))
	require.Equal(t, []string{"a", "c", "b"}, st.recency())
	require.NotNil(t, st.find(st.byOrder["b"].ProcessingID), "a processing id is a use too")
	require.Equal(t, []string{"b", "a", "c"}, st.recency())
	require.Nil(t, st.find("nope"))
	a := st.byOrder["a"]
	require.Same(t, a, st.byProcessingID(a.ProcessingID))
	require.Equal(t, []string{"a", "b", "c"}, st.recency(), "a page's lookup is a use too")
	require.Regexp(t, `^[0-9a-f]{24}$`, a.ProcessingID)
	for _, bad := range []string{"", "a", a.ProcessingID[:23], a.ProcessingID + "0",
		"0000000000000000" + a.ProcessingID[16:], a.ProcessingID[:16] + "0000000z", a.ProcessingID[:16] + "ffffffff"} {
		require.Nil(t, st.byProcessingID(bad), bad)
	}

	require.Equal(t, "c", st.evictLRU(10).OrderID)
	require.True(t, st.wasEvicted("c"))
	require.False(t, st.wasEvicted("a"), "held")
	require.False(t, st.wasEvicted("nope"), "never seen")
	require.True(t, st.add(&txn{Transaction: Transaction{OrderID: "c"}}), "an evicted id is free again")
	require.False(t, st.wasEvicted("c"), "held again")
	require.Equal(t, []string{"c", "a", "b"}, st.recency())
	var created []string
	for _, x := range st.all() {
		created = append(created, x.OrderID)
	}
	require.Equal(t, []string{"a", "b", "c"}, created, "creation order")
	for range 3 {
		require.NotNil(t, st.evictLRU(10))
	}
	require.Nil(t, st.evictLRU(10), "empty")
	require.Empty(t, st.recency())
	require.Equal(t, int32(-1), st.lru)
}

// Account, currency, site and return URLs are shared between
// transactions; values that do not repeat stop being interned at the bound.
func TestStoreInterns(t *testing.T) {
	t.Parallel()
	st := newStore()
	a := &txn{Transaction: Transaction{OrderID: "a", Account: string([]byte("EUR-sandbox")), CallbackURL: string([]byte("http://x/cb"))}}
	b := &txn{Transaction: Transaction{OrderID: "b", Account: string([]byte("EUR-sandbox")), CallbackURL: string([]byte("http://x/cb"))}}
	require.False(t, sameString(a.Account, b.Account), "decoded separately")
	require.True(t, st.add(a))
	require.True(t, st.add(b))
	require.True(t, sameString(a.Account, b.Account))
	require.True(t, sameString(a.CallbackURL, b.CallbackURL))
	for i := range maxInterned + 10 {
		st.intern(&txn{Transaction: Transaction{SuccessURL: fmt.Sprint("http://x/", i)}})
	}
	require.Len(t, st.interned, maxInterned)
}

// sameString reports whether a and b are equal and share their bytes:
// one copy kept, not two.
func sameString(a, b string) bool {
	return a == b && a != "" && reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer()
}
