package demoshop

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

// logBuffer collects log records, safe for concurrent writers.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// records returns the logged records, decoded.
func (l *logBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(l.String()) {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec))
		out = append(out, rec)
	}
	return out
}

func newTestOrders() (*Orders, *logBuffer) {
	var buf logBuffer
	return NewOrders(slog.New(slog.NewJSONHandler(&buf, nil))), &buf
}

// payment is a payment callback for the product's price.
func payment(id string, st smartcore.Status) *smartcore.Callback {
	return &smartcore.Callback{OrderID: id, Type: smartcore.TypePayment, Status: st, Amount: Price, Currency: Currency}
}

func TestSettle(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		from   string
		cb     func(*smartcore.Callback)
		status smartcore.Status
		want   string
		effect string
		logged bool
	}{
		{"success", StatusPending, nil, smartcore.StatusSuccess, StatusPaid, "paid", false},
		{"fail", StatusPending, nil, smartcore.StatusFail, StatusFailed, "failed", false},
		{"fail for another amount", StatusPending, func(cb *smartcore.Callback) { cb.Amount = 0 },
			smartcore.StatusFail, StatusFailed, "failed", false},
		{"processing", StatusPending, nil, smartcore.StatusProcessing, StatusPending, "no change (processing)", false},
		{"wrong amount", StatusPending, func(cb *smartcore.Callback) { cb.Amount = Price - 1 },
			smartcore.StatusSuccess, StatusPending, "ignored: amount or currency does not match the order", true},
		{"more than the price", StatusPending, func(cb *smartcore.Callback) { cb.Amount = Price * 2 },
			smartcore.StatusSuccess, StatusPending, "ignored: amount or currency does not match the order", true},
		{"wrong currency", StatusPending, func(cb *smartcore.Callback) { cb.Currency = "USD" },
			smartcore.StatusSuccess, StatusPending, "ignored: amount or currency does not match the order", true},
		// The document makes currency and type optional in a callback.
		{"no currency", StatusPending, func(cb *smartcore.Callback) { cb.Currency = "" },
			smartcore.StatusSuccess, StatusPaid, "paid", false},
		{"no amount", StatusPending, func(cb *smartcore.Callback) { cb.Amount, cb.AmountUnknown = 0, true },
			smartcore.StatusSuccess, StatusPending, "not applied: a success without an amount", true},
		{"refund", StatusPending, func(cb *smartcore.Callback) { cb.Type = smartcore.TypeRefund },
			smartcore.StatusSuccess, StatusPending, `ignored: not a payment callback (type "Refund")`, true},
		{"failed withdrawal", StatusPending, func(cb *smartcore.Callback) { cb.Type = smartcore.TypeWithdrawal },
			smartcore.StatusFail, StatusPending, `ignored: not a payment callback (type "Withdrawal")`, true},
		{"no type", StatusPending, func(cb *smartcore.Callback) { cb.Type = "" },
			smartcore.StatusSuccess, StatusPaid, "paid", false},
		{"paid stays paid", StatusPaid, nil, smartcore.StatusFail, StatusPaid, "no change (already paid)", false},
		{"failed stays failed", StatusFailed, nil, smartcore.StatusSuccess, StatusFailed, "no change (already failed)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			book, log := newTestOrders()
			id := book.Create()
			book.orders[id].status = tc.from
			cb := payment(id, tc.status)
			if tc.cb != nil {
				tc.cb(cb)
			}
			effect, known := book.Settle(context.Background(), cb)
			require.True(t, known)
			require.Equal(t, tc.effect, effect)
			st, ok := book.Get(id)
			require.True(t, ok)
			require.Equal(t, tc.want, st)
			if tc.logged {
				recs := log.records(t)
				require.Len(t, recs, 1)
				require.Equal(t, "WARN", recs[0]["level"])
				require.Equal(t, "demoshop: callback acknowledged but not applied", recs[0]["msg"])
				require.Equal(t, id, recs[0]["order_id"])
				require.Equal(t, effect, recs[0]["reason"])
				require.Equal(t, string(cb.Type), recs[0]["type"])
				require.EqualValues(t, cb.Amount, recs[0]["amount"])
				require.Equal(t, cb.Currency, recs[0]["currency"])
				require.EqualValues(t, Price, recs[0]["order_amount"])
				require.Equal(t, Currency, recs[0]["order_currency"])
			} else {
				require.Empty(t, log.String())
			}
		})
	}
}

