package validate_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/stretchr/testify/require"
)

// Every document example is valid as it stands.
func TestDocumentExamplesAreValid(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := decodeCase(t, c, []byte(c.body))
			require.NoError(t, validate.Struct(v))
		})
	}
}

// Removing any member the table marks required fails on that member;
// removing an optional one still validates.
func TestRequiredMembers(t *testing.T) {
	for _, c := range cases {
		var members map[string]any
		decodeJSON(t, c.body, &members)
		for name := range members {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				v := decodeCase(t, c, withMember(t, c.body, name, nil, true))
				err := validate.Struct(v)
				if !slices.Contains(c.required, name) {
					require.NoError(t, err, "%s is optional", name)
					return
				}
				rule := "required"
				if name == "amount" {
					rule = "gt" // an int64: "required" would be a zero check
				}
				requireFieldError(t, err, name, rule)
				require.Len(t, err.(validate.Errors), 1)
			})
		}
		// Every required member is in the example, so each was tested.
		for _, name := range c.required {
			require.Contains(t, members, name, "%s example lacks %s", c.name, name)
		}
	}
}

// Members the document marks optional differ between endpoints.
func TestEndpointDifferences(t *testing.T) {
	c := caseNamed(t, "InitPayment")
	v := decodeCase(t, c, withMember(t, c.body, "merchant_site", nil, true))
	require.NoError(t, validate.Struct(v), "merchant_site is optional for initPayment")

	for _, name := range []string{"CardPayment", "Authorize"} {
		c := caseNamed(t, name)
		v := decodeCase(t, c, withMember(t, c.body, "merchant_site", nil, true))
		requireFieldError(t, validate.Struct(v), "merchant_site", "required")
	}

	names := jsonFieldNames(reflect.TypeOf(caseNamed(t, "Authorize").newReq()).Elem())
	require.NotContains(t, names, "customer_ip_address", "authorize takes no customer IP")
}

// badValues maps a member to non-zero values that must fail, and the rule
// that should fail. They are applied to every request type that has the
// member.
var badValues = map[string]struct {
	rule string
	vals []any
}{
	"amount":                            {"gt", []any{0, -1, -1000}},
	"currency":                          {"iso4217", []any{"eur", "EURO", "XXY", "€", " EUR"}},
	"customer_country":                  {"iso3166_1_alpha2", []any{"gb", "GBR", "UK", "G"}},
	"customer_phone":                    {"phone", []any{"+44 20 7946 0612", "123456", "+1234567890123456", "44-207-946", "++4420794606", "phone", "-4420794606"}},
	"customer_email":                    {"email", []any{"john", "john@", "@example.com", "john@example", "john..doe@example.com", "John <john@example.com>", "john@exa mple.com", "john@-example.com", "john@example.123"}},
	"customer_ip_address":               {"ip", []any{"localhost", "256.1.1.1", "127.0.0", "fe80::1%eth0", "127.000.000.001", "1.2.3.4/24"}},
	"merchant_site":                     {"weburl", []any{"merchant.site", "ftp://merchant.site", "javascript:alert(1)"}},
	"callback_url":                      {"weburl", []any{"javascript:alert(1)", "mailto:a@b.com", "/callback", "http://", "http:///x", "https://user:pw@site.com/cb", "https://site.com/a b"}},
	"success_url":                       {"weburl", []any{"//site.com/success", "site.com", "http:/site.com"}},
	"fail_url":                          {"weburl", []any{"data:text/html,x", "https://site.com:99999/"}},
	"status_url":                        {"weburl", []any{"https://[::1/x", "https://user@site.com", "https://-site.com/", "https://site-.com", "https://site..com", "https://site.com:/", "https://[fe80::1%25eth0]/", "https://bücher.de/"}},
	"card_number":                       {"pan", []any{"4012 0000 0000 3010", "4012-0000-0000-3010", "4012000000003011", "40120000003", "40120000000030100000", "-4012000000003010", "4012000000003010.0"}},
	"customer_card_number":              {"pan", []any{"4123 5400 0398 1114", "4123540003981115"}},
	"card_exp_month":                    {"expmonth", []any{"13", "00", "2", "002", "-1", "+2", "1.", 2}},
	"customer_card_exp_month":           {"expmonth", []any{"13", "0x"}},
	"card_exp_year":                     {"expyear", []any{"2025", "5", "+5", "-5", "2a"}},
	"customer_card_exp_year":            {"expyear", []any{"2025"}},
	"card_cvv":                          {"cvv", []any{"12", "12345", "-12", "+123", "1.5", "12a"}},
	"apple_pay_dpan":                    {"base64any", []any{"not base64!", "a", "ab=c", "abc==="}},
	"google_pay_dpan":                   {"base64any", []any{"ab+c-d", "====", "eyJ\nzaWd"}},
	"apple_pay_payment_method_network":  {"cardnetwork", []any{"Visa ", "paypal", "master card"}},
	"google_pay_payment_method_network": {"cardnetwork", []any{"VISA_DEBIT", "x"}},
	"recur_freq":                        {"gte", []any{-1}},
	"recur_exp":                         {"iso8601", []any{"2023-12-13", "2023-12-13 14:00:53Z", "2023-12-13T14:00:53", "2023-13-13T14:00:53Z", "2023-02-30T14:00:53Z", "1702476053"}},
	"recur_period":                      {"oneof", []any{"02", "1", "daily"}},
	"form_prefilled_phone":              {"phone", []any{"712-232-1576", "71223"}},
	"phone_withdrawal":                  {"phone", []any{"7 912 345 67 89", "+7(912)3456789"}},
	"customer_birthdate":                {"birthdate", []any{"1997-06-06", "31.02.1997", "6.6.1997", "06/06/1997", "29.02.2023", "00.01.2000", "06.06.97"}},
	"payment_method":                    {"eq", []any{"Card", "other"}},
}

