package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/sandbox/internal/rules"
	"github.com/smartcorekit/smartcore/validate"
)

// The oracle: every example request of the document, and variants of them
// that the document allows or forbids, go to the sandbox (which checks them
// against internal/rules, transcribed from the document) and to the kit (the
// middleware that receives requests, validate.JSON: its decoding, then
// validate.Struct). Any request one accepts and the
// other refuses is a disagreement, reported with the endpoint, the
// variant and the fields each side named. The sandbox must also give the
// document's verdict on every variant.

// oracleExample ties a document example to its table and to the kit's
// request type for it.
type oracleExample struct {
	ex    docexamples.Example
	table *rules.Table
	kit   func() any                                             // a new kit request of the example's type
	json  func(validate.Options) func(http.Handler) http.Handler // validate.JSON for that type
}

func example[T any](ex docexamples.Example, table *rules.Table) oracleExample {
	return oracleExample{ex, table, func() any { return new(T) }, validate.JSON[T]}
}

func oracleExamples() []oracleExample {
	return []oracleExample{
		example[smartcore.InitPaymentRequest](docexamples.InitPayment, &rules.InitPaymentTable),
		example[smartcore.InitPaymentRequest](docexamples.MobileCommerce, &rules.MobileCommerceTable),
		example[smartcore.CardPaymentRequest](docexamples.CardPayment, &rules.CardPaymentTable),
		example[smartcore.ApplePayPaymentRequest](docexamples.ApplePay, &rules.ApplePayTable),
		example[smartcore.GooglePayPaymentRequest](docexamples.GooglePay, &rules.GooglePayTable),
		example[smartcore.CheckRequest](docexamples.Check, &rules.CheckTable),
		example[smartcore.RefundRequest](docexamples.Refund, &rules.RefundTable),
		example[smartcore.RecurrentRequest](docexamples.Recurrent, &rules.RecurrentTable),
		example[smartcore.TokenizeFormRequest](docexamples.TokenizeForm, &rules.TokenizeFormTable),
		example[smartcore.CardWithdrawalRequest](docexamples.CardWithdrawal, &rules.CardWithdrawalTable),
		example[smartcore.PhoneWithdrawalRequest](docexamples.PhoneWithdrawal, &rules.PhoneWithdrawalTable),
		example[smartcore.TokenWithdrawalRequest](docexamples.TokenWithdrawal, &rules.TokenWithdrawalTable),
		example[smartcore.BalanceRequest](docexamples.Balance, &rules.BalanceTable),
		example[smartcore.AuthorizeRequest](docexamples.Authorize, &rules.AuthorizeTable),
		example[smartcore.CaptureRequest](docexamples.Capture, &rules.CaptureTable),
		example[smartcore.CancelRequest](docexamples.Cancel, &rules.CancelTable),
	}
}

// variant is one request: an example's body with fields set or deleted,
// and the document's verdict on it.
type variant struct {
	name  string
	field string         // the field the variant is about
	set   map[string]any // fields to set; a nil value deletes the field
	valid bool
}

