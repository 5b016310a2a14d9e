package demoshop

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"
)

// Product is what a shop sells.
type Product struct {
	Name, Description string
	Price             int64 // cents
	Currency          string
}

// Mug is the demo shops' whole catalogue.
var Mug = Product{
	Name:        ProductName,
	Description: "A 330 ml stoneware mug with the gateway's status codes printed on it.",
	Price:       Price,
	Currency:    Currency,
}

// OrderView is an order as the pages show it.
type OrderView struct {
	ID, Product string
	Amount      int64 // cents
	Currency    string
	Created     time.Time
	// Status is StatusPending, StatusPaid or StatusFailed.
	Status string
	// Reason is why it failed: the gateway's error code or a sentence.
	Reason string
	// Cancelled is set on a failed order the shopper cancelled
	// ([IsCancel]): the pages say so rather than "payment failed".
	Cancelled bool
	// Source and Settled say what made the status final, and when.
	Source  string
	Settled time.Time
	// Callbacks are the callbacks processed for the order, oldest first.
	Callbacks []CallbackView
}

// CallbackView is one processed callback in an order's history.
type CallbackView struct {
	Received              time.Time
	Type, Status          string
	Amount                int64
	Currency              string
	ErrorCategory, Effect string
}

// PageData is what a page template receives; each page uses a part.
type PageData struct {
	Title string
	// Refresh is how many seconds before the browser reloads the page: a
	// page with a pending order refreshes until its callback arrives. 0:
	// never.
	Refresh int
	// PayAction is where the Pay and "Try another card" buttons post.
	PayAction string
	Product   Product
	Order     OrderView
	Orders    []OrderView
	Message   string
	// RefreshURL is where the refresh goes: the page again, counting the
	// reloads (?wait=N), so that a pending page stops after
	// MaxPendingReloads and offers the way forward instead.
	RefreshURL string
	// CheckAgain is the page without the reload count, for "Check again".
	CheckAgain string
	// Dashboard is the sandbox's dashboard URL, linked from the order
	// page's "For developers" block; "" for a real gateway.
	Dashboard string
}

// MaxPendingReloads is how many times a pending page reloads itself
// (about a minute): a shopper who left the payment page would otherwise
// watch it reload forever.
const MaxPendingReloads = 20

// Bounded returns d with its refresh bounded for the request r showing
// it: each reload counts itself in ?wait=, and after MaxPendingReloads the
// page stops reloading and offers to pay again or to check again.
func (d PageData) Bounded(r *http.Request) PageData {
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("wait"))
	q.Del("wait")
	d.CheckAgain = r.URL.Path
	if len(q) > 0 {
		d.CheckAgain += "?" + q.Encode()
	}
	if d.Refresh == 0 {
		return d
	}
	if n >= MaxPendingReloads {
		d.Refresh = 0
		return d
	}
	q.Set("wait", strconv.Itoa(n+1))
	d.RefreshURL = r.URL.Path + "?" + q.Encode()
	return d
}

// PendingRefresh is how often a page showing a pending order reloads.
const PendingRefresh = 3

// Render writes the page named name ("product", "order", "orders" or
// "message") with status, and headers that keep it private and free of
// anything but its own inline CSS. It returns the template's error, after
// answering 500, for the caller to log; nothing of the page is sent then.
func Render(w http.ResponseWriter, status int, name string, d PageData) error {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, d); err != nil {
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// No form-action: the Pay form's 303 to the gateway's host would be
	// blocked by one that names this host only.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes()) // a browser that went away is not the page's error
	return nil
}

// OrderPageData is the order page's data for o: its title, and a refresh
// while it is pending.
func OrderPageData(o OrderView, payAction string) PageData {
	o.Cancelled = o.Status == StatusFailed && IsCancel(o.Reason)
	d := PageData{Order: o, PayAction: payAction}
	switch {
	case o.Status == StatusPaid:
		d.Title = "Thank you: payment received"
	case o.Cancelled:
		d.Title = "Payment cancelled"
	case o.Status == StatusFailed:
		d.Title = "Payment failed"
	default:
		d.Title, d.Refresh = "Payment pending", PendingRefresh
	}
	return d
}

