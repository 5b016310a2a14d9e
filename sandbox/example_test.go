package sandbox_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/webhook"
)

// A payment with the challenge card waits for 3-D Secure; Complete plays
// the customer, and check reports the outcome. In a test, use
// sandboxtest.NewServer(t, sandbox.Options{}) instead of Start.
func Example() {
	srv, err := sandbox.Start(sandbox.Options{}, "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ctx := context.Background()

	res, err := srv.Client.PayCard(ctx, &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "order-1"},
		MerchantSite: "https://merchant.site",
		Customer: smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "10 Downing Street",
			City: "London", ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john@example.com"},
		IPAddress: "127.0.0.1",
		Card:      smartcore.Card{Holder: "John Doe", Number: sandbox.CardChallenge, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status, res.ACSURL != "")

	if err := srv.Complete("order-1", sandbox.Approve); err != nil {
		panic(err)
	}
	chk, err := srv.Client.Check(ctx, &smartcore.CheckRequest{OrderID: "order-1"})
	if err != nil {
		panic(err)
	}
	fmt.Println(chk.Status, chk.Card.Number)
	// Output:
	// waiting for redirect true
	// success 400383******4018
}

// Callbacks go to a loopback callback_url, signed with the sandbox's
// secret; Flush waits until they have been delivered.
func Example_callbacks() {
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	api := httptest.NewServer(sb)
	defer api.Close()

	hook, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		fmt.Println("callback:", cb.OrderID, cb.Type, cb.Status, cb.Amount)
		return nil
	}), webhook.Options{Secrets: []string{sb.Secret()}})
	if err != nil {
		panic(err)
	}
	host := httptest.NewServer(hook)
	defer host.Close()

	apiClient, err := client.New(sb.MerchantKey(), sb.Secret(),
		client.WithBaseURL(api.URL), client.WithPCIBaseURL(api.URL+"/pci"))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	_, err = apiClient.WithdrawPhone(ctx, &smartcore.PhoneWithdrawalRequest{
		Payout: smartcore.Payout{Account: "EUR-sandbox-payout", Amount: 2500, OrderID: "payout-1", CallbackURL: host.URL},
		Phone:  "79123456789",
	})
	if err != nil {
		panic(err)
	}
	if err := sb.Flush(ctx); err != nil {
		panic(err)
	}
	fmt.Println("balance:", sb.Balance("EUR-sandbox-payout"))
	// Output:
	// callback: payout-1 Withdrawal success 2500
	// balance: 997500
}
