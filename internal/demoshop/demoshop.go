// Package demoshop is the framework-independent part of the one-product
// demo shops in examples/gin, examples/echo and examples/chi: the product,
// the in-memory order book that the gateway's callbacks settle, the
// payment each order is paid with, the shop's page, and the command line
// that runs a shop against an embedded sandbox ([Main], [Run]). Each example
// keeps only its own framework wiring (routes, the kit's adapters,
// middleware), a [NewHandler], and runs the shared smoke tests of package
// demoshoptest against it.
//
// It lives under internal, in the root module, so that the examples and the
// smartcore command can import it and nobody else. Its sub-package shop is
// the net/http demo shop of examples/shop, whole but for its main function
// and browser tests.
package demoshop

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
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
	created  time.Time
	// reason, source and settled say why, how and when it became final.
	reason, source string
	settled        time.Time
	callbacks      []CallbackView
}

// Orders is the shop's in-memory order book, safe for concurrent use. Make
// one with [NewOrders].
type Orders struct {
	log *slog.Logger
	// Dashboard is the sandbox's dashboard URL, which the order pages'
	// "For developers" block links to; "" for none. Set it before serving.
	Dashboard string

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
	id := NewOrderID()
	o.mu.Lock()
	defer o.mu.Unlock()
	for len(o.ids) >= max(o.max, 1) {
		o.evict()
	}
	o.orders[id] = &order{status: StatusPending, amount: Price, currency: Currency, created: time.Now()}
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
// Only a pending order moves, only on a payment callback (or one without a
// type, which the document allows), and only to a final status. A success
// must be for the order's amount, and currency when it is sent: a signed
// callback proves that the gateway sent it, not that it is about this
// order's price, so a success without an amount is not applied either
// (this demo has no Check to settle it with; examples/shop does). A
// callback that is not applied for one of these reasons is still
// acknowledged (answering an error would only make the gateway retry the
// same body), and is logged.
//
// A possible repeat (webhook.RepeatFromContext: its identity was processed
// before, and the protocol cannot tell it from a second event) goes
// through the same rule, which never moves a settled order, so it is not
// applied twice; its effect says "possible repeat".
func (o *Orders) Settle(ctx context.Context, cb *smartcore.Callback) (effect string, known bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ord, ok := o.orders[cb.OrderID]
	if !ok {
		o.log.WarnContext(ctx, "demoshop: callback for an unknown order acknowledged",
			slog.String("order_id", cb.OrderID), slog.String("status", cb.Status.String()))
		return "unknown order", false
	}
	effect, applied := ord.settle(cb)
	if webhook.RepeatFromContext(ctx) {
		effect = "possible repeat: " + effect
	}
	ord.callbacks = append(ord.callbacks, CallbackView{Received: time.Now(), Type: string(cb.Type),
		Status: cb.Status.String(), Amount: cb.Amount, Currency: cb.Currency,
		ErrorCategory: string(cb.ErrorCategory), Effect: effect})
	if !applied {
		o.log.WarnContext(ctx, "demoshop: callback acknowledged but not applied",
			slog.String("order_id", cb.OrderID), slog.String("reason", effect),
			slog.String("type", string(cb.Type)), slog.String("status", cb.Status.String()),
			slog.Int64("amount", cb.Amount), slog.String("currency", cb.Currency),
			slog.Int64("order_amount", ord.amount), slog.String("order_currency", ord.currency))
	}
	return effect, true
}

// settle applies cb to ord and says what it did; applied is false for a
// callback that was not for this order's payment. The book's lock is held.
func (ord *order) settle(cb *smartcore.Callback) (effect string, applied bool) {
	switch {
	case cb.Type != "" && cb.Type != smartcore.TypePayment:
		// The document makes type optional: a callback without one may
		// be this payment's.
		return fmt.Sprintf("ignored: not a payment callback (type %q)", cb.Type), false
	case ord.status != StatusPending:
		return "no change (already " + ord.status + ")", true
	case !cb.Status.IsFinal():
		return "no change (" + cb.Status.String() + ")", true
	case cb.Status == smartcore.StatusSuccess && cb.AmountUnknown:
		// Nothing to hold to the order's price (amount sent as null or
		// not at all): the order stays pending, and Settle reports it.
		return "not applied: a success without an amount", false
	case cb.Status == smartcore.StatusSuccess && (cb.Amount != ord.amount || cb.Currency != "" && cb.Currency != ord.currency):
		return "ignored: amount or currency does not match the order", false
	case cb.Status == smartcore.StatusSuccess:
		ord.status = StatusPaid
	default:
		ord.status, ord.reason = StatusFailed, string(cb.ErrorCategory)
	}
	ord.source, ord.settled = "callback", time.Now()
	return ord.status, true
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

// View returns the order with that id as the pages show it.
func (o *Orders) View(id string) (OrderView, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ord, ok := o.orders[id]
	if !ok {
		return OrderView{}, false
	}
	return ord.view(id), true
}

// Views returns every order as the pages show it, newest first.
func (o *Orders) Views() []OrderView {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]OrderView, 0, len(o.ids))
	for _, id := range slices.Backward(o.ids) {
		out = append(out, o.orders[id].view(id))
	}
	return out
}

// view copies ord for a page. The book's lock is held.
func (ord *order) view(id string) OrderView {
	return OrderView{ID: id, Product: ProductName, Amount: ord.amount, Currency: ord.currency,
		Created: ord.created, Status: ord.status, Reason: ord.reason, Source: ord.source,
		Settled: ord.settled, Callbacks: slices.Clone(ord.callbacks)}
}
