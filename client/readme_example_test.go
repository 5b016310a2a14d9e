package client_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// This file mirrors README.md: the body of Example_readme from the line
// "c, err := client.New" on is the README's "Calling the gateway" snippet,
// and the root module's README test fails when the two differ.

// readmeGateway answers initPayment as the document's example does.
func readmeGateway() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/initPayment" {
			http.Error(w, `{"err": "unexpected request"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"status": 1, "order_id": "order-42", "responseType": "REDIRECT",
			"form_url": "https://payment.smartcore.pro/64a7e106d46c5db10d082b13"}`)
	}))
}

func Example_readme() {
	gateway := readmeGateway()
	defer gateway.Close()
	merchantKey, secret := "test", "qwerty"
	ctx := context.Background()
	req := &smartcore.InitPaymentRequest{
		Order: smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "order-42"},
		Customer: smartcore.Customer{
			FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
			ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
		},
		IPAddress:  "127.0.0.1",
		ReturnURLs: smartcore.ReturnURLs{CallbackURL: "https://shop.example/webhooks/smartcore"},
	}
	opts := []client.Option{client.WithBaseURL(gateway.URL)}

	// README.md, "Calling the gateway":
	c, err := client.New(merchantKey, secret, opts...) // opts: client.WithBaseURL(sandboxURL), WithRetry, ...
	if err != nil {
		log.Fatal(err)
	}
	res, err := c.InitPayment(ctx, req) // req: *smartcore.InitPaymentRequest (order, customer, URLs)
	var apiErr *client.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Code == smartcore.ErrDuplicatedOrderID:
		fmt.Println("the order id was used before")
	case errors.Is(err, client.ErrOutcomeUnknown):
		fmt.Println("it may have reached the gateway: check the order, never retry blindly")
	case err != nil:
		fmt.Println(err) // invalid request (nothing sent), transport error, refusal...
	default:
		fmt.Println(res.Status, res.FormURL) // send the shopper's browser to res.FormURL
	}
	// Output:
	// processing https://payment.smartcore.pro/64a7e106d46c5db10d082b13
}
