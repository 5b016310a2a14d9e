package smartcoregin_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/adapters/smartcoregin"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// A shop on gin: the gateway's callbacks, a JSON endpoint validated by the
// kit, and the Pay button's checkout behind the rate limiter. The requests
// at the end stand for the gateway and a client.
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
	receive, err := smartcoregin.Webhook(&callbacks, webhook.Options{Secrets: []string{secret}})
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
	pay, err := smartcoregin.Checkout(checkout.Options{
		Gateway: apiClient,
		Build: func(r *http.Request) (*smartcore.InitPaymentRequest, error) {
			return nil, &checkout.Error{Status: http.StatusNotImplemented} // the cart's order
		},
		ClientIP: policy,
	})
	if err != nil {
		log.Fatal(err)
	}

	r := gin.New()
	r.Any("/webhooks/smartcore", receive) // Any: the kit answers a wrong method 405
	limit, err := smartcoregin.RateLimit(ratelimit.Options{ClientIP: policy})
	if err != nil {
		log.Fatal(err)
	}
	r.Any("/pay", limit, pay)
	r.POST("/refunds", smartcoregin.Validate[smartcore.RefundRequest](validate.Options{}), func(c *gin.Context) {
		req, _ := smartcoregin.Request[smartcore.RefundRequest](c)
		c.String(http.StatusAccepted, "refunding %d of %s", req.Amount, req.OrderID)
	})

	cb := &smartcore.Callback{OrderID: "order-9", Status: smartcore.StatusSuccess, Amount: 1999, Type: smartcore.TypePayment}
	w := httptest.NewRecorder()
	r.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", secret, cb))
	fmt.Println(w.Code, w.Body)

	for _, body := range []string{`{"order_id":"order-9","amount":500,"reason":"damaged"}`, `{"order_id":"order-9"}`} {
		req := httptest.NewRequest(http.MethodPost, "/refunds", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w = httptest.NewRecorder()
		r.ServeHTTP(w, req)
		fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	}
	// Output:
	// paid: order-9 1999
	// 200 OK
	// 202 refunding 500 of order-9
	// 422 {"error":"validation failed","fields":[{"field":"amount","rule":"gt","message":"amount must be greater than 0"},{"field":"reason","rule":"required","message":"reason is required"}]}
}

// Reading the verified callback in a gin handler behind the middleware,
// for applications that route callbacks themselves.
func ExampleWebhookMiddleware() {
	mw, err := smartcoregin.WebhookMiddleware(webhook.Options{Secrets: []string{"qwerty"}})
	if err != nil {
		log.Fatal(err)
	}
	r := gin.New()
	r.Any("/webhooks/smartcore", mw, func(c *gin.Context) {
		cb, _ := smartcoregin.Callback(c)
		fmt.Println("order", cb.OrderID, "is", cb.Status)
		c.Status(http.StatusOK) // another status, or a panic, lets the gateway's retry through
	})

	w := httptest.NewRecorder()
	r.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "qwerty",
		&smartcore.Callback{OrderID: "order-9", Status: smartcore.StatusFail, Amount: 1999}))
	fmt.Println(w.Code)

	w = httptest.NewRecorder()
	r.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "wrong secret",
		&smartcore.Callback{OrderID: "order-9", Status: smartcore.StatusFail, Amount: 1999}))
	fmt.Println(w.Code) // the handler did not run
	// Output:
	// order order-9 is fail
	// 200
	// 401
}
