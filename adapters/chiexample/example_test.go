package chiexample_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// A shop on chi, which takes the kit's handlers and middleware as they are:
// the gateway's callbacks, a JSON endpoint validated by the kit, and the
// Pay button's checkout behind the rate limiter. The requests at the end
// stand for the gateway and a client.
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
	receive, err := webhook.New(&callbacks, webhook.Options{Secrets: []string{secret}})
	if err != nil {
		log.Fatal(err)
	}

	// Behind a load balancer, name it ("10.0.0.0/8"): its X-Forwarded-For is
	// then believed, and nobody else's. Unset, no header is believed. Do not
	// put chi's middleware.RealIP in front: it rewrites RemoteAddr from
	// headers anyone can send, and the kit would believe it.
	proxies, err := clientip.ParsePrefixes(os.Getenv("TRUSTED_PROXIES"))
	if err != nil {
		log.Fatal(err)
	}
	policy := clientip.Policy{TrustedProxies: proxies}
	pay, err := checkout.New(checkout.Options{
		Gateway: apiClient,
		Build: func(r *http.Request) (*smartcore.InitPaymentRequest, error) {
			return nil, &checkout.Error{Status: http.StatusNotImplemented} // the cart's order
		},
		ClientIP: policy,
	})
	if err != nil {
		log.Fatal(err)
	}

	r := chi.NewRouter()
	r.Handle("/webhooks/smartcore", receive) // Handle, not Post: the kit answers a wrong method 405
	limit, err := ratelimit.New(ratelimit.Options{ClientIP: policy})
	if err != nil {
		log.Fatal(err)
	}
	r.With(limit).Handle("/pay", pay)
	r.With(validate.JSON[smartcore.RefundRequest](validate.Options{})).Post("/refunds", func(w http.ResponseWriter, req *http.Request) {
		refund, _ := validate.FromContext[smartcore.RefundRequest](req.Context())
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, "refunding %d of %s", refund.Amount, refund.OrderID)
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
