package smartcoreecho_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoreecho"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// A shop on echo v5: the gateway's callbacks, a JSON endpoint validated by
// the kit, and the Pay button's checkout behind the rate limiter. The
// requests at the end stand for the gateway and a client.
func Example() {
	secret := "qwerty" // os.Getenv("SMARTCORE_SECRET") in production
	apiClient, err := client.New("merchant-key", secret)
	if err != nil {
		log.Fatal(err)
	}

	var callbacks webhook.Router
	callbacks.HandleFunc(smartcore.TypePayment, webhook.Succeeded, func(_ context.Context, cb *smartcore.Callback) error {
		fmt.Println("paid:", cb.OrderID, cb.Amount)
		return nil // an error answers 500 and the gateway retries
	})
	receive, err := smartcoreecho.Webhook(&callbacks, webhook.Options{Secrets: []string{secret}})
	if err != nil {
		log.Fatal(err)
	}

	// Behind a load balancer, name it ("10.0.0.0/8"): its X-Forwarded-For is
	// then believed, and nobody else's. Unset, no header is believed.
	proxies, err := clientip.ParsePrefixes(os.Getenv("TRUSTED_PROXIES"))
	if err != nil {
		log.Fatal(err)
	}
	policy := clientip.Policy{TrustedProxies: proxies}
	pay, err := smartcoreecho.Checkout(checkout.Options{
		Gateway: apiClient,
		Build: func(r *http.Request) (*smartcore.InitPaymentRequest, error) {
			return nil, &checkout.Error{Status: http.StatusNotImplemented} // the cart's order
		},
		ClientIP: policy,
	})
	if err != nil {
		log.Fatal(err)
	}

	e := echo.New()
	if e.IPExtractor, err = smartcoreecho.IPExtractor(policy); err != nil { // c.RealIP() agrees with the kit
		log.Fatal(err)
	}
	e.Any("/webhooks/smartcore", receive) // Any: the kit answers a wrong method 405
	limit, err := smartcoreecho.RateLimit(ratelimit.Options{ClientIP: policy})
	if err != nil {
		log.Fatal(err)
	}
	e.Any("/pay", pay, limit)
	e.POST("/refunds", func(c *echo.Context) error {
		req, _ := smartcoreecho.Request[smartcore.RefundRequest](c)
		return c.String(http.StatusAccepted, fmt.Sprintf("refunding %d of %s", req.Amount, req.OrderID))
	}, smartcoreecho.Validate[smartcore.RefundRequest](validate.Options{}))

	cb := &smartcore.Callback{OrderID: "order-9", Status: smartcore.StatusSuccess, Amount: 1999, Type: smartcore.TypePayment}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", secret, cb))
	fmt.Println(w.Code, w.Body)

	for _, body := range []string{`{"order_id":"order-9","amount":500,"reason":"damaged"}`, `{"order_id":"order-9"}`} {
		req := httptest.NewRequest(http.MethodPost, "/refunds", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w = httptest.NewRecorder()
		e.ServeHTTP(w, req)
		fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	}
	// Output:
	// paid: order-9 1999
	// 200 OK
	// 202 refunding 500 of order-9
	// 422 {"error":"validation failed","fields":[{"field":"amount","rule":"gt","message":"amount must be greater than 0"},{"field":"reason","rule":"required","message":"reason is required"}]}
}

// Reading the verified callback in an echo handler behind the middleware,
// for applications that route callbacks themselves.
func ExampleWebhookMiddleware() {
	mw, err := smartcoreecho.WebhookMiddleware(webhook.Options{Secrets: []string{"qwerty"}})
	if err != nil {
		log.Fatal(err)
	}
	e := echo.New()
	e.Any("/webhooks/smartcore", func(c *echo.Context) error {
		cb, _ := smartcoreecho.Callback(c)
		fmt.Println("order", cb.OrderID, "is", cb.Status)
		return c.NoContent(http.StatusOK) // an error, another status or a panic lets the gateway's retry through
	}, mw)

	w := httptest.NewRecorder()
	e.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "qwerty",
		&smartcore.Callback{OrderID: "order-9", Status: smartcore.StatusFail, Amount: 1999}))
	fmt.Println(w.Code)

	w = httptest.NewRecorder()
	e.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "wrong secret",
		&smartcore.Callback{OrderID: "order-9", Status: smartcore.StatusFail, Amount: 1999}))
	fmt.Println(w.Code) // the handler did not run
	// Output:
	// order order-9 is fail
	// 200
	// 401
}
