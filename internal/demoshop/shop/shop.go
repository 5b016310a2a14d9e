package shop

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/ratelimit"
)

// Paths the gateway is told about, relative to the public URL.
const (
	pathSuccess = "/success"
	pathFail    = "/fail"
	pathWebhook = "/webhooks/smartcore"
)

// The checkout's rate limit, per client address: generous enough for
// someone trying the demo (ten Pay clicks at once, then two a second), but
// a script clicking Pay in a loop gets 429 Too Many Requests instead of
// filling the order store and calling the gateway for each click.
const (
	checkoutRate  = 2 // requests per second
	checkoutBurst = 10
)

// checkTimeout bounds the Check a return page makes, so that a slow
// gateway shows "pending" rather than a hanging page.
const checkTimeout = 5 * time.Second

// Config is what New needs, already resolved: run builds it from
// the flags and the environment, tests from a sandboxtest.NewServer.
type Config struct {
	// Client talks to the gateway: InitPayment through the checkout handler,
	// Check on the return pages.
	Client *client.Client
	// Secret verifies the callbacks.
	Secret string
	// Account is the merchant account orders are paid to.
	Account string
	// PublicURL is the shop's base URL as the customer's browser and the
	// gateway reach it; the return and callback URLs are built from it.
	PublicURL string
	// SandboxHosts are gateway hosts whose form_url may be plain http (the
	// embedded sandbox); see checkout.RedirectPolicy.
	SandboxHosts []string
	// Logger receives the kit's and the shop's records. Default: none.
	Logger *slog.Logger
	// RateLimit limits POST /checkout per client address. Default (nil):
	// checkoutRate per second with bursts of checkoutBurst, by the
	// connection's address. Behind a reverse proxy every customer shares the
	// proxy's address: set ClientIP to trust the proxy's header.
	RateLimit *ratelimit.Options
	// Dashboard is the sandbox's dashboard URL, which the order pages'
	// "For developers" block links to. Default: none.
	Dashboard string
}

// Shop is the demo shop's http.Handler.
type Shop struct {
	client  *client.Client
	account string
	site    string
	store   *store
	log     *slog.Logger
	dash    string // Config.Dashboard
	mux     *http.ServeMux
	onError func(http.ResponseWriter, *http.Request, error) // the kit's error page
	// handler is mux behind the cross-origin protection: what ServeHTTP
	// serves.
	handler http.Handler
}

// New wires the kit's pieces into the shop's routes:
//
//	GET  /                    product page with the Pay button
//	POST /checkout            checkout.New: InitPayment, 303 to the hosted form,
//	                          rate limited per client (ratelimit.New)
//	GET  /success, /fail      return pages: the order, reconciled with Check
//	GET  /orders, /orders/ID  every order with its callbacks; one order
//	POST /webhooks/smartcore  webhook.New: verified, de-duplicated callbacks
//
// Every state-changing request but the webhook's goes through
// http.CrossOriginProtection, so that another site cannot make a visitor's
// browser start payments (cross-site request forgery): a cross-origin POST
// is answered 403. The webhook is exempt: the gateway's callbacks come from
// a server, not a browser, and their signature is what authenticates them.
func New(cfg Config) (*Shop, error) {
	if cfg.Client == nil {
		return nil, errors.New("shop: no gateway client")
	}
	public, err := checkPublicURL(cfg.PublicURL)
	if err != nil || public == "" {
		return nil, fmt.Errorf("shop: PublicURL %q is not an absolute http(s) URL", cfg.PublicURL)
	}
	s := &Shop{client: cfg.Client, account: cfg.Account, site: public, store: newStore(),
		log: cfg.Logger, mux: http.NewServeMux(), dash: cfg.Dashboard}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.account == "" {
		s.account = demoshop.Account
	}
	s.onError = checkout.DefaultErrorHandler(s.log)
	pay, err := checkout.New(checkout.Options{
		Gateway: cfg.Client,
		Build:   s.buildOrder,
		// Fixed URLs, never taken from the request: the kit replaces whatever
		// else a request says, so the shop is no open redirect. They carry no
		// order id; the return pages find the order through a cookie.
		ReturnURLs: smartcore.ReturnURLs{
			SuccessURL:  public + pathSuccess,
			FailURL:     public + pathFail,
			CallbackURL: public + pathWebhook,
		},
		SandboxHosts: cfg.SandboxHosts,
		Logger:       s.log,
		ErrorHandler: s.checkoutFailed,
	})
	if err != nil {
		return nil, fmt.Errorf("shop: %w", err)
	}
	hook, err := s.webhookHandler(cfg.Secret)
	if err != nil {
		return nil, fmt.Errorf("shop: %w", err)
	}
	s.mux.HandleFunc("GET /{$}", s.productPage)
	limitOpts := ratelimit.Options{Rate: checkoutRate, Burst: checkoutBurst}
	if cfg.RateLimit != nil {
		limitOpts = *cfg.RateLimit
	}
	limit, err := ratelimit.New(limitOpts)
	if err != nil {
		return nil, fmt.Errorf("shop: %w", err)
	}
	// The limit comes first: a refused request creates no order.
	s.mux.Handle("POST "+demoshop.PayPath, limit(s.startOrder(pay)))
	s.mux.HandleFunc("GET "+pathSuccess, s.returnPage)
	s.mux.HandleFunc("GET "+pathFail, s.returnPage)
	s.mux.HandleFunc("GET /orders", s.ordersPage)
	s.mux.HandleFunc("GET /orders/{id}", s.orderPage)
	s.mux.Handle("POST "+pathWebhook, hook)

	csrf := http.NewCrossOriginProtection()
	// The public URL is this shop's own origin, even where a proxy in front
	// rewrites the Host header that the Origin header is compared with.
	if err := csrf.AddTrustedOrigin(public); err != nil {
		return nil, fmt.Errorf("shop: %w", err)
	}
	csrf.AddInsecureBypassPattern("POST " + pathWebhook)
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginRefused))
	s.handler = csrf.Handler(s.mux)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Shop) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// crossOriginRefused answers a state-changing request that another site's
