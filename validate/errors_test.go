package validate_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/stretchr/testify/require"
)

// Every field of every request type is set to non-zero values of many
// shapes, so that each rule of each tag runs (omitempty hides a misused
// tag while the field is zero). Neither Struct nor Strict may panic, each
// may only answer nil or Errors, and Strict accepts nothing Struct refuses.
func TestNonZeroValuesNeverPanic(t *testing.T) {
	strs := []string{
		"x", "1", "-1.50", "+3", "0", "01", "25", "123", "4012000000003010",
		"https://site.com/cb", "javascript:alert(1)", "john@example.com", "127.0.0.1",
		"EUR", "GB", "card", "2023-12-13T14:00:53.421Z", "06.06.1997", "QUJD",
		"Visa", "+442079460612", strings.Repeat("9", 300), "\x00\xff", "ünï",
	}
	ints := []int64{1, -1, 1 << 62, -1 << 63}
	for _, proto := range allRequestTypes() {
		typ := reflect.TypeOf(proto).Elem()
		for i, s := range strs {
			v := reflect.New(typ)
			fill(v.Elem(), s, ints[i%len(ints)], i%2 == 0)
			req := v.Interface()
			for _, check := range []func(any) error{validate.Struct, validate.Strict} {
				var err error
				require.NotPanics(t, func() { err = check(req) }, "%s with %q", typ, s)
				if err != nil {
					require.ErrorAs(t, err, &validate.Errors{}, "%s with %q: %v", typ, s, err)
				}
			}
			if validate.Strict(req) == nil {
				require.NoError(t, validate.Struct(req), "Strict accepted what Struct refuses")
			}
		}
	}
}

// fill sets every exported field reachable from v to a non-zero value.
func fill(v reflect.Value, s string, n int64, b bool) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), s, n, b)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), s, n, b)
	case reflect.String:
		v.SetString(s)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(n)
	case reflect.Bool:
		v.SetBool(b)
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

// No error text, structured error or HTTP body carries a card number,
// CVV, expiry or wallet token, whether the value itself failed or not.
func TestErrorsNeverContainValues(t *testing.T) {
	for _, tc := range []struct{ pan, cvv string }{
		{"4012000000003011", "98765"},    // both invalid
		{"4012 0000 0000 3011", "98765"}, // with spaces
		{"4012000000003010", "123"},      // both valid, other fields fail
	} {
		req := validCardPayment(t)
		req.Card.Number, req.Card.CVV = tc.pan, tc.cvv
		req.Email, req.Currency = "bad@@mail", "qqq"
		err := validate.Strict(req) // Struct accepts all four
		require.Error(t, err)
		var errs validate.Errors
		require.ErrorAs(t, err, &errs)
		dump := err.Error() + fmt.Sprintf("%v %+v %#v", err, errs, errs)
		for _, fe := range errs {
			dump += fe.Field + fe.Rule + fe.Param + fe.Error()
		}
		for _, s := range []string{tc.pan, tc.cvv, "bad@@mail", "qqq"} {
			require.NotContains(t, dump, s, "error output leaks a value")
		}
	}

	dpan := "eyJzaWduYXR1cmUiOiIqKioiLCJpbnRlcm1lZ!!"
	req := new(smartcore.GooglePayPaymentRequest)
	decodeJSON(t, docexamples.GooglePay.Request, req)
	req.DPan = dpan
	err := validate.Struct(req)
	requireFieldError(t, err, "google_pay_dpan", "base64any")
	require.NotContains(t, err.Error(), "eyJ")
}

func TestErrorsFormat(t *testing.T) {
	req := validCardPayment(t)
	req.Email, req.Card.CVV, req.Amount, req.Currency = "x", "1", 0, "eur"
	err := validate.Struct(req)
	var errs validate.Errors
	require.True(t, errors.As(err, &errs))
	require.Equal(t, []string{"amount", "customer_email"}, fieldNames(errs),
		"declaration order; the CVV and the lower-case currency are allowed")
	require.Equal(t, "amount must be greater than 0\n"+
		"customer_email must be an email address", err.Error())
	require.Equal(t, validate.FieldError{Field: "amount", Rule: "gt", Param: "0",
		Reason: "must be greater than 0"}, errs[0])

	strictErr := validate.Strict(req)
	var strictErrs validate.Errors
	require.True(t, errors.As(strictErr, &strictErrs))
	require.Equal(t, []string{"amount", "currency", "customer_email", "card_cvv"}, fieldNames(strictErrs))
	require.Equal(t, "amount must be greater than 0\n"+
		"currency must be an ISO 4217 currency code in upper case, such as EUR\n"+
		"customer_email must be an email address\n"+
		"card_cvv must be 3 or 4 digits", strictErr.Error())

	// Same input, same text: nothing depends on map order.
	for range 20 {
		require.Equal(t, err.Error(), validate.Struct(req).Error())
	}
	_, ok := errs.Field("card_number")
	require.False(t, ok)
	require.Equal(t, "", validate.Errors{}.Error())
}

