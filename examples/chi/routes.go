package main

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/go-chi/chi/v5"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/webhook"
)

// newApp mounts the kit's handlers on chi, as they are: chi routes plain
// http.Handlers and chains plain middleware.
//
//	GET  /                    the product and the Pay button
//	GET  /success, /fail      where the payment form sends the customer back
//	GET  /orders/{id}         an order's status, as JSON
//	*    /checkout            checkout: InitPayment, 303 to the hosted form
//	*    /webhooks/smartcore  verified callbacks update the orders
//
// The kit's routes are registered with Handle (every method), so that it
// answers a wrong method itself (405 with Allow: POST). chi's
// middleware.RealIP is deliberately absent: it would rewrite RemoteAddr
// from headers any client can send.
func newApp(cfg demoshop.Config) (http.Handler, error) {
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || u.Host == "" {
		return nil, errors.New("shop: PublicURL is not an absolute URL")
	}
	book := demoshop.NewOrders(slog.Default()) // logs the callbacks it does not apply
	// The order pages' "For developers" block links to the sandbox's dashboard.
	book.Dashboard = "http://" + cfg.SandboxHost + "/"

	pay, err := checkout.New(checkout.Options{
		Gateway: cfg.Gateway,
		Build: func(r *http.Request) (*smartcore.InitPaymentRequest, error) {
			id, ok := demoshop.OrderID(r) // book.Begin created it
			if !ok {
				return nil, errors.New("shop: no order was started for this request")
			}
			return demoshop.PaymentFor(id, cfg.PublicURL), nil
		},
		// Fixed, never taken from the request: the shop is no open redirect.
		ReturnURLs: smartcore.ReturnURLs{
			SuccessURL:  cfg.PublicURL + "/success",
			FailURL:     cfg.PublicURL + "/fail",
			CallbackURL: cfg.PublicURL + "/webhooks/smartcore",
		},
		SandboxHosts: []string{cfg.SandboxHost},
		// ClientIP is left at its default, the TCP peer: the shop has no
		// proxy in front. Behind one, name its network here.
	})
	if err != nil {
		return nil, err
	}
	verify, err := webhook.Middleware(webhook.Options{
		Secrets:      []string{cfg.Secret},
		Deduplicator: &dedup.Memory{}, // a redelivery is acknowledged, not applied twice
	})
	if err != nil {
		return nil, err
	}

	r := chi.NewRouter()
	r.Get("/", book.ProductPage)
	r.Get("/success", book.ReturnPage)
	r.Get("/fail", book.ReturnPage)
	r.Get("/orders", book.OrdersPage)
	r.Get("/orders/{id}", func(w http.ResponseWriter, req *http.Request) {
		book.OrderPage(w, req, chi.URLParam(req, "id"))
	})
	begin := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			next.ServeHTTP(w, book.Begin(w, req))
		})
	}
	limit, err := ratelimit.New(ratelimit.Options{})
	if err != nil {
		return nil, err
	}
	// The rate limit comes first: a refused request creates no order.
	r.With(limit, begin).Handle(demoshop.PayPath, pay)
	r.With(verify).Handle("/webhooks/smartcore", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		cb, _ := webhook.FromContext(req.Context())
		book.Settle(req.Context(), cb)
		_, _ = w.Write([]byte("OK")) // a non-2xx status (or a panic) would make the gateway retry
	}))
	// Browsers' cross-site POSTs to /checkout are refused; the gateway's
	// server-to-server callbacks carry no Origin and pass.
	return demoshop.CrossOriginProtection(r), nil
}
