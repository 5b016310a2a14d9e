package shop

import (
	"cmp"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/demoshop/shop/shoptest"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// The customer's journeys through the hosted form, driven over plain HTTP
// as a browser without JavaScript would.
func TestPayments(t *testing.T) {
	for _, tc := range []struct {
		name      string
		card      string
		challenge string // button on the 3-D Secure page; "" for none
		path      string // where the customer lands
		status    OrderStatus
		reason    smartcore.ErrorCode
		shown     string // the status as the page words it, when not status
	}{
		{name: "frictionless", card: sandbox.CardSuccess, path: "/success", status: OrderPaid},
		{name: "challenge approved", card: sandbox.CardChallenge, challenge: "approve", path: "/success", status: OrderPaid},
		{name: "challenge declined", card: sandbox.CardChallenge, challenge: "decline", path: "/fail", status: OrderFailed,
			reason: smartcore.ErrAuthenticationProcessing},
		{name: "challenge cancelled", card: sandbox.CardChallenge, challenge: "cancel", path: "/fail", status: OrderFailed,
			reason: smartcore.Err3DSCancelProcessing, shown: "cancelled"},
		{name: "declined card", card: sandbox.CardDeclined, path: "/fail", status: OrderFailed,
			reason: smartcore.ErrEmitterDenialProcessing},
		{name: "insufficient funds", card: sandbox.CardInsufficientFunds, path: "/fail", status: OrderFailed,
			reason: smartcore.ErrInsufficientFundsProcessing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestShop(t)
			landed := ts.EnterCard(t, ts.StartPayment(t), tc.card)
			if tc.challenge != "" {
				require.Equal(t, http.StatusOK, landed.Status)
				landed = ts.AnswerChallenge(t, landed, tc.challenge)
			}
			require.Equal(t, http.StatusOK, landed.Status, landed.Body)
			require.Equal(t, tc.path, landed.URL.Path)
			require.Equal(t, cmp.Or(tc.shown, string(tc.status)), shoptest.TextOf(t, landed.Body, "order-status"))
			id := shoptest.TextOf(t, landed.Body, "order-id")
			if tc.reason != "" {
				require.Contains(t, shoptest.TextOf(t, landed.Body, "order-reason"), string(tc.reason))
			}

			// The gateway agrees, and its one callback was processed.
			ts.Flush(t)
			txn, ok := ts.sb.Order(id)
			require.True(t, ok)
			require.Equal(t, tc.status == OrderPaid, txn.Status == smartcore.StatusSuccess)
			o, ok := ts.store.get(id)
			require.True(t, ok)
			require.Equal(t, tc.status, o.Status)
			require.Len(t, o.Callbacks, 1)
			require.Equal(t, txn.Status, o.Callbacks[0].Status)
			for _, d := range ts.sb.Deliveries(id) {
				require.True(t, d.OK(), "delivery answered %d", d.StatusCode)
			}

			// The orders page shows the order and its callback.
			orders := ts.Get(t, ts.URL+"/orders")
			row := orderRow(t, orders.Body, id)
			require.Contains(t, row, `data-status="`+string(tc.status)+`"`)
			require.Contains(t, row, `class="callback" data-status="`+txn.Status.String()+`"`)
		})
	}
}

// orderRow returns the HTML of the order's row on the orders page.
func orderRow(t *testing.T, body, id string) string {
	t.Helper()
	_, row, ok := strings.Cut(body, `data-order-id="`+id+`"`)
	require.True(t, ok, "order %s not listed:\n%s", id, body)
	row, _, _ = strings.Cut(row, "</tr>")
	return row
}

// A callback delivered again — the same signed body, or a resend — is
// acknowledged and changes nothing; a forged one is refused.
func TestRedeliveredCallbackChangesNothing(t *testing.T) {
	ts := newTestShop(t)
	landed := ts.EnterCard(t, ts.StartPayment(t), sandbox.CardSuccess)
	id := shoptest.TextOf(t, landed.Body, "order-id")
	ts.Flush(t)
	before, ok := ts.store.get(id)
	require.True(t, ok)
	require.Len(t, before.Callbacks, 1)

	require.NoError(t, ts.sb.SendDuplicate(id))
	require.NoError(t, ts.sb.Redeliver(id))
	require.NoError(t, ts.sb.SendBadSignature(id))
	ts.Flush(t)

	after, _ := ts.store.get(id)
	require.Equal(t, before, after)
	deliveries := ts.sb.Deliveries(id)
	require.Len(t, deliveries, 4)
	want := map[delivery.Kind]int{delivery.Normal: http.StatusOK, delivery.Duplicate: http.StatusOK,
		delivery.Redelivery: http.StatusOK, delivery.BadSignature: http.StatusUnauthorized}
	for _, d := range deliveries {
		require.Equal(t, want[d.Kind], d.StatusCode, "%s delivery", d.Kind)
	}
	require.Equal(t, 1, strings.Count(orderRow(t, ts.Get(t, ts.URL+"/orders").Body, id), `class="callback"`))
}

