package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sync"

	"github.com/smartcorekit/smartcore"
)

// The shop sells one mug. The price lives on the server: the Pay form
// carries nothing a customer could edit to pay less.
const (
	productName = "SmartCore mug"
	price       = 1250 // cents
	currency    = "EUR"
	account     = "EUR-sandbox" // the merchant account the payment goes to
)

// customer is the payer sent with every order; a real shop takes it from
// its checkout form. These are the document's example values.
var customer = smartcore.Customer{
	FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
	ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
}

// Order statuses. Paid and failed are final: a late or replayed callback
// does not change them.
const (
	statusPending = "pending"
	statusPaid    = "paid"
	statusFailed  = "failed"
)

// orders is the shop's in-memory order book.
type orders struct {
	mu     sync.Mutex
	status map[string]string
	ids    []string // newest last
}

func newOrders() *orders { return &orders{status: make(map[string]string)} }

// create records a new pending order and returns its id.
func (o *orders) create() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := "order-" + hex.EncodeToString(b[:])
	o.mu.Lock()
	defer o.mu.Unlock()
	o.status[id] = statusPending
	o.ids = append(o.ids, id)
	return id
}

// settle applies a verified callback. It reports false for an order the
// shop does not know; the callback is acknowledged all the same, since a
// retry would not make the order known.
func (o *orders) settle(cb *smartcore.Callback) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	st, ok := o.status[cb.OrderID]
	if !ok {
		return false
	}
	if st == statusPending {
		switch cb.Status {
		case smartcore.StatusSuccess:
			o.status[cb.OrderID] = statusPaid
		case smartcore.StatusFail:
			o.status[cb.OrderID] = statusFailed
		}
	}
	return true
}

// get returns an order's status.
func (o *orders) get(id string) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	st, ok := o.status[id]
	return st, ok
}

// row is one order on the page.
type row struct{ ID, Status string }

// list returns the orders, newest first.
func (o *orders) list() []row {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]row, 0, len(o.ids))
	for _, id := range slices.Backward(o.ids) {
		out = append(out, row{id, o.status[id]})
	}
	return out
}

// paymentFor is the checkout's order for id: the checkout adds the
// customer's IP address and the return URLs itself.
func paymentFor(id, site string) *smartcore.InitPaymentRequest {
	return &smartcore.InitPaymentRequest{
		Order:        smartcore.Order{Account: account, Amount: price, Currency: currency, OrderID: id, Purpose: productName},
		MerchantSite: site,
		Customer:     customer,
	}
}

// page is the shop's only page: the product, the Pay button, a banner for
// the customer coming back from the payment form, and the orders.
var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
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

// pageData fills the page.
type pageData struct {
	Product, Price, Banner string
	Orders                 []row
}

// banners greet the customer back from the payment form. The order's status
// comes with the gateway's callback, which may arrive a moment later.
var banners = map[string]string{
	"/success": "Thank you! Your payment is being confirmed.",
	"/fail":    "The payment did not go through.",
}

func (o *orders) pageData(path string) pageData {
	return pageData{Product: productName, Price: fmt.Sprintf("%d.%02d %s", price/100, price%100, currency),
		Banner: banners[path], Orders: o.list()}
}

// noStore keeps the order list out of caches.
func noStore(h http.Header) { h.Set("Cache-Control", "no-store") }