// documentVariants are the hand-picked variants for an example, besides
// the systematic ones (see allVariants). Each is valid or invalid by the
// document's own words.
func documentVariants(ex oracleExample) []variant {
	body := exampleBody(ex.ex)
	var vs []variant
	add := func(valid bool, field string, value any) {
		if _, ok := body[field]; !ok && !hasRow(ex.table, field) {
			return
		}
		vs = append(vs, variant{name: fmt.Sprintf("%s=%v", field, value), field: field, set: map[string]any{field: value}, valid: valid})
	}
	// Valid: the document states no format for these.
	for _, phone := range []string{"+44 20 7946 0612", "+1 (555) 010-0000", "7122321576"} {
		add(true, "customer_phone", phone)
		add(true, "form_prefilled_phone", phone)
		add(true, "phone_withdrawal", phone)
	}
	for _, exp := range []string{"2023-12-13T14:00:53.421Z", "2023-12-13", "2023-12-13T14:00:53", "2023-12-13T14:00:53+01:00"} {
		add(true, "recur_exp", exp)
	}
	for _, network := range []string{"Visa", "MASTERCARD", "mada", "QUICPay", "Interac", "eftpos"} {
		add(true, "apple_pay_payment_method_network", network)
		add(true, "google_pay_payment_method_network", network)
	}
	add(true, "customer_country", "GBR")
	add(true, "customer_zip_code", "121165")
	add(true, "customer_zip_code", json.Number("121165"))
	add(true, "customer_zip_code", "SW1A 2AA")
	add(true, "customer_birthdate", "1997-06-06")
	add(true, "recurrent", true)
	add(true, "recur_freq", json.Number("30"))
	add(true, "browser_java_enabled", false)
	add(true, "browser_color_depth", json.Number("24"))
	add(true, "browser_screen_height", "1080")
	for _, p := range []string{"01", "03", "06", "09", "11"} {
		add(true, "recur_period", p)
	}
	if ex.ex.Path == "/capture" {
		add(true, "amount", "500")
		add(true, "amount", json.Number("500"))
	}
	add(true, "callback_url", "http://127.0.0.1:8080/callback")

	// Invalid: outside the values the document lists, or not of its type.
	add(false, "recur_period", "02")
	add(false, "recur_period", "6")
	add(false, "recur_period", "monthly")
	switch ex.ex.Path {
	case "/initPaymentHost2Host", "/withdrawal/init":
		add(false, "payment_method", "cash")
		add(false, "payment_method", "CARD")
	}
	add(false, "recur_exp", "13/12/2023")
	add(false, "recur_exp", "2023-13-01")
	add(false, "recurrent", "yes")
	add(false, "currency", "EURO")
	if ex.ex.Path != "/capture" {
		add(false, "amount", json.Number("0"))
		add(false, "amount", json.Number("-1000"))
		add(false, "amount", json.Number("10.5"))
	} else {
		add(false, "amount", "ten")
	}
	add(false, "order_id", json.RawMessage(`{"id":1}`))
	add(false, "order_id", "")

	// Issue 17: a String is a JSON string or any JSON number, and nothing
	// else (the systematic variants in allVariants try every String row);
	// the string "null" is a value like any other.
	add(true, "order_id", json.Number("12345"))
	add(true, "order_id", json.Number("-1.5e3"))
	add(true, "customer_zip_code", json.Number("0.5"))
	add(true, "customer_zip_code", "null")
	add(true, "order_id", "null")
	// recur_exp: a Long by its table, ISO 8601 by its description.
	for _, exp := range []any{json.Number("1702476053421"), "1702476053421", json.Number("20231213"), "20231213", json.Number("-1")} {
		add(true, "recur_exp", exp)
	}
	for _, exp := range []any{json.Number("1.5"), json.Number("1e3"), json.Number("9223372036854775808"), "+1702476053421", "1702476053421ms", true} {
		add(false, "recur_exp", exp)
	}
	// Wallet data wrapped in lines, as RFC 2045 (MIME) writes base64.
	for _, field := range []string{"apple_pay_dpan", "google_pay_dpan"} {
		if dpan, ok := body[field].(string); ok {
			add(true, field, wrap(dpan, 76, "\r\n"))
			add(true, field, wrap(dpan, 76, "\n")+"\n")
			add(true, field, wrap(dpan, 64, "\n"))
		}
	}
	return vs
}

// wrap breaks s into lines of n characters joined by eol.
func wrap(s string, n int, eol string) string {
	var lines []string
	for len(s) > n {
		lines, s = append(lines, s[:n]), s[n:]
	}
	return strings.Join(append(lines, s), eol)
}

