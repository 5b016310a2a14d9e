package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// newExampleGateway answers initPayment as the document's example does.
func newExampleGateway() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/initPayment" || r.Header.Get("Authorization") != "Basic dGVzdDpxd2VydHk=" {
			http.Error(w, `{"err": "unexpected request"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ACSUrl": null, "MD": null, "TermUrl": null, "description": "", "status": 1,
			"form_url": "https://payment.smartcore.pro/64a7e106d46c5db10d082b13",
			"order_id": "sandboxFormId_1015", "responseType": "REDIRECT"}`)
	}))
}

func ExampleNew() {
	c, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret,
		client.WithRetry(3, 200*time.Millisecond),
		client.WithRateLimit(20, 5),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Printing a client never shows its secret.
	fmt.Println(c)

	_, err = client.New("", "secret")
	fmt.Println(err)
	// Output:
	// client.Client{merchantKey: "test", baseURL: "https://api-gateway.smartcore.pro", pciBaseURL: "https://chd-api.smartcore.pro", secret: [redacted]}
	// smartcore: client.New: empty merchant key or secret
}

func ExampleClient_InitPayment() {
	gateway := newExampleGateway()
	defer gateway.Close()

	c, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret,
		client.WithBaseURL(gateway.URL))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	resp, err := c.InitPayment(ctx, &smartcore.InitPaymentRequest{
		Order: smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "sandboxFormId_1015"},
		Customer: smartcore.Customer{
			FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
			ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
		},
		IPAddress:  "127.0.0.1",
		ReturnURLs: smartcore.ReturnURLs{CallbackURL: "https://site.com/callback"},
	})
	var apiErr *client.APIError
	switch {
	case errors.Is(err, client.ErrOutcomeUnknown):
		fmt.Println("the form may exist: call Check before retrying")
		return
	case errors.As(err, &apiErr) && apiErr.Code == smartcore.ErrDuplicatedOrderID:
		fmt.Println("this order_id was used already")
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status)
	fmt.Println(resp.FormURL)
	// Output:
	// processing
	// https://payment.smartcore.pro/64a7e106d46c5db10d082b13
}