// OrdersPageData is the orders page's data: it refreshes while an order is
// pending.
func OrdersPageData(orders []OrderView) PageData {
	d := PageData{Title: "Orders", Orders: orders}
	for i, o := range orders {
		orders[i].Cancelled = o.Status == StatusFailed && IsCancel(o.Reason)
		if o.Status == StatusPending {
			d.Refresh = PendingRefresh
			break
		}
	}
	return d
}

// NotFoundPage is the page for an order the shop does not have.
var NotFoundPage = PageData{Title: "Order not found",
	Message: "This shop has no such order. The orders page lists every order it has."}

// CrossOriginProtection returns h behind http.CrossOriginProtection, whose
// refusal is the shop's own page, with a way back, rather than net/http's
// plain text.
func CrossOriginProtection(h http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_ = Render(w, http.StatusForbidden, "message", PageData{Title: "Request refused",
			Message: "This request came from another site. To pay, use the Pay button on this shop's own page."})
	}))
	return p.Handler(h)
}

// PayPath is where every demo shop's Pay button posts.
const PayPath = "/checkout"

// OrderCookie remembers the customer's latest order, so that the fixed
// success and fail URLs know which order to show. SameSite=Lax still
// sends it on the top-level GET the gateway redirects the browser to.
const OrderCookie = "shop_order"

type orderIDKey struct{}

// Begin starts a checkout: for a POST it creates the order, remembers it
// in the customer's cookie and returns r carrying its id for [OrderID].
// Any other method is returned as it is, for the kit to refuse.
func (o *Orders) Begin(w http.ResponseWriter, r *http.Request) *http.Request {
	if r.Method != http.MethodPost {
		return r
	}
	id := o.Create()
	http.SetCookie(w, &http.Cookie{Name: OrderCookie, Value: id, Path: "/", MaxAge: 24 * 60 * 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return r.WithContext(context.WithValue(r.Context(), orderIDKey{}, id))
}

// OrderID returns the order [Orders.Begin] created for r.
func OrderID(r *http.Request) (string, bool) {
	id, ok := r.Context().Value(orderIDKey{}).(string)
	return id, ok
}

// ProductPage serves / : the product and its Pay button.
func (o *Orders) ProductPage(w http.ResponseWriter, _ *http.Request) {
	_ = Render(w, http.StatusOK, "product", PageData{Title: Mug.Name, Product: Mug, PayAction: PayPath})
}

// ReturnPage serves /success and /fail, where the gateway sends the
// customer back: the order in the customer's cookie, with the status the
// callbacks gave it (the URL only says where the gateway sent the browser,
// which anyone can type, so it never decides what the page says).
func (o *Orders) ReturnPage(w http.ResponseWriter, r *http.Request) {
	id := ""
	if c, err := r.Cookie(OrderCookie); err == nil {
		id = c.Value
	}
	o.OrderPage(w, r, id)
}

// OrderPage serves /orders/{id}: one order and its callbacks; 404 for an
// order the shop does not have.
func (o *Orders) OrderPage(w http.ResponseWriter, r *http.Request, id string) {
	v, ok := o.View(id)
	if !ok {
		_ = Render(w, http.StatusNotFound, "message", NotFoundPage)
		return
	}
	d := OrderPageData(v, PayPath).Bounded(r)
	d.Dashboard = o.Dashboard
	_ = Render(w, http.StatusOK, "order", d)
}

// OrdersPage serves /orders: every order, newest first.
func (o *Orders) OrdersPage(w http.ResponseWriter, r *http.Request) {
	_ = Render(w, http.StatusOK, "orders", OrdersPageData(o.Views()).Bounded(r))
}