// noNumber lists the String rows whose description the kit reads as a
// format that no number has (an e-mail address, a URL, an IP address):
// validate.Struct checks those, the sandbox checks types only.
var noNumber = map[string]bool{
	"customer_email": true, "customer_ip_address": true, "merchant_site": true,
	"callback_url": true, "success_url": true, "fail_url": true, "status_url": true,
}

// allVariants is the example itself, then for each row of its table that
// the example carries: the field deleted (valid exactly when the row is
// optional) and, for required rows, the field null; for String rows, the
// field a JSON number (valid, unless the kit reads the row as a format no
// number has) and true and false (invalid); then the hand-picked variants.
func allVariants(ex oracleExample) []variant {
	body := exampleBody(ex.ex)
	vs := []variant{{name: "as in the document", valid: true}}
	for _, r := range ex.table.Rows {
		if _, ok := body[r.Name]; !ok {
			continue
		}
		vs = append(vs, variant{name: "without " + r.Name, field: r.Name, set: map[string]any{r.Name: nil}, valid: !r.Required})
		if r.Required {
			vs = append(vs, variant{name: r.Name + "=null", field: r.Name, set: map[string]any{r.Name: json.RawMessage("null")}, valid: false})
		}
		if !r.IsString() {
			continue
		}
		if !noNumber[r.Name] {
			vs = append(vs, variant{name: r.Name + "=7122321576", field: r.Name, set: map[string]any{r.Name: json.Number("7122321576")}, valid: true})
		}
		for _, b := range []bool{true, false} {
			vs = append(vs, variant{name: fmt.Sprintf("%s=%v", r.Name, b), field: r.Name, set: map[string]any{r.Name: b}, valid: false})
		}
	}
	return append(vs, documentVariants(ex)...)
}

func hasRow(t *rules.Table, field string) bool {
	return slices.ContainsFunc(t.Rows, func(r rules.Rule) bool { return r.Name == field })
}

// exampleBody parses an example's request body, numbers as json.Number.
func exampleBody(ex docexamples.Example) map[string]any {
	m, err := rules.Parse([]byte(ex.Request))
	if err != nil {
		panic(ex.Name + ": " + err.Error())
	}
	return m
}

// render applies v to the example's body and encodes it.
func (v variant) render(ex docexamples.Example) []byte {
	body := exampleBody(ex)
	for k, val := range v.set {
		if val == nil {
			delete(body, k)
		} else {
			body[k] = val
		}
	}
	data, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	return data
}

// sandboxVerdict posts body to a fresh sandbox where the example's curl
// line points and returns whether its checks let the request through
// (any answer but 400 VALIDATION_PROCESSING_ERROR: an unknown order_id's
// 404 is not a refusal of the request's shape) and the refusal message.
func sandboxVerdict(t *testing.T, ex docexamples.Example, body []byte) (bool, string) {
	t.Helper()
	s := New(Options{})
	defer func() { _ = s.Close() }()
	path := ex.Path
	if ex.Host == docexamples.PCI {
		path = "/pci" + path
	}
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1"+path, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(s.MerchantKey(), s.Secret())
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var e errorBody
	_ = json.Unmarshal(rec.Body.Bytes(), &e)
	require.False(t, rec.Code == http.StatusNotFound && e.Err == CodeNotFound, "%s is not served where the example points", path)
	refused := rec.Code == http.StatusBadRequest && e.Err == codeValidation
	return !refused, e.Msg
}

// kitVerdict posts body to the kit's receiving side for the example's
// request type, validate.JSON (which decodes it and applies validate.Struct,
// or validate.Strict when strict), and returns whether the kit accepts it
// and, if not, what it said (the cause, or the failing fields' messages).
func kitVerdict(ex oracleExample, body []byte, strict bool) (bool, string) {
	var rejected error
	accepted := false
	h := ex.json(validate.Options{Strict: strict, ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
		rejected = err
		w.WriteHeader(http.StatusBadRequest)
	}})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { accepted = true }))
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if accepted {
		return true, ""
	}
	var fe validate.Errors
	if errors.As(rejected, &fe) {
		msgs := make([]string, len(fe))
		for i, f := range fe {
			msgs[i] = f.Error()
		}
		return false, strings.Join(msgs, "; ")
	}
	return false, fmt.Sprint(rejected)
}

