package checkout_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
)

// demoGateway stands in for *client.Client: it prints what it is sent
// and answers with a payment form.
type demoGateway struct{}

func (demoGateway) InitPayment(_ context.Context, req *smartcore.InitPaymentRequest) (*smartcore.PaymentResponse, error) {
	fmt.Println("gateway got:", req.OrderID, req.IPAddress, req.SuccessURL)
	return &smartcore.PaymentResponse{Status: smartcore.StatusWaitingRedirect, FormURL: "https://payment.smartcore.pro/64a7e106d46c5db10d082b13"}, nil
}

func (demoGateway) PayCard(context.Context, *smartcore.CardPaymentRequest) (*smartcore.PaymentResponse, error) {
	return &smartcore.PaymentResponse{Status: smartcore.StatusProcessing, ACSURL: "https://acs.issuer.example/3ds2", CReq: "eyJtZXNzYWdlVHlwZSI6IkNSZXEifQ"}, nil
}

func (demoGateway) PayApplePay(context.Context, *smartcore.ApplePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	return &smartcore.PaymentResponse{Status: smartcore.StatusSuccess, OrderID: "gw-7"}, nil
}

func (demoGateway) PayGooglePay(_ context.Context, req *smartcore.GooglePayPaymentRequest) (*smartcore.PaymentResponse, error) {
	fmt.Println("gateway got:", req.Network, req.DPan)
	return &smartcore.PaymentResponse{Status: smartcore.StatusSuccess, OrderID: "gw-8"}, nil
}

// shopOrder is the host's side: the cart decides what is paid.
func shopOrder(r *http.Request) (*smartcore.InitPaymentRequest, error) {
	return &smartcore.InitPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "order-42"},
		MerchantSite: "https://shop.example",
		Customer: smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
			ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com"},
	}, nil
}

func Example() {
	proxies, _ := clientip.ParsePrefixes("10.0.0.0/8")
	pay, err := checkout.New(checkout.Options{
		Gateway:  demoGateway{}, // a *client.Client in production
		Build:    shopOrder,
		ClientIP: clientip.Policy{TrustedProxies: proxies},
		ReturnURLs: smartcore.ReturnURLs{
			SuccessURL:  "https://shop.example/paid",
			FailURL:     "https://shop.example/failed",
			CallbackURL: "https://shop.example/webhooks/smartcore",
		},
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	limit, err := ratelimit.New(ratelimit.Options{ClientIP: clientip.Policy{TrustedProxies: proxies}})
	if err != nil {
		panic(err)
	}
	mux.Handle("POST /pay", limit(pay))

	// The customer's browser, behind the shop's load balancer, tries to
	// choose where it is sent afterwards: the configuration wins.
	r := httptest.NewRequest("POST", "/pay?success_url=https://evil.example", nil)
	r.RemoteAddr = "10.0.0.1:40000"
	r.Header.Set("X-Forwarded-For", "198.51.100.2")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Location"))
	// Output:
	// gateway got: order-42 198.51.100.2 https://shop.example/paid
	// 303 https://payment.smartcore.pro/64a7e106d46c5db10d082b13
}

func ExampleCheckRedirect() {
	policy := checkout.RedirectPolicy{SandboxHosts: []string{"127.0.0.1:8090"}}
	for _, u := range []string{
		"https://payment.smartcore.pro/64a7e106d46c5db10d082b13",
		"http://127.0.0.1:8090/pay/1",
		"http://payment.smartcore.pro/x",
		"https://payment.smartcore.pro@evil.example/",
		"https://evil.example/",
	} {
		fmt.Println(checkout.CheckRedirect(u, policy))
	}
	// Output:
	// <nil>
	// <nil>
	// checkout: redirect target rejected: http is allowed only for sandbox hosts, not "payment.smartcore.pro"
	// checkout: redirect target rejected: URL carries user info
	// checkout: redirect target rejected: host "evil.example" is not allowed
}

func ExampleGooglePayTokenizationSpecification() {
	spec := checkout.GooglePayTokenizationSpecification("BCR2DN4T0000000")
	_ = json.NewEncoder(os.Stdout).Encode(spec)
	// Output:
	// {"type":"PAYMENT_GATEWAY","parameters":{"gateway":"primepay","gatewayMerchantId":"BCR2DN4T0000000"}}
}

func ExampleNewWalletHandler() {
	h, err := checkout.NewWalletHandler(checkout.WalletOptions{
		Options: checkout.Options{Gateway: demoGateway{}, Build: shopOrder},
	})
	if err != nil {
		panic(err)
	}
	// What the page's script POSTs after the Google Pay sheet closed.
	body := `{"wallet":"google_pay","token":"{\"protocolVersion\":\"ECv2\"}","network":"VISA"}`
	r := httptest.NewRequest("POST", "/pay/wallet", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "203.0.113.7:52000"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Print(w.Code, " ", w.Body.String())
	// Output:
	// gateway got: VISA eyJwcm90b2NvbFZlcnNpb24iOiJFQ3YyIn0=
	// 200 {"next":"done","status":2,"order_id":"gw-8"}
}

func ExampleResponder_PayCard() {
	p, err := checkout.NewResponder(checkout.Options{Gateway: demoGateway{}, CSPNonce: func(*http.Request) string { return "r4nd0m" }})
	if err != nil {
		panic(err)
	}
	// The host's own (PCI DSS) card form handler.
	r := httptest.NewRequest("POST", "/card", nil)
	r.RemoteAddr = "203.0.113.7:52000"
	w := httptest.NewRecorder()
	p.PayCard(w, r, &smartcore.CardPaymentRequest{ /* order, customer and card from the form */ })
	fmt.Println(w.Code)
	for line := range strings.Lines(w.Body.String()) {
		if strings.Contains(line, "<form") || strings.Contains(line, "<input") || strings.Contains(line, "<script") {
			fmt.Print(line)
		}
	}
	// Output:
	// 200
	// <form id="threeds" method="post" action="https://acs.issuer.example/3ds2">
	// <input type="hidden" name="creq" value="eyJtZXNzYWdlVHlwZSI6IkNSZXEifQ">
	// <script nonce="r4nd0m">document.getElementById("threeds").submit();</script>
}
