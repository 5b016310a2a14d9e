package checkout_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
)

// This file mirrors README.md: the body of Example_readme from "policy :="
// to the mux.Handle line is the README's "Mounting the checkout" snippet,
// and the root module's README test fails when the two differ.

func Example_readme() {
	var c checkout.Gateway = demoGateway{} // stands in for the *client.Client
	buildOrder := shopOrder
	mux := http.NewServeMux()

	// README.md, "Mounting the checkout":
	policy := clientip.Policy{TrustedProxies: clientip.MustParsePrefixes("10.0.0.0/8")} // your load balancer
	pay, err := checkout.New(checkout.Options{
		Gateway:  c,          // the *client.Client
		Build:    buildOrder, // func(*http.Request) (*smartcore.InitPaymentRequest, error): your cart
		ClientIP: policy,
		ReturnURLs: smartcore.ReturnURLs{
			SuccessURL:  "https://shop.example/orders/{order_id}",
			FailURL:     "https://shop.example/orders/{order_id}",
			CallbackURL: "https://shop.example/webhooks/smartcore",
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	limit, err := ratelimit.New(ratelimit.Options{ClientIP: policy})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/pay", limit(pay))

	// The shopper's browser, behind the load balancer, clicks Pay.
	r := httptest.NewRequest("POST", "/pay", nil)
	r.RemoteAddr = "10.0.0.1:40000"
	r.Header.Set("X-Forwarded-For", "198.51.100.2")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Location"))
	// Output:
	// gateway got: order-42 198.51.100.2 https://shop.example/orders/order-42
	// 303 https://payment.smartcore.pro/64a7e106d46c5db10d082b13
}