// When no callback can arrive, the return page learns the outcome from
// Check; the callback, if it comes later, is recorded without a change.
func TestReturnPageReconcilesWithCheck(t *testing.T) {
	ts := newTestShop(t, sandbox.Options{AllowCallbackHost: func(string) bool { return false }})
	landed := ts.EnterCard(t, ts.StartPayment(t), sandbox.CardSuccess)
	require.Equal(t, "/success", landed.URL.Path)
	require.Equal(t, "paid", shoptest.TextOf(t, landed.Body, "order-status"))
	require.Contains(t, shoptest.TextOf(t, landed.Body, "order-source"), sourceCheck)
	id := shoptest.TextOf(t, landed.Body, "order-id")
	o, _ := ts.store.get(id)
	require.Empty(t, o.Callbacks)
	require.True(t, ts.sb.Deliveries(id)[0].Refused)
}

// A payment settled at the gateway while the customer is elsewhere is
// settled in the shop by its callback alone.
func TestCallbackSettlesOrder(t *testing.T) {
	ts := newTestShop(t)
	ts.StartPayment(t) // the customer leaves the form open
	orders := ts.store.list()
	require.Len(t, orders, 1)
	id := orders[0].ID
	require.Equal(t, OrderPending, orders[0].Status)

	require.NoError(t, ts.sb.Complete(id, sandbox.Abandon))
	ts.Flush(t)
	o, _ := ts.store.get(id)
	require.Equal(t, OrderFailed, o.Status)
	require.Equal(t, sourceCallback, o.Source)
	require.Equal(t, string(smartcore.ErrFormTimeoutProcessing), o.Reason)

	// The customer comes back later: the page shows the same, in the
	// shopper's words: the form was left, a cancel for the shopper.
	p := ts.Get(t, ts.URL+"/orders/"+id)
	require.Equal(t, "cancelled", shoptest.TextOf(t, p.Body, "order-status"))
	require.Contains(t, p.Body, `data-status="failed"`)
}

// A gateway may send only the callback parameters the document requires
// (orderId, status, amount, sign): the callback without a type or a
// currency still settles the order.
func TestMinimalCallbackSettlesOrder(t *testing.T) {
	ts := newTestShop(t, sandbox.Options{MinimalCallbacks: true})
	ts.StartPayment(t)
	id := ts.store.list()[0].ID
	require.NoError(t, ts.sb.Complete(id, sandbox.Approve))
	ts.Flush(t)
	o, _ := ts.store.get(id)
	require.Equal(t, OrderPaid, o.Status)
	require.Equal(t, sourceCallback, o.Source)
}

// A minimal callback (no type) sent again cannot be told from a second
// event of the same order and status (a full refund looks the same): it
// reaches the shop flagged, is recorded as a possible repeat, and the paid
// order does not move.
func TestMinimalCallbackAgainIsAPossibleRepeat(t *testing.T) {
	ts := newTestShop(t, sandbox.Options{MinimalCallbacks: true})
	ts.StartPayment(t)
	id := ts.store.list()[0].ID
	require.NoError(t, ts.sb.Complete(id, sandbox.Approve))
	ts.Flush(t)
	require.NoError(t, ts.sb.Redeliver(id))
	ts.Flush(t)
	o, _ := ts.store.get(id)
	require.Equal(t, OrderPaid, o.Status)
	require.Len(t, o.Callbacks, 2, "the repeat reached the shop")
	require.Equal(t, "possible repeat: no change (already paid)", o.Callbacks[1].Effect)
	for _, d := range ts.sb.Deliveries(id) {
		require.Equal(t, http.StatusOK, d.StatusCode)
	}
}

// A success whose amount was not sent (null) is settled from Check, since
// nothing in it can be held to the order's price.
func TestSuccessWithoutAmountIsSettledFromCheck(t *testing.T) {
	// The sandbox sends no callback of its own: the test sends the one
	// without an amount.
	ts := newTestShop(t, sandbox.Options{AllowCallbackHost: func(string) bool { return false }})
	ts.StartPayment(t)
	id := ts.store.list()[0].ID
	require.NoError(t, ts.sb.Complete(id, sandbox.Approve))
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, webhooktest.NewRequest(pathWebhook, ts.sb.Secret,
		&smartcore.Callback{OrderID: id, Status: smartcore.StatusSuccess, AmountUnknown: true}))
	require.Equal(t, http.StatusOK, w.Code)
	o, _ := ts.store.get(id)
	require.Equal(t, OrderPaid, o.Status)
	require.Equal(t, sourceCheck, o.Source)
}

