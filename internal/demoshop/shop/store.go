package shop

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/demoshop"
)

// OrderStatus is the shop's view of an order's payment. It is simpler than
// the gateway's statuses on purpose: a customer only cares whether it is
// paid, failed, or not known yet.
type OrderStatus string

// The order statuses. Paid and failed are final: nothing changes them, so a
// late, replayed or out-of-order callback cannot undo a settled order.
const (
	OrderPending OrderStatus = "pending" // sent to the gateway, no final answer yet
	OrderPaid    OrderStatus = "paid"
	OrderFailed  OrderStatus = "failed"
)

// Final reports whether s can no longer change.
func (s OrderStatus) Final() bool { return s == OrderPaid || s == OrderFailed }

// Where an order's status came from, shown on the order pages.
const (
	sourceCallback = "callback" // the gateway's signed callback
	sourceCheck    = "check"    // the shop asked the gateway (Check)
	sourceCheckout = "checkout" // the payment could not be started
)

// Order is one purchase and what the shop knows about its payment.
type Order struct {
	ID       string
	Product  string
	Amount   int64 // cents
	Currency string
	Created  time.Time

	Status  OrderStatus
	Reason  string // why it failed: the gateway's error code or the shop's note
	Source  string // what set Status, when it is final
	Settled time.Time

	// Callbacks are the callbacks processed for this order, oldest first.
	// A duplicate delivery is acknowledged by the webhook's deduplicator
	// before it gets here, so it never appears twice.
	Callbacks []CallbackRecord
}

// CallbackRecord is one processed callback, for the order history.
type CallbackRecord struct {
	Received      time.Time
	Type          smartcore.TransactionType
	Status        smartcore.Status
	Amount        int64
	Currency      string
	ErrorCategory smartcore.ErrorCode
	// Effect says what the callback did to the order: "paid", "failed",
	// "no change (already paid)", "ignored: amount does not match", ...
	Effect string
}

// maxOrders is how many orders the store keeps. Every Pay click makes an
// order, so without a cap a long-running demo (or anyone clicking Pay in a
// loop) would grow its memory forever; see store.create for what goes.
const maxOrders = 10_000

// store keeps the orders in memory, safe for concurrent use: the webhook,
// the return pages and the checkout handler touch the same orders at the
// same time. It keeps at most max orders. A real shop keeps them in its
// database, and makes "settle" below a conditional update.
type store struct {
	mu     sync.Mutex
	orders map[string]*Order
	ids    []string // creation order, for listing and eviction
	max    int
	now    func() time.Time
}

func newStore() *store {
	return &store{orders: map[string]*Order{}, max: maxOrders, now: time.Now}
}

// create records a new pending order for p under a fresh id. When the store
// is full it first forgets the oldest final order, whose outcome nothing
// can change any more; only when every order is still pending does it
// forget the oldest one, whose late callback is then acknowledged as one
// for an unknown order, like after a restart of this in-memory shop.
func (s *store) create(p demoshop.Product) Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.ids) >= max(s.max, 1) {
		s.evict()
	}
	o := &Order{ID: newOrderID(), Product: p.Name, Amount: p.Price, Currency: p.Currency,
		Created: s.now(), Status: OrderPending}
	s.orders[o.ID] = o
	s.ids = append(s.ids, o.ID)
	return o.copy()
}

// evict forgets one order: the oldest final one, else the oldest. s.mu is
// held and the store is not empty.
func (s *store) evict() {
	i := slices.IndexFunc(s.ids, func(id string) bool { return s.orders[id].Status.Final() })
	if i < 0 {
		i = 0
	}
	delete(s.orders, s.ids[i])
	s.ids = slices.Delete(s.ids, i, i+1)
}

// newOrderID returns a random order id. The gateway refuses an order_id it
// has seen (PLATFORM_ERROR_DUPLICATED_ORDER_ID), so ids must never repeat,
// even across restarts of an in-memory shop.
func newOrderID() string { return demoshop.NewOrderID() }

// get returns a copy of the order with that id.
func (s *store) get(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	return o.copy(), true
}

// list returns copies of every order, newest first.
func (s *store) list() []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Order, 0, len(s.ids))
	for _, id := range slices.Backward(s.ids) {
		out = append(out, s.orders[id].copy())
	}
	return out
}

// applyCallback records a verified payment callback and settles the order
// from it. It returns false for an order this shop does not know.
//
// A possible repeat (repeat: webhook.RepeatFromContext) goes through the
// same rule, which never moves a settled order, so it cannot be applied
// twice; its record says "possible repeat", so that whoever reads the
// order's history knows the protocol could not tell it from a second
// event (a refund: this shop makes none).
func (s *store) applyCallback(cb *smartcore.Callback, repeat bool) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[cb.OrderID]
	if !ok {
		return Order{}, false
	}
	effect := o.settle(cb.Status, cb.Amount, cb.Currency, string(cb.ErrorCategory), sourceCallback, s.now())
	if repeat {
		effect = "possible repeat: " + effect
	}
	o.Callbacks = append(o.Callbacks, CallbackRecord{
		Received: s.now(), Type: cb.Type, Status: cb.Status, Amount: cb.Amount,
		Currency: cb.Currency, ErrorCategory: cb.ErrorCategory, Effect: effect,
	})
	return o.copy(), true
}

// applyCheck settles the order from the gateway's answer to Check. It
// returns false for an order this shop does not know.
func (s *store) applyCheck(id string, res *smartcore.CheckResponse) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	// Check reports no currency: the order's own is assumed.
	o.settle(res.Status, res.Amount, "", string(res.ErrorMessage), sourceCheck, s.now())
	return o.copy(), true
}

// fail marks a pending order failed for a reason of the shop's own, such as
// a payment the gateway refused to start.
func (s *store) fail(id, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.orders[id]; ok && !o.Status.Final() {
		o.Status, o.Reason, o.Source, o.Settled = OrderFailed, reason, sourceCheckout, s.now()
	}
}

// settle applies a gateway status to o and says what it did. Only a
// pending order moves, and only to a final status; a success must be for
// the order's amount (and currency, when given), since a signed callback
// proves who sent it but not that it is about this order's price. The
// store's lock is held.
func (o *Order) settle(st smartcore.Status, amount int64, currency, code, source string, now time.Time) string {
	switch {
	case o.Status.Final():
		return fmt.Sprintf("no change (already %s)", o.Status)
	case !st.IsFinal():
		return "no change (" + st.String() + ")"
	case st == smartcore.StatusSuccess && (amount != o.Amount || currency != "" && currency != o.Currency):
		return "ignored: amount or currency does not match the order"
	case st == smartcore.StatusSuccess:
		o.Status, o.Reason = OrderPaid, ""
	default:
		o.Status, o.Reason = OrderFailed, code
	}
	o.Source, o.Settled = source, now
	return string(o.Status)
}

// copy returns o with its own Callbacks slice, so that callers can read it
// without the lock.
func (o *Order) copy() Order {
	c := *o
	c.Callbacks = slices.Clone(o.Callbacks)
	return c
}
