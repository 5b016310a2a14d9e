package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
)

func ExampleClient_Do() {
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	gateway := httptest.NewServer(sb)
	defer gateway.Close()
	c, err := client.New(sb.MerchantKey(), sb.Secret(),
		client.WithBaseURL(gateway.URL), client.WithPCIBaseURL(gateway.URL+"/pci"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	// A body of one's own: the card data in it sends the call to the PCI
	// DSS host, as PayCard would.
	pay := map[string]any{
		"payment_method": "card", "account": "EUR-sandbox", "amount": 1000, "currency": "EUR",
		"order_id": "order-1", "merchant_site": "https://merchant.site",
		"customer_first_name": "John", "customer_last_name": "Doe",
		"customer_address": "10 Downing Street", "customer_city": "London", "customer_zip_code": "121165",
		"customer_country": "GB", "customer_phone": "+442079460612", "customer_email": "john.doe@example.com",
		"customer_ip_address": "127.0.0.1", "card_holder": "John Doe", "card_number": "4012000000003010",
		"card_exp_month": "02", "card_exp_year": "30", "card_cvv": "123",
	}
	var paid smartcore.PaymentResponse
	err = c.Do(ctx, "/initPaymentHost2Host", pay, &paid)
	switch {
	case errors.Is(err, client.ErrOutcomeUnknown):
		fmt.Println("the payment may exist: check before retrying")
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	fmt.Println(paid.OrderID, paid.Status)

	// check changes nothing, so Do retries it as Check does; the answer
	// can be read raw.
	var raw json.RawMessage
	if err := c.Do(ctx, "/check", &smartcore.CheckRequest{OrderID: "order-1"}, &raw); err != nil {
		fmt.Println(err)
		return
	}
	var answer struct{ Status int }
	_ = json.Unmarshal(raw, &answer)
	fmt.Println(answer.Status)

	// A refusal is an *APIError, as for the typed methods.
	err = c.Do(ctx, "/check", map[string]any{"order_id": "no-such-order"}, nil)
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code)
	}
	// Output:
	// order-1 processing
	// 1
	// 404 ORDER_NOT_FOUND
}
