package main

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoregin"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/webhook"
)

// newApp wires the kit into gin:
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

	pay, err := smartcoregin.Checkout(checkout.Options{
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
	verify, err := smartcoregin.WebhookMiddleware(webhook.Options{
		Secrets:      []string{cfg.Secret},
		Deduplicator: &dedup.Memory{}, // a redelivery is acknowledged, not applied twice
	})
	if err != nil {
		return nil, err
	}

	// Release mode: no debug banner or route dump, so that the four demo
	// shops start alike.
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	// Nothing in the shop reads c.ClientIP(), but gin would believe any
	// X-Forwarded-For until told which proxies to trust: none.
	if err := r.SetTrustedProxies(nil); err != nil {
		return nil, err
	}
	r.GET("/", gin.WrapF(book.ProductPage))
	r.GET("/success", gin.WrapF(book.ReturnPage))
	r.GET("/fail", gin.WrapF(book.ReturnPage))
	r.GET("/orders", gin.WrapF(book.OrdersPage))
	r.GET("/orders/:id", func(c *gin.Context) { book.OrderPage(c.Writer, c.Request, c.Param("id")) })
	limit, err := smartcoregin.RateLimit(ratelimit.Options{})
	if err != nil {
		return nil, err
	}
	// The rate limit comes first: a refused request creates no order.
	r.Any(demoshop.PayPath, limit, func(c *gin.Context) {
		c.Request = book.Begin(c.Writer, c.Request)
	}, pay)
	r.Any("/webhooks/smartcore", verify, func(c *gin.Context) {
		cb, _ := smartcoregin.Callback(c)
		book.Settle(c.Request.Context(), cb)
		c.String(http.StatusOK, "OK") // a non-2xx status (or a panic) would make the gateway retry
	})
	// Browsers' cross-site POSTs to /checkout are refused; the gateway's
	// server-to-server callbacks carry no Origin and pass.
	return demoshop.CrossOriginProtection(r), nil
}
