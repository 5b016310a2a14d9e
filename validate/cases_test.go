package validate_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/stretchr/testify/require"
)

// reqCase is one request type with a valid body from the document and the
// members its table marks required.
type reqCase struct {
	name     string
	newReq   func() any // a pointer to a new zero request
	body     string
	required []string
}

// Members required by every payment that carries an order and a customer.
var orderCustomer = []string{
	"account", "amount", "currency", "order_id",
	"customer_first_name", "customer_last_name", "customer_address",
	"customer_city", "customer_zip_code", "customer_country",
	"customer_phone", "customer_email",
}

var cardFields = []string{"card_holder", "card_number", "card_exp_month", "card_exp_year", "card_cvv"}

var payoutFields = []string{"account", "amount", "order_id", "payment_method"}

func join(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func newOf[T any]() func() any { return func() any { return new(T) } }

var cases = []reqCase{
	{"InitPayment", newOf[smartcore.InitPaymentRequest](), docexamples.InitPayment.Request,
		join(orderCustomer, []string{"customer_ip_address"})},
	{"InitPayment/MobileCommerce", newOf[smartcore.InitPaymentRequest](), docexamples.MobileCommerce.Request,
		join(orderCustomer, []string{"customer_ip_address"})},
	{"CardPayment", newOf[smartcore.CardPaymentRequest](), docexamples.CardPayment.Request,
		join(orderCustomer, []string{"merchant_site", "customer_ip_address"}, cardFields)},
	{"ApplePayPayment", newOf[smartcore.ApplePayPaymentRequest](), docexamples.ApplePay.Request,
		join(orderCustomer, []string{"merchant_site", "customer_ip_address", "payment_method",
			"apple_pay_dpan", "apple_pay_payment_method_network"})},
	{"GooglePayPayment", newOf[smartcore.GooglePayPaymentRequest](), docexamples.GooglePay.Request,
		join(orderCustomer, []string{"merchant_site", "customer_ip_address", "payment_method",
			"google_pay_dpan", "google_pay_payment_method_network"})},
	{"Authorize", newOf[smartcore.AuthorizeRequest](), docexamples.Authorize.Request,
		join(orderCustomer, []string{"merchant_site"}, cardFields)},
	{"Capture", newOf[smartcore.CaptureRequest](), docexamples.Capture.Request, []string{"order_id"}},
	{"Capture/Amount", newOf[smartcore.CaptureRequest](), `{"order_id": "sandboxId_1016", "amount": "500"}`,
		[]string{"order_id"}},
	{"Cancel", newOf[smartcore.CancelRequest](), docexamples.Cancel.Request, []string{"order_id"}},
	{"Check", newOf[smartcore.CheckRequest](), docexamples.Check.Request, []string{"order_id"}},
	{"Refund", newOf[smartcore.RefundRequest](), docexamples.Refund.Request, []string{"order_id", "amount", "reason"}},
	{"Recurrent", newOf[smartcore.RecurrentRequest](), docexamples.Recurrent.Request,
		[]string{"order_id", "parent_order_id", "amount", "purpose"}},
	{"TokenizeForm", newOf[smartcore.TokenizeFormRequest](), docexamples.TokenizeForm.Request, []string{"account", "order_id"}},
	{"CardWithdrawal", newOf[smartcore.CardWithdrawalRequest](), docexamples.CardWithdrawal.Request,
		join(payoutFields, []string{"customer_card_number"})},
	{"PhoneWithdrawal", newOf[smartcore.PhoneWithdrawalRequest](), docexamples.PhoneWithdrawal.Request,
		join(payoutFields, []string{"phone_withdrawal"})},
	{"TokenWithdrawal", newOf[smartcore.TokenWithdrawalRequest](), docexamples.TokenWithdrawal.Request,
		join(payoutFields, []string{"tokenize_transaction_order_id"})},
	{"Balance", newOf[smartcore.BalanceRequest](), docexamples.Balance.Request, []string{"account"}},
}

// allRequestTypes are the request types of requests.go, each as a pointer
// to a zero value.
func allRequestTypes() []any {
	return []any{
		new(smartcore.InitPaymentRequest), new(smartcore.CardPaymentRequest),
		new(smartcore.ApplePayPaymentRequest), new(smartcore.GooglePayPaymentRequest),
		new(smartcore.AuthorizeRequest), new(smartcore.CaptureRequest),
		new(smartcore.CancelRequest), new(smartcore.CheckRequest),
		new(smartcore.RefundRequest), new(smartcore.RecurrentRequest),
		new(smartcore.TokenizeFormRequest), new(smartcore.CardWithdrawalRequest),
		new(smartcore.PhoneWithdrawalRequest), new(smartcore.TokenWithdrawalRequest),
		new(smartcore.BalanceRequest),
	}
}

// decodeCase decodes body into a new request of c's type.
func decodeCase(t *testing.T, c reqCase, body []byte) any {
	t.Helper()
	v := c.newReq()
	require.NoError(t, json.Unmarshal(body, v), "decoding %s", body)
	return v
}

// withMember returns the case's body with member name set to val (or
// removed when remove is true).
func withMember(t *testing.T, body, name string, val any, remove bool) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	if remove {
		delete(m, name)
	} else {
		m[name] = val
	}
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// jsonFieldNames lists the JSON member names of struct type t, including
// those promoted from embedded structs.
func jsonFieldNames(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			names = append(names, jsonFieldNames(f.Type)...)
			continue
		}
		names = append(names, name)
	}
	return names
}

// requireFieldError asserts that err is validate.Errors with a failure of
// rule on field.
func requireFieldError(t *testing.T, err error, field, rule string) validate.FieldError {
	t.Helper()
	var errs validate.Errors
	require.ErrorAs(t, err, &errs, "want validate.Errors, got %v", err)
	fe, ok := errs.Field(field)
	require.True(t, ok, "no error for %s in %q", field, err)
	require.Equal(t, rule, fe.Rule, "field %s: %s", field, fe.Error())
	require.True(t, strings.HasPrefix(fe.Error(), field+" "), "message %q should start with the field name", fe.Error())
	return fe
}

// validateTag returns the validate tag of the member named name in struct
// type t, or "".
func validateTag(t reflect.Type, name string) string {
	for i := range t.NumField() {
		f := t.Field(i)
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && n == "" {
			if tag := validateTag(f.Type, name); tag != "" {
				return tag
			}
			continue
		}
		if n == name {
			return f.Tag.Get("validate")
		}
	}
	return ""
}

func decodeJSON(t *testing.T, s string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(s), v))
}
