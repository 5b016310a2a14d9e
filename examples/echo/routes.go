package main

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v5"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoreecho"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/webhook"
)

// newApp wires the kit into echo:
//
//	GET  /                    the product and the Pay button
//	GET  /success, /fail      where the payment form sends the customer back: the order
//	GET  /orders, /orders/:id  every order with its callbacks; one order
//	ANY  /checkout             checkout: a new order (book.Begin), InitPayment, 303 to
//	                          the hosted form
//	ANY  /webhooks/smartcore  verified callbacks update the orders
//
// The pages are demoshop's, the same as examples/shop's.
//
// The kit's routes are registered with Any, so that it answers a wrong
// method itself (405 with Allow: POST).
func newApp(cfg demoshop.Config) (http.Handler, error) {
	u, err := url.Parse(cfg.PublicURL)
	if err != nil || u.Host == "" {
		return nil, errors.New("shop: PublicURL is not an absolute URL")
	}
	book := demoshop.NewOrders(slog.Default()) // logs the callbacks it does not apply
	// The order pages' "For developers" block links to the sandbox's dashboard.
	book.Dashboard = "http://" + cfg.SandboxHost + "/"
	// The shop has no proxy in front, so the client is the TCP peer and no
	// header is believed. Behind one, name its network here.
	policy := clientip.Policy{}

	pay, err := smartcoreecho.Checkout(checkout.Options{
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
		ClientIP:     policy,
	})
	if err != nil {
		return nil, err
	}
	verify, err := smartcoreecho.WebhookMiddleware(webhook.Options{
		Secrets:      []string{cfg.Secret},
		Deduplicator: &dedup.Memory{}, // a redelivery is acknowledged, not applied twice
	})
	if err != nil {
		return nil, err
	}

	e := echo.New()
	// c.RealIP(), in echo's logs and middlewares, agrees with the kit.
	if e.IPExtractor, err = smartcoreecho.IPExtractor(policy); err != nil {
		return nil, err
	}
	e.GET("/", echo.WrapHandler(http.HandlerFunc(book.ProductPage)))
	e.GET("/success", echo.WrapHandler(http.HandlerFunc(book.ReturnPage)))
	e.GET("/fail", echo.WrapHandler(http.HandlerFunc(book.ReturnPage)))
	e.GET("/orders", echo.WrapHandler(http.HandlerFunc(book.OrdersPage)))
	e.GET("/orders/:id", func(c *echo.Context) error {
		book.OrderPage(c.Response(), c.Request(), c.Param("id"))
		return nil
	})
	begin := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			c.SetRequest(book.Begin(c.Response(), c.Request()))
			return next(c)
		}
	}
	limit, err := smartcoreecho.RateLimit(ratelimit.Options{ClientIP: policy})
	if err != nil {
		return nil, err
	}
	// The rate limit comes first: a refused request creates no order.
	e.Any(demoshop.PayPath, pay, limit, begin)
	e.Any("/webhooks/smartcore", func(c *echo.Context) error {
		cb, _ := smartcoreecho.Callback(c)
		book.Settle(c.Request().Context(), cb)
		return c.String(http.StatusOK, "OK") // an error (or a panic) would make the gateway retry
	}, verify)
	// Browsers' cross-site POSTs to /checkout are refused; the gateway's
	// server-to-server callbacks carry no Origin and pass.
	return demoshop.CrossOriginProtection(e), nil
}
