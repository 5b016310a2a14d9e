package validate_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
)

func ExampleStruct() {
	req := smartcore.RefundRequest{
		OrderID:     "sandboxId_1015",
		Amount:      0,
		CallbackURL: "javascript:alert(1)",
	}
	err := validate.Struct(req)

	var errs validate.Errors
	if errors.As(err, &errs) {
		for _, fe := range errs {
			fmt.Printf("%s (%s): %s\n", fe.Field, fe.Rule, fe.Error())
		}
	}
	// Output:
	// amount (gt): amount must be greater than 0
	// reason (required): reason is required
	// callback_url (weburl): callback_url must be an absolute http or https URL with a host
}

// Struct refuses only what the API document states; Strict adds the
// formats the document leaves open, for hosts that want them.
func ExampleStrict() {
	req := smartcore.PhoneWithdrawalRequest{
		PaymentMethod: smartcore.MethodPhoneBalance,
		Payout:        smartcore.Payout{Account: "EUR-sandbox-payout", Amount: 10000, OrderID: "payout-1"},
		Phone:         "+44 20 7946 0612",
		Payee:         smartcore.Payee{Birthdate: "1997-06-06"},
	}
	fmt.Println("Struct:", validate.Struct(req))

	var errs validate.Errors
	if errors.As(validate.Strict(req), &errs) {
		for _, fe := range errs {
			fmt.Printf("Strict: %s (%s): %s\n", fe.Field, fe.Rule, fe.Error())
		}
	}
	// Output:
	// Struct: <nil>
	// Strict: phone_withdrawal (phone): phone_withdrawal must be a phone number: an optional + and 7 to 15 digits, nothing else
	// Strict: customer_birthdate (birthdate): customer_birthdate must be a calendar date written DD.MM.YYYY
}

func ExampleJSON() {
	refund := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := validate.FromContext[smartcore.RefundRequest](r.Context())
		fmt.Fprintf(w, "refunding %d cents of %s", req.Amount, req.OrderID)
	})
	h := validate.JSON[smartcore.RefundRequest](validate.Options{})(refund)

	for _, body := range []string{
		`{"order_id": "sandboxId_1015", "amount": 1000, "reason": "refund"}`,
		`{"order_id": "sandboxId_1015", "amount": 1000}`,
	} {
		r := httptest.NewRequest(http.MethodPost, "/refund", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	}
	// Output:
	// 200 refunding 1000 cents of sandboxId_1015
	// 422 {"error":"validation failed","fields":[{"field":"reason","rule":"required","message":"reason is required"}]}
}
