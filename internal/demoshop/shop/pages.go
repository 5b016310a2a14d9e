package shop

import (
	"log/slog"
	"net/http"

	"github.com/smartcorekit/smartcore/internal/demoshop"
)

// The shop's pages are demoshop's, one template set shared with the
// framework examples (examples/gin, echo and chi); see demoshop's
// templates.go for the pages and their element ids. A page showing a
// pending order reloads itself until the callback arrives.
type pageData = demoshop.PageData

// productPage shows the product and the Pay button, a plain form POST to
// the checkout handler.
func (s *Shop) productPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "product", pageData{Title: demoshop.Mug.Name,
		Product: demoshop.Mug, PayAction: demoshop.PayPath})
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
func (s *Shop) returnPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("order_id")
	if id == "" {
		if c, err := r.Cookie(demoshop.OrderCookie); err == nil {
			id = c.Value
		}
	}
	s.showOrder(w, r, id)
}

// orderPage serves /orders/{id}: one order, reconciled like a return page.
func (s *Shop) orderPage(w http.ResponseWriter, r *http.Request) {
	s.showOrder(w, r, r.PathValue("id"))
}

func (s *Shop) showOrder(w http.ResponseWriter, r *http.Request, id string) {
	o, ok := s.store.get(id)
	if !ok {
		s.render(w, http.StatusNotFound, "message", demoshop.NotFoundPage)
		return
	}
	o = s.reconcile(r.Context(), o)
	d := demoshop.OrderPageData(o.view(), demoshop.PayPath).Bounded(r)
	d.Dashboard = s.dash
	s.render(w, http.StatusOK, "order", d)
}

// ordersPage lists every order with its status and callback history, as
// the shop knows them: it makes no call to the gateway.
func (s *Shop) ordersPage(w http.ResponseWriter, r *http.Request) {
	orders := s.store.list()
	views := make([]demoshop.OrderView, len(orders))
	for i, o := range orders {
		views[i] = o.view()
	}
	s.render(w, http.StatusOK, "orders", demoshop.OrdersPageData(views).Bounded(r))
}

// render sends a page, logging a template error (a bug).
func (s *Shop) render(w http.ResponseWriter, status int, name string, d pageData) {
	if err := demoshop.Render(w, status, name, d); err != nil {
		s.log.Error("shop: page rendering failed", slog.String("page", name), slog.Any("error", err))
	}
}

// view is o as the pages show it.
func (o Order) view() demoshop.OrderView {
	v := demoshop.OrderView{ID: o.ID, Product: o.Product, Amount: o.Amount, Currency: o.Currency,
		Created: o.Created, Status: string(o.Status), Reason: o.Reason, Source: o.Source, Settled: o.Settled}
	for _, cb := range o.Callbacks {
		v.Callbacks = append(v.Callbacks, demoshop.CallbackView{Received: cb.Received, Type: string(cb.Type),
			Status: cb.Status.String(), Amount: cb.Amount, Currency: cb.Currency,
			ErrorCategory: string(cb.ErrorCategory), Effect: cb.Effect})
	}
	return v
}