// A signed callback whose amount is not the order's does not mark it paid.
func TestCallbackWithWrongAmountIsNotApplied(t *testing.T) {
	ts := newTestShop(t)
	ts.StartPayment(t)
	id := ts.store.list()[0].ID
	w := httptest.NewRecorder()
	ts.ServeHTTP(w, webhooktest.NewRequest(pathWebhook, ts.sb.Secret,
		&smartcore.Callback{OrderID: id, Type: smartcore.TypePayment, Status: smartcore.StatusSuccess, Amount: 1, Currency: "EUR"}))
	require.Equal(t, http.StatusOK, w.Code)
	o, _ := ts.store.get(id)
	require.Equal(t, OrderPending, o.Status)
	require.Len(t, o.Callbacks, 1)
	require.Contains(t, o.Callbacks[0].Effect, "ignored")

	// A callback for an order the shop never had is acknowledged: a retry
	// could not make it appear.
	w = httptest.NewRecorder()
	ts.ServeHTTP(w, webhooktest.NewRequest(pathWebhook, ts.sb.Secret,
		&smartcore.Callback{OrderID: "order-unknown", Type: smartcore.TypePayment, Status: smartcore.StatusSuccess, Amount: 1}))
	require.Equal(t, http.StatusOK, w.Code)
}

// A payment the gateway refuses to start fails the order; one whose
// outcome is unknown stays pending until the gateway says more.
func TestCheckoutFailures(t *testing.T) {
	ts := newTestShop(t)
	noFollow := *ts.Client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	pay := func() *http.Response {
		resp, err := noFollow.PostForm(ts.URL+"/checkout", nil)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}

	require.NoError(t, ts.sb.InjectFault(sandbox.Fault{Endpoint: "/initPayment", Kind: sandbox.FaultServerError, Times: 1}))
	require.Equal(t, http.StatusBadGateway, pay().StatusCode)
	refused := ts.store.list()[0]
	require.Equal(t, OrderFailed, refused.Status)
	require.Equal(t, sourceCheckout, refused.Source)

	require.NoError(t, ts.sb.InjectFault(sandbox.Fault{Endpoint: "/initPayment", Kind: sandbox.FaultLostResponse, Times: 1}))
	require.Equal(t, http.StatusBadGateway, pay().StatusCode)
	lost := ts.store.list()[0]
	require.Equal(t, OrderPending, lost.Status)
	// The gateway did create it: Check says it waits for the customer...
	p := ts.Get(t, ts.URL+"/orders/"+lost.ID)
	require.Equal(t, "pending", shoptest.TextOf(t, p.Body, "order-status"))
	require.Contains(t, p.Body, `http-equiv="refresh"`)
	// ...and its callback settles it once it is paid.
	require.NoError(t, ts.sb.Complete(lost.ID, sandbox.Approve))
	ts.Flush(t)
	p = ts.Get(t, ts.URL+"/orders/"+lost.ID)
	require.Equal(t, "paid", shoptest.TextOf(t, p.Body, "order-status"))
}

func TestPages(t *testing.T) {
	ts := newTestShop(t)
	home := ts.Get(t, ts.URL+"/")
	require.Equal(t, "12.50 EUR", shoptest.TextOf(t, home.Body, "product-price"))
	require.Contains(t, home.Body, `<button id="pay-button" type="submit">`)
	require.NotContains(t, home.Body, "<script")

	empty := ts.Get(t, ts.URL+"/orders")
	require.Contains(t, empty.Body, `id="no-orders"`)

	// Without an order cookie, or with an order the shop never had.
	require.Equal(t, http.StatusNotFound, ts.Get(t, ts.URL+"/success").Status)
	require.Equal(t, http.StatusNotFound, ts.Get(t, ts.URL+"/fail?order_id=nope").Status)
	require.Equal(t, http.StatusNotFound, ts.Get(t, ts.URL+"/orders/nope").Status)
	require.Equal(t, http.StatusNotFound, ts.Get(t, ts.URL+"/nope").Status)

	// A GET never starts a payment (prefetchers, crawlers).
	require.Equal(t, http.StatusMethodNotAllowed, ts.Get(t, ts.URL+"/checkout").Status)
	require.Empty(t, ts.store.list())

	// The query's order_id wins over the cookie, and the page tells the
	// truth whatever the path: a pending order on /success is pending.
	ts.StartPayment(t)
	id := ts.store.list()[0].ID
	p := ts.Get(t, ts.URL+"/success?order_id="+id)
	require.Equal(t, "pending", shoptest.TextOf(t, p.Body, "order-status"))
	require.Equal(t, "Payment pending", shoptest.TextOf(t, p.Body, "page-title"))
}

func TestNewShopRefusesBadConfig(t *testing.T) {
	sb := sandboxtest.NewServer(t, sandbox.Options{})
	good := Config{Client: sb.Client, Secret: sb.Secret, PublicURL: "http://127.0.0.1:1"}
	_, err := New(good)
	require.NoError(t, err)
	for name, mutate := range map[string]func(*Config){
		"no client":  func(c *Config) { c.Client = nil },
		"no secret":  func(c *Config) { c.Secret = "" },
		"no URL":     func(c *Config) { c.PublicURL = "" },
		"relative":   func(c *Config) { c.PublicURL = "/shop" },
		"bad host":   func(c *Config) { c.SandboxHosts = []string{"http://x"} },
		"user in it": func(c *Config) { c.PublicURL = "http://u:p@127.0.0.1" },
	} {
		c := good
		mutate(&c)
		_, err := New(c)
		require.Error(t, err, name)
	}
}