func verdict(ok bool) string {
	if ok {
		return "accepts"
	}
	return "refuses"
}

// oracle runs every example and variant through the sandbox and through
// the kit's decoding and check, and returns the disagreements between
// them, and the variants where the sandbox's verdict is not the
// document's.
func oracle(t *testing.T, strict bool) (disagreements, wrong []string) {
	t.Helper()
	n := 0
	defer func() { t.Logf("%d requests, %d disagreements", n, len(disagreements)) }()
	for _, ex := range oracleExamples() {
		for _, v := range allVariants(ex) {
			n++
			body := v.render(ex.ex)
			sbOK, sbMsg := sandboxVerdict(t, ex.ex, body)
			kitOK, kitMsg := kitVerdict(ex, body, strict)
			where := fmt.Sprintf("%s %s (%s), variant %q, field %q", ex.ex.Method, ex.ex.Path, ex.table.Endpoint, v.name, v.field)
			if sbOK != v.valid {
				wrong = append(wrong, fmt.Sprintf("%s: the document %s it but the sandbox %s it (%s)", where, verdict(v.valid), verdict(sbOK), sbMsg))
			}
			if sbOK != kitOK {
				d := fmt.Sprintf("%s: the sandbox %s it, the kit %s it", where, verdict(sbOK), verdict(kitOK))
				if sbOK {
					d += " — kit: " + kitMsg
				} else {
					d += " — sandbox: " + sbMsg
				}
				disagreements = append(disagreements, d)
			}
		}
	}
	return disagreements, wrong
}

// TestOracleSandboxAgreesWithTheKit is the differential test of section 1
// of issue 10: the sandbox against the kit's validation (validate.Struct,
// the document's level), on the document's examples and their variants.
func TestOracleSandboxAgreesWithTheKit(t *testing.T) {
	t.Parallel()
	disagreements, wrong := oracle(t, false)
	for _, w := range wrong {
		t.Error(w)
	}
	for _, d := range disagreements {
		t.Error("disagreement: " + d)
	}
}

// TestOracleCatchesAStricterKit shows that the oracle can fail: with
// validate.Strict, whose formats the document does not state (phones as
// digits only, listed card networks, ...), the kit refuses variants the
// sandbox accepts, and the oracle names them.
func TestOracleCatchesAStricterKit(t *testing.T) {
	t.Parallel()
	disagreements, wrong := oracle(t, true)
	require.Empty(t, wrong)
	want := `POST /initPaymentHost2Host (initPaymentHost2Host (card)), variant "customer_phone=+44 20 7946 0612", field "customer_phone": the sandbox accepts it, the kit refuses it — kit: `
	require.True(t, slices.ContainsFunc(disagreements, func(d string) bool { return strings.HasPrefix(d, want) }), "%q", disagreements)
}

// Every request type the handlers decode has a table, and every row of
// every table lands in a field of that type: a row without a field would
// be checked and then dropped.
func TestEveryRequestTypeHasATable(t *testing.T) {
	t.Parallel()
	for _, ex := range oracleExamples() {
		v := ex.kit()
		got := rules.For(v, map[string]any{})
		if ex.table == &rules.MobileCommerceTable {
			got = rules.For(v, map[string]any{"form_prefilled_phone": "1"})
		}
		require.Same(t, ex.table, got, ex.ex.Name)
		slots := rules.FieldSlots(reflect.TypeOf(v).Elem())
		for _, r := range ex.table.Rows {
			require.Contains(t, slots, r.Name, "%s: row %s has no field in %T", ex.ex.Name, r.Name, v)
		}
	}
	require.Nil(t, rules.For(new(int), nil))
}
