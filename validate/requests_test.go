package validate_test

import (
	"errors"
	"fmt"
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
			require.NoError(t, validate.Strict(v), "the document's own examples meet the strict formats")
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

// docBad maps a member to non-zero values that Struct (and so Strict)
// must refuse, and the rule that should fail: what the document states.
// They are applied to every request type that has the member.
var docBad = map[string]badSet{
	"amount":              {"gt", []any{0, -1, -1000}},
	"currency":            {"currency", []any{"EURO", "€", " EUR", "EU", "E1R"}},
	"customer_email":      {"email", []any{"john", "john@", "@example.com", "john.example.com"}},
	"customer_ip_address": {"ip", []any{"localhost", "256.1.1.1", "127.0.0", "fe80::1%eth0", "127.000.000.001", "1.2.3.4/24"}},
	"merchant_site":       {"weburl", []any{"merchant.site", "ftp://merchant.site", "javascript:alert(1)"}},
	"callback_url":        {"weburl", []any{"javascript:alert(1)", "mailto:a@b.com", "/callback", "http://", "http:///x", "https://site.com/\x7f"}},
	"success_url":         {"weburl", []any{"//site.com/success", "site.com", "http:/site.com"}},
	"fail_url":            {"weburl", []any{"data:text/html,x", "https://site.com/%zz"}},
	"status_url":          {"weburl", []any{"https://[::1/x", "https://site.com:port/"}},
	"apple_pay_dpan":      {"base64any", []any{"not base64!", "a", "ab=c", "abc==="}},
	"google_pay_dpan":     {"base64any", []any{"ab+c-d", "====", "eyJ zaWd", "eyJ\tzaWd", "\r\n", "a\nb\nc\nd\ne"}},
	"recur_freq":          {"gte", []any{-1}},
	"recur_exp": {"iso8601", []any{"2023-12-13 14:00:53Z", "2023-13-13T14:00:53Z", "2023-02-30T14:00:53Z",
		"+1702476053", "1702476053.5", "1e3", "9223372036854775808", "-", "1702476053ms", "2023-12", "2023-W50-3", "2023-347", "13.12.2023", "2023-12-13T25:00:00Z", "2023-12-13T14:00:53+25:00",
		"2023-12-13T14:0053", "2023-12-13T14:00:53.", "2023-12-13Z", "Dec 13 2023", "2023-12-13T"}},
	"recur_period":   {"oneof", []any{"02", "1", "daily"}},
	"payment_method": {"eq", []any{"Card", "other"}},
}

// strictBad maps a member to values the document allows, so Struct
// accepts them, but the strict formats refuse, with the rule that fails.
var strictBad = map[string]badSet{
	"currency":                          {"currency", []any{"eur", "XXY"}},
	"customer_country":                  {"country", []any{"gb", "GBR", "UK", "G", "826"}},
	"customer_phone":                    {"phone", []any{"+44 20 7946 0612", "+1 (555) 010-0000", "0044-20-7946-0612", "123456", "+1234567890123456", "44-207-946", "++4420794606", "phone", "-4420794606"}},
	"customer_email":                    {"email", []any{"john@example", "john..doe@example.com", "John <john@example.com>", "john@exa mple.com", "john@-example.com", "john@example.123"}},
	"callback_url":                      {"weburl", []any{"https://user:pw@site.com/cb", "https://site.com/a b"}},
	"fail_url":                          {"weburl", []any{"https://site.com:99999/"}},
	"status_url":                        {"weburl", []any{"https://user@site.com", "https://-site.com/", "https://site-.com", "https://site..com", "https://site.com:/", "https://[fe80::1%25eth0]/"}},
	"card_number":                       {"pan", []any{"4012 0000 0000 3010", "4012-0000-0000-3010", "4012000000003011", "40120000003", "40120000000030100000", "-4012000000003010", "4012000000003010.0"}},
	"customer_card_number":              {"pan", []any{"4123 5400 0398 1114", "4123540003981115"}},
	"card_exp_month":                    {"expmonth", []any{"13", "00", "2", "002", "-1", "+2", "1."}},
	"customer_card_exp_month":           {"expmonth", []any{"13", "0x"}},
	"card_exp_year":                     {"expyear", []any{"2025", "5", "+5", "-5", "2a"}},
	"customer_card_exp_year":            {"expyear", []any{"2025"}},
	"card_cvv":                          {"cvv", []any{"12", "12345", "-12", "+123", "1.5", "12a"}},
	"apple_pay_payment_method_network":  {"cardnetwork", []any{"Visa ", "paypal", "master card", "mada", "Bancontact"}},
	"google_pay_payment_method_network": {"cardnetwork", []any{"VISA_DEBIT", "x", "QUICPay"}},
	"recur_exp":                         {"iso8601", []any{"1702476053421", "2023-12-13", "2023-12-13T14:00:53", "2023-12-13T14:00:53+0000", "20231213T140053Z", "2023-12-13T14:00:53,5Z"}},
	"form_prefilled_phone":              {"phone", []any{"712-232-1576", "71223", "+1 (555) 010-0000"}},
	"phone_withdrawal":                  {"phone", []any{"7 912 345 67 89", "+7(912)3456789", "0044-20-7946-0612"}},
	"customer_birthdate":                {"birthdate", []any{"1997-06-06", "31.02.1997", "6.6.1997", "06/06/1997", "29.02.2023", "00.01.2000", "06.06.97"}},
}

type badSet struct {
	rule string
	vals []any
}

// forEachMember runs fn for every request case with every member of table
// whose tag carries the table's rule, and fails when a member of the
// table is in no request type.
func forEachMember(t *testing.T, table map[string]badSet, fn func(t *testing.T, c reqCase, name string, bad badSet)) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cases {
		typ := reflect.TypeOf(c.newReq()).Elem()
		for _, name := range jsonFieldNames(typ) {
			bad, ok := table[name]
			if !ok || !hasRule(validateTag(typ, name), bad.rule) {
				continue // no such member, or not checked by this rule here
			}
			seen[name] = true
			fn(t, c, name, bad)
		}
	}
	for name := range table {
		require.True(t, seen[name], "no request type has %s", name)
	}
}