// A callback that was not applied leaves the order open for the right one.
func TestSettleAfterIgnoredCallback(t *testing.T) {
	t.Parallel()
	book, _ := newTestOrders()
	id := book.Create()
	cheap := payment(id, smartcore.StatusSuccess)
	cheap.Amount = 1
	effect, _ := book.Settle(context.Background(), cheap)
	require.True(t, strings.HasPrefix(effect, "ignored"), effect)
	effect, _ = book.Settle(context.Background(), payment(id, smartcore.StatusSuccess))
	require.Equal(t, StatusPaid, effect)
	st, _ := book.Get(id)
	require.Equal(t, StatusPaid, st)
}

// A possible repeat goes through the same rule: it never moves a settled
// order, and its effect says what it may be.
func TestSettlePossibleRepeat(t *testing.T) {
	t.Parallel()
	book, _ := newTestOrders()
	id := book.Create()
	ctx := context.Background()
	effect, _ := book.Settle(ctx, payment(id, smartcore.StatusSuccess))
	require.Equal(t, StatusPaid, effect)
	effect, _ = book.Settle(webhook.WithRepeat(ctx), payment(id, smartcore.StatusFail))
	require.Equal(t, "possible repeat: no change (already paid)", effect)
	st, _ := book.Get(id)
	require.Equal(t, StatusPaid, st)
}

func TestSettleUnknownOrder(t *testing.T) {
	t.Parallel()
	book, log := newTestOrders()
	_, known := book.Settle(context.Background(), payment("order-nope", smartcore.StatusSuccess))
	require.False(t, known)
	recs := log.records(t)
	require.Len(t, recs, 1)
	require.Equal(t, "demoshop: callback for an unknown order acknowledged", recs[0]["msg"])
	require.Equal(t, "order-nope", recs[0]["order_id"])
	require.Empty(t, book.List())
	_, ok := book.Get("order-nope")
	require.False(t, ok)
}

func TestCreateAndList(t *testing.T) {
	t.Parallel()
	book, _ := newTestOrders()
	require.Empty(t, book.List())
	a, b := book.Create(), book.Create()
	require.NotEqual(t, a, b)
	require.True(t, strings.HasPrefix(a, "order-"), a)
	require.Equal(t, []Row{{b, StatusPending}, {a, StatusPending}}, book.List(), "newest first")

	req := PaymentFor(a, "https://shop.example")
	require.Equal(t, smartcore.Order{Account: Account, Amount: Price, Currency: Currency, OrderID: a, Purpose: ProductName}, req.Order)
	require.Equal(t, "https://shop.example", req.MerchantSite)
	require.Equal(t, Customer, req.Customer)
}

// The book keeps at most max orders: the oldest final one goes first, and
// only when every order is pending does the oldest pending one go.
func TestOrdersCap(t *testing.T) {
	t.Parallel()
	book, _ := newTestOrders()
	require.Equal(t, MaxOrders, book.max)
	book.max = 3
	ids := func() []string {
		var out []string
		for _, r := range book.List() {
			out = append(out, r.ID)
		}
		return out
	}
	ctx := context.Background()
	a, b, c := book.Create(), book.Create(), book.Create()
	book.Settle(ctx, payment(b, smartcore.StatusSuccess))
	d := book.Create()
	require.Equal(t, []string{d, c, a}, ids(), "b, the only final order, went")

	book.Settle(ctx, payment(d, smartcore.StatusFail))
	book.Settle(ctx, payment(c, smartcore.StatusFail))
	e := book.Create()
	require.Equal(t, []string{e, d, a}, ids(), "c, the oldest final order, went")

	f := book.Create()
	require.Equal(t, []string{f, e, a}, ids())
	g := book.Create()
	require.Equal(t, []string{g, f, e}, ids(), "all pending: the oldest, a, went")
	require.Len(t, book.orders, 3)
	_, known := book.Settle(ctx, payment(a, smartcore.StatusSuccess))
	require.False(t, known, "a forgotten order's callback is for an unknown order")

	full, _ := newTestOrders()
	first := full.Create()
	for range MaxOrders {
		full.Create()
	}
	require.Len(t, full.List(), MaxOrders)
	_, ok := full.Get(first)
	require.False(t, ok)
}

