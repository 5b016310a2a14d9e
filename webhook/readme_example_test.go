package webhook_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// This file mirrors README.md: the body of Example_readme from
// "var router webhook.Router" to the mux.Handle line is the README's
// "Receiving callbacks" snippet, and the root module's README test fails
// when the two differ.

// readmeOrders stands for the shop's order store.
type readmeOrders struct{}

// MarkPaid records the payment of an order.
func (readmeOrders) MarkPaid(_ context.Context, orderID string, amount int64) error {
	fmt.Println("paid:", orderID, amount)
	return nil
}

func Example_readme() {
	secret := "qwerty"
	orders := readmeOrders{}
	mux := http.NewServeMux()

	// README.md, "Receiving callbacks":
	var router webhook.Router
	router.HandleFunc(webhook.AnyType, webhook.Succeeded, func(ctx context.Context, cb *smartcore.Callback) error {
		return orders.MarkPaid(ctx, cb.OrderID, cb.Amount) // an error answers 500: the gateway retries
	})
	h, err := webhook.New(&router, webhook.Options{
		Secrets:      []string{secret},
		Deduplicator: &dedup.Memory{}, // a redelivered callback is acknowledged, not processed twice
	})
	if err != nil {
		log.Fatal(err)
	}
	mux.Handle("/webhooks/smartcore", h)

	// The gateway delivers the same signed callback twice.
	cb := &smartcore.Callback{OrderID: "order-42", Status: smartcore.StatusSuccess, Amount: 1000, Type: smartcore.TypePayment}
	for range 2 {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", secret, cb))
		fmt.Println(w.Code)
	}
	// Output:
	// paid: order-42 1000
	// 200
	// 200
}