func TestFormatRules(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range cases {
		typ := reflect.TypeOf(c.newReq()).Elem()
		for _, name := range jsonFieldNames(typ) {
			bad, ok := badValues[name]
			if !ok || !hasRule(validateTag(typ, name), bad.rule) {
				continue // no such member, or not checked by this rule here
			}
			seen[name] = true
			for _, val := range bad.vals {
				t.Run(c.name+"/"+name, func(t *testing.T) {
					v := decodeCase(t, c, withMember(t, c.body, name, val, false))
					requireFieldError(t, validate.Struct(v), name, bad.rule)
				})
			}
		}
	}
	for name := range badValues {
		require.True(t, seen[name], "no request type has %s", name)
	}
}

// Values the rules must accept beyond the document's own.
func TestFormatRulesAccept(t *testing.T) {
	good := map[string][]any{
		"customer_phone":                   {"442079460612", "+12345678", "0791112345"},
		"customer_email":                   {"a.b+tag@mail.example.co.uk", "o'neil@example.com", "user@xn--bcher-kva.example", "ü@bücher.de"},
		"customer_ip_address":              {"::1", "2001:db8::8a2e:370:7334", "10.0.0.1", "::ffff:10.0.0.1"},
		"callback_url":                     {"HTTPS://SITE.COM", "http://127.0.0.1:8080/cb?x=1&y=%20#frag", "https://[2001:db8::1]:443/cb", "https://a_b.example/"},
		"card_number":                      {"4003830171874018", "378282246310005", "6011111111111117", "4111111111111111110", "501800000009"},
		"card_exp_month":                   {"01", "12"},
		"card_cvv":                         {"1234", "000"},
		"apple_pay_payment_method_network": {"MasterCard", "AmEx", "CARTESBANCAIRES", "unionpay", "MIR"},
		"recur_exp":                        {"2023-12-13T14:00:53.421Z", "2023-12-13T14:00:53Z", "2024-02-29T23:59:59+03:00", "2023-12-13T14:00:53.123456789-05:30"},
		"apple_pay_dpan":                   {"QQ", "QQ==", "QUI=", "QUI", "_-8", "+/8="},
	}
	for _, c := range cases {
		for _, name := range jsonFieldNames(reflect.TypeOf(c.newReq()).Elem()) {
			for _, val := range good[name] {
				t.Run(c.name+"/"+name, func(t *testing.T) {
					v := decodeCase(t, c, withMember(t, c.body, name, val, false))
					require.NoError(t, validate.Struct(v), "%s=%v", name, val)
				})
			}
		}
	}
}

// Capture's amount is optional, a string of cents, and may not be negative.
func TestCaptureAmount(t *testing.T) {
	c := caseNamed(t, "Capture/Amount")
	v := decodeCase(t, c, withMember(t, c.body, "amount", "-5", false))
	requireFieldError(t, validate.Struct(v), "amount", "gte")
	v = decodeCase(t, c, withMember(t, c.body, "amount", "0", false))
	require.NoError(t, validate.Struct(v))
}

// hasRule reports whether the validate tag has the rule (tag name before
// any '=').
func hasRule(tag, rule string) bool {
	for _, r := range strings.Split(tag, ",") {
		name, _, _ := strings.Cut(r, "=")
		if name == rule {
			return true
		}
	}
	return false
}

func caseNamed(t *testing.T, name string) reqCase {
	t.Helper()
	for _, c := range cases {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no case %s", name)
	return reqCase{}
}

// Struct is safe for concurrent use, including the first use of a type
// (plan compilation) and of a currency or country code (memoisation).
func TestStructConcurrent(t *testing.T) {
	type fresh struct {
		Currency string `json:"currency" validate:"required,iso4217"`
		Country  string `json:"country" validate:"omitempty,iso3166_1_alpha2"`
	}
	codes := []string{"USD", "GBP", "JPY", "CHF", "xx"}
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for j := range 50 {
				c := codes[(i+j)%len(codes)]
				err = errors.Join(err, ignoreErrors(validate.Struct(fresh{Currency: c, Country: "DE"})))
				err = errors.Join(err, validate.Struct(&smartcore.CheckRequest{OrderID: "o"}))
			}
			done <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-done)
	}
	requireFieldError(t, validate.Struct(fresh{Currency: "xx"}), "currency", "iso4217")
}

// ignoreErrors keeps only errors that are not validate.Errors.
func ignoreErrors(err error) error {
	if errors.As(err, &validate.Errors{}) {
		return nil
	}
	return err
}