func TestPages(t *testing.T) {
	t.Parallel()
	book, _ := newTestOrders()
	get := func(h func(http.ResponseWriter, *http.Request), r *http.Request) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h(rec, r)
		return rec
	}
	rec := get(book.ProductPage, httptest.NewRequest(http.MethodGet, "/", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	require.Contains(t, rec.Body.String(), `<form id="pay-form" method="post" action="/checkout">`)
	require.Contains(t, rec.Body.String(), "Pay 12.50 EUR")

	// A checkout POST creates the order and remembers it in a cookie,
	// which the return page reads.
	w := httptest.NewRecorder()
	r := book.Begin(w, httptest.NewRequest(http.MethodPost, "/pay", nil))
	id, ok := OrderID(r)
	require.True(t, ok)
	cookie := w.Result().Cookies()[0]
	require.Equal(t, OrderCookie, cookie.Name)
	require.Equal(t, id, cookie.Value)
	_, ok = OrderID(book.Begin(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/pay", nil)))
	require.False(t, ok, "only a POST starts an order")

	ret := httptest.NewRequest(http.MethodGet, "/fail", nil)
	ret.AddCookie(cookie)
	rec = get(book.ReturnPage, ret)
	require.Contains(t, rec.Body.String(), `data-status="pending"`)
	require.Contains(t, rec.Body.String(), `<meta http-equiv="refresh" content="3; url=/fail?wait=1">`, "pending: refresh until the callback")

	cb := payment(id, smartcore.StatusFail)
	cb.ErrorCategory = smartcore.ErrInsufficientFundsProcessing
	book.Settle(context.Background(), cb)
	rec = get(book.ReturnPage, ret)
	body := rec.Body.String()
	require.Contains(t, body, `data-status="failed"`)
	require.NotContains(t, body, `http-equiv="refresh"`, "final: no more refreshing")
	require.Contains(t, body, `<form id="try-again-form" method="post" action="/checkout"`)
	require.Contains(t, body, "INSUFFICIENT_<wbr>FUNDS_<wbr>PROCESSING_<wbr>ERROR", "codes wrap at underscores only")
	require.Regexp(t, `<time datetime="\d{4}-\d\d-\d\dT[^"]+"`, body)
	require.Contains(t, body, `<li class="callback" data-status="fail">`)

	rec = get(book.OrdersPage, httptest.NewRequest(http.MethodGet, "/orders", nil))
	require.Contains(t, rec.Body.String(), `<tr class="order" data-order-id="`+id+`">`)
	require.NotContains(t, rec.Body.String(), `http-equiv="refresh"`)
	book.Create()
	rec = get(book.OrdersPage, httptest.NewRequest(http.MethodGet, "/orders", nil))
	require.Contains(t, rec.Body.String(), `http-equiv="refresh"`, "an order is pending")

	rec = httptest.NewRecorder()
	book.OrderPage(rec, httptest.NewRequest(http.MethodGet, "/orders/nope", nil), "nope")
	require.Equal(t, http.StatusNotFound, rec.Code)
	require.Contains(t, rec.Body.String(), `<a href="/orders">All orders</a>`, "a way back")
}

// A shop started on a wildcard address must give the sandbox and the
// browser a loopback URL: the sandbox sends callbacks to loopback only.
func TestDialableAddr(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0:8081":   "127.0.0.1:8081",
		"[::]:8081":      "127.0.0.1:8081",
		"127.0.0.1:8081": "127.0.0.1:8081",
		"[::1]:8081":     "[::1]:8081",
	} {
		a, err := net.ResolveTCPAddr("tcp", in)
		require.NoError(t, err)
		require.Equal(t, want, DialableAddr(a), in)
	}
}

// Another site's form post is refused with the shop's page and a way back.
func TestCrossOriginProtection(t *testing.T) {
	h := CrossOriginProtection(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	r := httptest.NewRequest(http.MethodPost, "http://shop.example/pay", nil)
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	require.Equal(t, http.StatusForbidden, w.Code)
	require.Contains(t, w.Body.String(), `<a href="/">Back to the shop</a>`)
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	require.Equal(t, http.StatusNoContent, w.Code)
}