// page made the browser send.
func (s *Shop) crossOriginRefused(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("shop: cross-origin request refused", slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.String("origin", r.Header.Get("Origin")))
	s.render(w, http.StatusForbidden, "message", pageData{Title: "Request refused",
		Message: "This request came from another site. To pay, use the Pay button on this shop's own page."})
}

// orderIDKey carries the new order's id from startOrder to buildOrder and
// checkoutFailed, which receive the request but not the order.
type orderIDKey struct{}

// startOrder creates the order, remembers it in the customer's cookie, and
// hands the request to the checkout handler, which builds the payment with
// buildOrder and redirects to the gateway's form.
func (s *Shop) startOrder(pay http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o := s.store.create(demoshop.Mug)
		http.SetCookie(w, &http.Cookie{Name: demoshop.OrderCookie, Value: o.ID, Path: "/", MaxAge: 24 * 60 * 60,
			HttpOnly: true, SameSite: http.SameSiteLaxMode})
		s.log.Info("shop: order created", slog.String("order_id", o.ID))
		pay.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), orderIDKey{}, o.ID)))
	})
}

// buildOrder is the checkout's Build: the order the request pays for. The
// checkout adds the customer's IP address and the return URLs.
func (s *Shop) buildOrder(r *http.Request) (*smartcore.InitPaymentRequest, error) {
	id, _ := r.Context().Value(orderIDKey{}).(string)
	o, ok := s.store.get(id)
	if !ok {
		return nil, fmt.Errorf("shop: order %q not found", id)
	}
	return &smartcore.InitPaymentRequest{
		Order: smartcore.Order{Account: s.account, Amount: o.Amount, Currency: o.Currency,
			OrderID: o.ID, Purpose: o.Product},
		MerchantSite: s.site,
		Customer:     demoshop.Customer,
	}, nil
}

// checkoutFailed answers a payment that could not be started with the
// kit's error page, after marking the order failed. An unknown outcome
// (the gateway may have created the payment) leaves it pending: the order
// pages reconcile it with Check.
func (s *Shop) checkoutFailed(w http.ResponseWriter, r *http.Request, err error) {
	if id, ok := r.Context().Value(orderIDKey{}).(string); ok && !errors.Is(err, client.ErrOutcomeUnknown) {
		s.store.fail(id, "the payment could not be started")
	}
	s.onError(w, r, err)
}

// reconcile asks the gateway for the status of an order that is not final
// yet. The browser usually returns before the callback arrives, which is
// sent asynchronously, so the return page would otherwise show "pending"
// for a paid order. A failed Check leaves the order as it is.
func (s *Shop) reconcile(ctx context.Context, o Order) Order {
	if o.Status.Final() {
		return o
	}
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	res, err := s.client.Check(ctx, &smartcore.CheckRequest{OrderID: o.ID})
	if err != nil {
		s.log.Warn("shop: check failed", slog.String("order_id", o.ID), slog.Any("error", err))
		return o
	}
	if updated, ok := s.store.applyCheck(o.ID, res); ok {
		return updated
	}
	return o
}

// Order returns the order with the given id, as the orders page shows it.
func (s *Shop) Order(id string) (Order, bool) { return s.store.get(id) }
