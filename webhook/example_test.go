package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

func Example() {
	var router webhook.Router
	router.HandleFunc(smartcore.TypePayment, webhook.Succeeded, func(ctx context.Context, cb *smartcore.Callback) error {
		fmt.Println("paid:", cb.OrderID, cb.Amount, cb.Currency)
		return nil // mark the order paid; an error would make the gateway retry
	})
	h, err := webhook.New(&router, webhook.Options{
		Secrets:      []string{"qwerty"},
		Deduplicator: &dedup.Memory{},
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/smartcore", h)

	// In a test, sign a synthetic callback the way the gateway would.
	cb := &smartcore.Callback{OrderID: "order-42", Status: smartcore.StatusSuccess, Amount: 1000, Currency: "EUR", Type: smartcore.TypePayment}
	for range 2 { // the second delivery is acknowledged, not processed again
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "qwerty", cb))
		fmt.Println(w.Code)
	}
	// Output:
	// paid: order-42 1000 EUR
	// 200
	// 200
}

func ExampleMiddleware() {
	verify, err := webhook.Middleware(webhook.Options{Secrets: []string{"qwerty"}})
	if err != nil {
		panic(err)
	}
	h := verify(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cb, _ := webhook.FromContext(r.Context())
		fmt.Println(cb.OrderID, cb.Status)
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, webhooktest.NewRequest("/", "qwerty", &smartcore.Callback{OrderID: "o-1", Status: smartcore.StatusFail, Amount: 500}))
	fmt.Println(w.Code)
	// Output:
	// o-1 fail
	// 200
}

func ExampleVerifier_Verify() {
	v, err := webhook.NewVerifier("qwerty")
	if err != nil {
		panic(err)
	}
	body := webhooktest.Body("qwerty", &smartcore.Callback{OrderID: "o-7", Status: smartcore.StatusSuccess, Amount: 250})
	cb, err := v.Verify([]byte(body))
	fmt.Println(cb.OrderID, cb.Amount, err)
	_, err = v.Verify([]byte(strings.Replace(body, "amount=250", "amount=25000", 1)))
	fmt.Println(errors.Is(err, signing.ErrInvalidSignature))
	// Output:
	// o-7 250 <nil>
	// true
}

// A refund callback names the payment's order, not the refund, and two
// refunds of one amount look the same: the second reaches the route
// flagged, and the application matches each against its own refund
// records (the refund_id and amount each refund call returned).
func ExampleRepeatFromContext() {
	type refund struct {
		id     string // refund_id, from the refund call's answer
		amount int64
	}
	pending := map[string][]refund{"order-42": {{"rf-1", 300}, {"rf-2", 300}}}

	var router webhook.Router
	router.HandleFunc(webhook.AnyType, webhook.Succeeded, func(ctx context.Context, cb *smartcore.Callback) error {
		if cb.Type != smartcore.TypeRefund {
			return nil // the payment's own route, in a real shop
		}
		list := pending[cb.OrderID]
		for i, r := range list {
			if r.amount == cb.Amount { // the oldest pending refund of this amount
				pending[cb.OrderID] = append(list[:i], list[i+1:]...)
				fmt.Println("refunded:", r.id, "possible repeat:", webhook.RepeatFromContext(ctx))
				return nil
			}
		}
		// Nothing pending matches: a repeat of one already recorded. (What
		// stays ambiguous is settled with check; see package reconcile.)
		fmt.Println("nothing pending matches: acknowledged")
		return nil
	})
	h, err := webhook.New(&router, webhook.Options{Secrets: []string{"qwerty"}, Deduplicator: &dedup.Memory{}})
	if err != nil {
		panic(err)
	}
	cb := &smartcore.Callback{OrderID: "order-42", Status: smartcore.StatusSuccess, Amount: 300, Type: smartcore.TypeRefund}
	for range 3 { // two refunds, then the gateway redelivers the second
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "qwerty", cb))
	}
	// Output:
	// refunded: rf-1 possible repeat: false
	// refunded: rf-2 possible repeat: true
	// nothing pending matches: acknowledged
}