// What the document states is refused by Struct and by Strict.
func TestFormatRules(t *testing.T) {
	forEachMember(t, docBad, func(t *testing.T, c reqCase, name string, bad badSet) {
		for _, val := range bad.vals {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				v := decodeCase(t, c, withMember(t, c.body, name, val, false))
				requireFieldError(t, validate.Struct(v), name, bad.rule)
				requireFieldError(t, validate.Strict(v), name, bad.rule)
			})
		}
	})
}

// What the document leaves open passes Struct and fails only Strict.
func TestStrictRules(t *testing.T) {
	forEachMember(t, strictBad, func(t *testing.T, c reqCase, name string, bad badSet) {
		for _, val := range bad.vals {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				v := decodeCase(t, c, withMember(t, c.body, name, val, false))
				require.NoError(t, validate.Struct(v), "%s=%v is allowed by the document", name, val)
				fe := requireFieldError(t, validate.Strict(v), name, bad.rule)
				// (recur_exp's message shows the document's example date.)
				if s := fmt.Sprint(val); len(s) >= 6 && name != "recur_exp" {
					require.NotContains(t, fe.Error(), s)
				}
			})
		}
	})
}

// issueValues are the values of issue 9 that the kit used to refuse and
// the document allows: Struct must accept each in every member named.
var issueValues = map[string][]any{
	"customer_phone":       {"+44 20 7946 0612", "+1 (555) 010-0000", "0044-20-7946-0612", "442079460612"},
	"form_prefilled_phone": {"+44 20 7946 0612", "+1 (555) 010-0000", "0044-20-7946-0612", "442079460612"},
	"phone_withdrawal":     {"+44 20 7946 0612", "+1 (555) 010-0000", "0044-20-7946-0612", "442079460612"},
	"recur_exp": {"2023-12-13", "2023-12-13T14:00:53", "2023-12-13T14:00:53Z", "2023-12-13T14:00:53+0000",
		"2023-12-13T14:00:53.123+03:00",
		// Issue 17: the table's Long, which a JSON number reaches as its text.
		"1702476053421", "-1", "9223372036854775807"},
	// Issue 17: base64 wrapped in lines (RFC 2045).
	"apple_pay_dpan":                    {"QUJD\r\nREVG", "QUJD\nREVG\n", "QU\nI="},
	"google_pay_dpan":                   {"QUJD\r\nREVG", "QUJD\nREVG\n", "QU\nI="},
	"apple_pay_payment_method_network":  {"mada", "Bancontact", "Dankort", "CarteBancaire", "QUICPay", "JCB", "x"},
	"google_pay_payment_method_network": {"mada", "Bancontact", "Dankort", "CarteBancaire", "QUICPay", "JCB", "x"},
}

