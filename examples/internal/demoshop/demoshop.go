// Package demoshop is the framework-independent part of the one-product
// demo shops in examples/gin, examples/echo and examples/chi: the product,
// the in-memory order book that the gateway's callbacks settle, the
// payment each order is paid with, the shop's page, and the command line
// that runs a shop against an embedded sandbox ([Main], [Run]). Each example
// keeps only its own framework wiring (routes, the kit's adapters,
// middleware), a [NewHandler], and runs the shared smoke tests of package
// demoshoptest against it.
//
// It lives under examples/internal, in the root module, so that only the
// examples can import it.
package demoshop

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"slices"
	"sync"

	"github.com/smartcorekit/smartcore"
)

// The shop sells one mug. The price lives on the server: the Pay form
// carries nothing a customer could edit to pay less.
const (
	ProductName = "SmartCore mug"
	Price       = 1250 // cents
	Currency    = "EUR"
	Account     = "EUR-sandbox" // the merchant account the payment goes to
)

// Customer is the payer sent with every order; a real shop takes it from
// its checkout form. These are the document's example values.
var Customer = smartcore.Customer{
	FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
	ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
}

// Order statuses. Paid and failed are final: a late or replayed callback
// does not change them.
const (
	StatusPending = "pending"
	StatusPaid    = "paid"
	StatusFailed  = "failed"
)

// MaxOrders is how many orders an order book keeps. Every Pay click makes
// an order, so without a cap a long-running demo would grow its memory
// forever; see [Orders.Create] for which order goes.
const MaxOrders = 10_000

// order is what the book knows of one order: what it must be paid, and
// whether it is.
type order struct {
	status   string
	amount   int64 // cents
	currency string
}

// Orders is the shop's in-memory order book, safe for concurrent use. Make
// one with [NewOrders].
type Orders struct {
	log *slog.Logger

	mu     sync.Mutex
	orders map[string]*order
	ids    []string // newest last
	max    int
}

// NewOrders returns an empty order book that logs the callbacks it does not
// apply to log (nil: slog.Default()).
func NewOrders(log *slog.Logger) *Orders {
	if log == nil {
		log = slog.Default()
	}
	return &Orders{log: log, orders: make(map[string]*order), max: MaxOrders}
}

// Create records a new pending order for the product and returns its id.
// When the book is full it first forgets the oldest final order, whose
// outcome nothing can change any more; only when every order is still
// pending does it forget the oldest one.
func (o *Orders) Create() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	id := "order-" + hex.EncodeToString(b[:])
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(o.ids) >= max(o.max, 1) {
		o.evict()
	}
	o.orders[id] = &order{status: StatusPending, amount: Price, currency: Currency}
	o.ids = append(o.ids, id)
	return id
}

// evict forgets one order: the oldest final one, else the oldest. o.mu is
// held and the book is not empty.
func (o *Orders) evict() {
	i := slices.IndexFunc(o.ids, func(id string) bool { return o.orders[id].status != StatusPending })
	if i < 0 {
		i = 0
	}
	delete(o.orders, o.ids[i])
	o.ids = slices.Delete(o.ids, i, i+1)
}

// Settle applies a verified callback to its order and returns what it did:
// "paid" or "failed" when the order moved, else why not. It reports false
// for an order the shop does not know; such a callback is acknowledged all
// the same, since a retry would not make the order known.
//
// Only a pending order moves, only on a payment callback, and only to a
// final status. A success must be for the order's amount and currency: a
// signed callback proves that the gateway sent it, not that it is about
// this order's price. A callback that is not applied for one of these
// reasons is still acknowledged (answering an error would only make the
// gateway retry the same body), and is logged.
func (o *Orders) Settle(ctx context.Context, cb *smartcore.Callback) (effect string, known bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ord, ok := o.orders[cb.OrderID]
	if !ok {
		o.log.WarnContext(ctx, "demoshop: callback for an unknown order acknowledged",
			slog.String("order_id", cb.OrderID), slog.String("status", cb.Status.String()))
		return "unknown order", false
	}
	switch {
	case cb.Type != smartcore.TypePayment:
		effect = fmt.Sprintf("ignored: not a payment callback (type %q)", cb.Type)
	case ord.status != StatusPending:
		return "no change (already " + ord.status + ")", true
	case !cb.Status.IsFinal():
		return "no change (" + cb.Status.String() + ")", true
	case cb.Status == smartcore.StatusSuccess && (cb.Amount != ord.amount || cb.Currency != ord.currency):
		effect = "ignored: amount or currency does not match the order"
	case cb.Status == smartcore.StatusSuccess:
		ord.status = StatusPaid
		return ord.status, true
	default:
		ord.status = StatusFailed
		return ord.status, true
	}
	o.log.WarnContext(ctx, "demoshop: callback acknowledged but not applied",
		slog.String("order_id", cb.OrderID), slog.String("reason", effect),
		slog.String("type", string(cb.Type)), slog.String("status", cb.Status.String()),
		slog.Int64("amount", cb.Amount), slog.String("currency", cb.Currency),
		slog.Int64("order_amount", ord.amount), slog.String("order_currency", ord.currency))
	return effect, true
}

// Get returns an order's status.
func (o *Orders) Get(id string) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ord, ok := o.orders[id]
	if !ok {
		return "", false
	}
	return ord.status, true
}

// Row is one order on the page.
type Row struct{ ID, Status string }

// List returns the orders, newest first.
func (o *Orders) List() []Row {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]Row, 0, len(o.ids))
	for _, id := range slices.Backward(o.ids) {
		out = append(out, Row{id, o.orders[id].status})
	}
	return out
}

// PaymentFor is the checkout's order for id: the checkout adds the
// customer's IP address and the return URLs itself.
func PaymentFor(id, site string) *smartcore.InitPaymentRequest {
	return &smartcore.InitPaymentRequest{
		Order:        smartcore.Order{Account: Account, Amount: Price, Currency: Currency, OrderID: id, Purpose: ProductName},
		MerchantSite: site,
		Customer:     Customer,
	}
}

// Page is the shop's only page: the product, the Pay button, a banner for
// the customer coming back from the payment form, and the orders. Execute
// it with [Orders.PageData].
var Page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Product}}</title></head>
<body>
<h1>{{.Product}}</h1>
{{with .Banner}}<p><strong>{{.}}</strong></p>{{end}}
<form method="post" action="/pay"><button type="submit">Pay {{.Price}}</button></form>
<h2>Orders</h2>
<ul>{{range .Orders}}<li><a href="/orders/{{.ID}}">{{.ID}}</a>: {{.Status}}</li>{{else}}<li>none yet</li>{{end}}</ul>
</body>
</html>
`))

// PageData fills the page.
type PageData struct {
	Product, Price, Banner string
	Orders                 []Row
}

// banners greet the customer back from the payment form. The order's status
// comes with the gateway's callback, which may arrive a moment later.
var banners = map[string]string{
	"/success": "Thank you! Your payment is being confirmed.",
	"/fail":    "The payment did not go through.",
}

// PageData returns the page's data for a request to path ("/", "/success"
// or "/fail").
func (o *Orders) PageData(path string) PageData {
	return PageData{Product: ProductName, Price: fmt.Sprintf("%d.%02d %s", Price/100, Price%100, Currency),
		Banner: banners[path], Orders: o.List()}
}

// NoStore keeps the order list out of caches.
func NoStore(h http.Header) { h.Set("Cache-Control", "no-store") }