// Struct answers a plain error, never Errors or a panic, for input that
// is not a struct.
func TestStructBadInput(t *testing.T) {
	var nilReq *smartcore.CheckRequest
	for _, v := range []any{nil, 42, "s", nilReq, []smartcore.CheckRequest{}, map[string]string{}} {
		var err error
		require.NotPanics(t, func() { err = validate.Struct(v) }, "%#v", v)
		require.Error(t, err, "%#v", v)
		require.NotErrorAs(t, err, &validate.Errors{}, "%#v", v)
	}
	// Values and pointers both work.
	require.NoError(t, validate.Struct(smartcore.CheckRequest{OrderID: "o"}))
	require.NoError(t, validate.Struct(&smartcore.CheckRequest{OrderID: "o"}))
}

// Hosts can add rules to the shared instance; failures of rules without
// a message of their own get a generic one, still without the value.
func TestCustomRuleOnSharedValidator(t *testing.T) {
	require.NoError(t, validate.RegisterValidation("test_even_len",
		func(fl validator.FieldLevel) bool { return fl.Field().Len()%2 == 0 }))
	type hostReq struct {
		Code string `json:"code" validate:"test_even_len"`
	}
	fe := requireFieldError(t, validate.Struct(hostReq{Code: "abc"}), "code", "test_even_len")
	require.Equal(t, "code failed rule test_even_len", fe.Error())
	require.NoError(t, validate.Struct(hostReq{Code: "ab"}))

	// A field without a JSON name keeps its Go name.
	type noJSON struct {
		Code string `validate:"required"`
	}
	requireFieldError(t, validate.Struct(noJSON{}), "Code", "required")
	requireFieldError(t, validate.Strict(hostReq{Code: "abc"}), "code", "test_even_len")
}

// Validator hands out the instance Struct and Strict use: a rule
// registered on it applies to both.
func TestValidatorIsShared(t *testing.T) {
	require.NoError(t, validate.Validator().RegisterValidation("test_never",
		func(validator.FieldLevel) bool { return false }))
	type hostReq struct {
		N int64 `json:"n" validate:"test_never"`
	}
	requireFieldError(t, validate.Struct(hostReq{}), "n", "test_never")
	requireFieldError(t, validate.Strict(hostReq{}), "n", "test_never")
}

// Messages differ between the levels where the rules do, and each says
// what the level that ran wants, whichever of its checks failed.
func TestMessagesPerLevel(t *testing.T) {
	for _, tc := range []struct {
		tag, val    string
		doc, strict string // "" when that level accepts
	}{
		{"weburl", "ftp://x", "value must be an absolute http or https URL with a host",
			"value must be an absolute http or https URL with a valid host, no user info and no unescaped spaces"},
		{"weburl", "https://u@x.com", "", "value must be an absolute http or https URL with a valid host, no user info and no unescaped spaces"},
		{"iso8601", "13.12.2023", "value must be an ISO 8601 date or date and time, such as 2023-12-13 or 2023-12-13T14:00:53.421Z, or a whole number (Long)",
			"value must be an RFC 3339 timestamp with a time zone, such as 2023-12-13T14:00:53.421Z"},
		{"iso8601", "2023-12-13", "", "value must be an RFC 3339 timestamp with a time zone, such as 2023-12-13T14:00:53.421Z"},
		{"currency", "EURO", "value must be a three-letter currency code, such as EUR",
			"value must be an ISO 4217 currency code in upper case, such as EUR"},
		{"currency", "eur", "", "value must be an ISO 4217 currency code in upper case, such as EUR"},
		{"country", "gb", "", "value must be an ISO 3166-1 alpha-2 country code in upper case, such as GB"},
		{"phone", "+1 (555) 010-0000", "", "value must be a phone number: an optional + and 7 to 15 digits, nothing else"},
		{"cardnetwork", "mada", "", "value must be a card network name such as Visa or Mastercard"},
	} {
		for level, want := range map[string]string{"Struct": tc.doc, "Strict": tc.strict} {
			check := validate.Var
			if level == "Strict" {
				check = validate.StrictVar
			}
			err := check(tc.val, tc.tag)
			if want == "" {
				require.NoError(t, err, "%s %s %q", level, tc.tag, tc.val)
				continue
			}
			require.EqualError(t, err, want, "%s %s %q", level, tc.tag, tc.val)
		}
	}
}

// Every custom rule, at both levels, refuses a value of the wrong kind
// rather than panicking, and refuses under Strict whatever it refuses
// under Struct.
func TestCustomRulesOnNonStrings(t *testing.T) {
	for _, tag := range validate.CustomTags() {
		for _, v := range []any{42, 1.5, true} {
			require.Error(t, validate.Var(v, tag), "%s on %T", tag, v)
			require.Error(t, validate.StrictVar(v, tag), "%s on %T", tag, v)
		}
		if !validate.HasDocRule(tag) {
			require.NoError(t, validate.Var("anything at all", tag), "%s states nothing under Struct", tag)
		}
	}
}

func fieldNames(errs validate.Errors) []string {
	var out []string
	for _, fe := range errs {
		out = append(out, fe.Field)
	}
	return out
}
