package main

import (
	"bytes"
	"log/slog"
	"net/http"
)

// pendingRefresh is how often a page showing a pending order reloads
// itself, so that the customer sees the callback's outcome without a
// script.
const pendingRefresh = 3

// productPage shows the product and the Pay button, a plain form POST to
// the checkout handler.
func (s *shop) productPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "product", pageData{Title: demoProduct.Name, Product: demoProduct})
}

// returnPage serves /success and /fail, where the gateway sends the
// customer back. Both show the order's real status, reconciled with Check
// when no callback has settled it yet: the URL only says where the gateway
// sent the browser, which anyone can type, so it never decides what the
// page says.
//
// The order is the one in the query's order_id, else the customer's
// cookie set when the payment started (the return URLs are fixed and carry
// no id).
func (s *shop) returnPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("order_id")
	if id == "" {
		if c, err := r.Cookie(orderCookie); err == nil {
			id = c.Value
		}
	}
	s.showOrder(w, r, id)
}

// orderPage serves /orders/{id}: one order, reconciled like a return page.
func (s *shop) orderPage(w http.ResponseWriter, r *http.Request) {
	s.showOrder(w, r, r.PathValue("id"))
}

func (s *shop) showOrder(w http.ResponseWriter, r *http.Request, id string) {
	o, ok := s.store.get(id)
	if !ok {
		s.render(w, http.StatusNotFound, "message", pageData{Title: "Order not found",
			Message: "This shop has no such order. The orders page lists every order it has."})
		return
	}
	o = s.reconcile(r.Context(), o)
	d := pageData{Order: o}
	switch o.Status {
	case OrderPaid:
		d.Title = "Thank you: payment received"
	case OrderFailed:
		d.Title = "Payment failed"
	default:
		d.Title, d.Refresh = "Payment pending", pendingRefresh
	}
	s.render(w, http.StatusOK, "order", d)
}

// ordersPage lists every order with its status and callback history, as
// the shop knows them: it makes no call to the gateway.
func (s *shop) ordersPage(w http.ResponseWriter, r *http.Request) {
	orders := s.store.list()
	d := pageData{Title: "Orders", Orders: orders}
	for _, o := range orders {
		if !o.Status.Final() {
			d.Refresh = pendingRefresh
			break
		}
	}
	s.render(w, http.StatusOK, "orders", d)
}

// render executes a page into a buffer first, so that a template error
// cannot leave half a page behind, and sends it with headers that keep
// the pages private and free of anything but their own inline CSS.
func (s *shop) render(w http.ResponseWriter, status int, name string, d pageData) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, d); err != nil {
		s.log.Error("shop: page rendering failed", slog.String("page", name), slog.Any("error", err))
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return
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
	_, _ = w.Write(buf.Bytes())
}
