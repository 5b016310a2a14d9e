package webhooktest_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// A test of the application's callback handler, fed a signed synthetic
// callback.
func Example() {
	h, _ := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		fmt.Println("order", cb.OrderID, "is", cb.Status)
		return nil
	}), webhook.Options{Secrets: []string{"qwerty"}})

	cb := &smartcore.Callback{OrderID: "order-9", Status: smartcore.StatusSuccess, Amount: 1999, Type: smartcore.TypePayment}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, webhooktest.NewRequest("/webhooks/smartcore", "qwerty", cb))
	fmt.Println(w.Code)
	fmt.Println(webhooktest.Body("qwerty", &smartcore.Callback{OrderID: "1", Status: smartcore.StatusFail, Amount: 5}))
	// Output:
	// order order-9 is success
	// 200
	// orderId=1&status=-1&amount=5&sign=48a4e7f1770bedbae2f8d28d2669f1a2b7a293f5bb3b995a98b8d7cf2f7e67db
}