func TestIssueValuesPassStruct(t *testing.T) {
	seen := map[string]int{}
	for _, c := range cases {
		for _, name := range jsonFieldNames(reflect.TypeOf(c.newReq()).Elem()) {
			for _, val := range issueValues[name] {
				seen[name]++
				v := decodeCase(t, c, withMember(t, c.body, name, val, false))
				require.NoError(t, validate.Struct(v), "%s: %s=%v", c.name, name, val)
			}
		}
	}
	for name := range issueValues {
		require.NotZero(t, seen[name], "no request type has %s", name)
	}
	// customer_phone is checked in payments and in the three withdrawals.
	require.Equal(t, 4*(6+3), seen["customer_phone"], "customer_phone cases")
}

// Values the strict rules must accept beyond the document's own (and so
// Struct too).
func TestFormatRulesAccept(t *testing.T) {
	good := map[string][]any{
		"customer_phone":                   {"442079460612", "+12345678", "0791112345"},
		"customer_email":                   {"a.b+tag@mail.example.co.uk", "o'neil@example.com", "user@xn--bcher-kva.example", "ü@bücher.de"},
		"customer_ip_address":              {"::1", "2001:db8::8a2e:370:7334", "10.0.0.1", "::ffff:10.0.0.1"},
		"customer_country":                 {"DE", "US"},
		"currency":                         {"USD", "JPY"},
		"callback_url":                     {"HTTPS://SITE.COM", "http://127.0.0.1:8080/cb?x=1&y=%20#frag", "https://[2001:db8::1]:443/cb", "https://a_b.example/"},
		"card_number":                      {"4003830171874018", "378282246310005", "6011111111111117", "4111111111111111110", "501800000009"},
		"card_exp_month":                   {"01", "12"},
		"card_cvv":                         {"1234", "000"},
		"apple_pay_payment_method_network": {"MasterCard", "AmEx", "CARTESBANCAIRES", "unionpay", "MIR"},
		"recur_exp":                        {"2023-12-13T14:00:53.421Z", "2023-12-13T14:00:53Z", "2024-02-29T23:59:59+03:00", "2023-12-13T14:00:53.123456789-05:30", "2023-12-13T14:00:53.123+03:00"},
		"apple_pay_dpan":                   {"QQ", "QQ==", "QUI=", "QUI", "_-8", "+/8="},
	}
	for _, c := range cases {
		for _, name := range jsonFieldNames(reflect.TypeOf(c.newReq()).Elem()) {
			for _, val := range good[name] {
				t.Run(c.name+"/"+name, func(t *testing.T) {
					v := decodeCase(t, c, withMember(t, c.body, name, val, false))
					require.NoError(t, validate.Strict(v), "%s=%v", name, val)
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

// Struct and Strict are safe for concurrent use, including the first use
// of a type (go-playground caches its parsed tags) and the code lists.
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
				req := &smartcore.InitPaymentRequest{Order: smartcore.Order{Currency: c}, Customer: smartcore.Customer{Country: "DE"}}
				err = errors.Join(err, ignoreErrors(validate.Strict(req)))
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
