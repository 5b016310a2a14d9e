package rules

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
)

func TestISO8601(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"2023-12-13T14:00:53.421Z", "2023-12-13", "20231213", "2023-12-13T14:00:53",
		"2023-12-13T14:00", "2023-12-13T14", "2023-12-13T14:00:53+01:00", "2023-12-13T14:00:53-0500",
		"2023-12-13T14:00:53+01", "20231213T140053Z", "2023-12-13T14:00:53,5Z", "2024-02-29",
		"2023-12-13T23:59:60Z",
	} {
		require.True(t, isISO8601(s), s)
	}
	for _, s := range []string{
		"", "2023", "2023-12", "13/12/2023", "2023-13-01", "2023-02-29", "2023-12-32", "2023-12-13T",
		"2023-12-13T24:00", "2023-12-13T14:60", "2023-12-13 14:00:53", "2023-12-13T14:00:53.Z",
		"2023-12-13T14:00:53+25:00", "2023-12-13T14:00:53Zjunk", "2023-W50-3", "2023-347",
		"2023-12-13t14:00:53z", "１２３４-12-13",
	} {
		require.False(t, isISO8601(s), s)
	}
}

// rfc3339 is RFC 3339's date-time with upper-case T and Z: Go's
// time.Parse also takes one-digit hours, which RFC 3339 does not.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

// Every RFC 3339 timestamp that Go's time package accepts (so a real date
// and time) is ISO 8601 too.
func FuzzISO8601AcceptsRFC3339(f *testing.F) {
	for _, s := range []string{"2023-12-13T14:00:53.421Z", "2023-12-13T14:00:53+01:00", "2024-02-29T00:00:00Z", "x", "0000-01-01T0:00:00+00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok := isISO8601(s) // never panics
		if _, err := time.Parse(time.RFC3339Nano, s); err == nil && rfc3339.MatchString(s) {
			require.True(t, ok, "%q is RFC 3339", s)
		}
	})
}

func TestValueTypes(t *testing.T) {
	t.Parallel()
	num := func(s string) any { return json.Number(s) }
	for _, c := range []struct {
		typ    valueType
		ok, no []any
	}{
		{typString, []any{"x", num("121165"), num("1.5")}, []any{true, map[string]any{}, []any{"x"}}},
		{typLong, []any{num("0"), num("-3"), num("9223372036854775807")}, []any{"1", num("1.0"), num("1e3"), num("9223372036854775808"), true}},
		{typBoolean, []any{true, false}, []any{"true", num("1")}},
		{typCents, []any{num("1"), num("1000")}, []any{num("0"), num("-5"), num("10.5"), "1000"}},
		{typCentsText, []any{"500", "0", num("500")}, []any{"ten", "-5", "5.0", " 5", "99999999999999999999"}},
		{typAlpha3, []any{"EUR", "eur"}, []any{"EURO", "E1R", num("978")}},
		{typISO8601, []any{"2023-12-13", num("1702476053")}, []any{"tomorrow", true}},
		{oneOf("01", "03"), []any{"01", "03"}, []any{"02", "1", num("1")}},
	} {
		for _, v := range c.ok {
			require.Empty(t, c.typ.mismatch(v), "%v %#v", c.typ, v)
		}
		for _, v := range c.no {
			require.NotEmpty(t, c.typ.mismatch(v), "%v %#v", c.typ, v)
		}
	}
}

func TestParseObject(t *testing.T) {
	t.Parallel()
	for _, body := range []string{"", "null", "[]", `"x"`, "{", `{"a":1} {"b":2}`, `{"a":1}x`} {
		_, err := Parse([]byte(body))
		require.Error(t, err, body)
	}
	m, err := Parse([]byte(" \n{\"a\": 1, \"b\": \"x\", \"c\": null}\n"))
	require.NoError(t, err)
	require.Equal(t, map[string]any{"a": json.Number("1"), "b": "x", "c": nil}, m)
}

// Fill copies exactly the checked values, by their exact JSON names, into
// the kit's request type: numbers into strings, strings of digits into
// int64 (capture), booleans into bool and *bool.
func TestFill(t *testing.T) {
	t.Parallel()
	m, err := Parse([]byte(docexamples.CardPayment.Request))
	require.NoError(t, err)
	m["browser_java_enabled"] = false
	m["recur_exp"] = "2023-12-13"
	m["ORDER_ID"] = "not a documented name"
	var req smartcore.CardPaymentRequest
	require.Empty(t, CardPaymentTable.Check(m))
	Fill(&req, &CardPaymentTable, m)
	require.Equal(t, "sandboxId_1015", req.OrderID)
	require.Equal(t, int64(1000), req.Amount)
	require.Equal(t, smartcore.Text("121165"), req.ZipCode)
	require.Equal(t, "4012000000003010", req.Card.Number)
	require.Equal(t, "2023-12-13", req.RecurExp)
	require.NotNil(t, req.JavaEnabled)
	require.False(t, *req.JavaEnabled)
	require.Nil(t, req.JSEnabled)

	var capture smartcore.CaptureRequest
	cm := map[string]any{"order_id": "o", "amount": "250"}
	require.Empty(t, CaptureTable.Check(cm))
	Fill(&capture, &CaptureTable, cm)
	require.Equal(t, smartcore.CaptureRequest{OrderID: "o", Amount: 250}, capture)
}

// No body makes the check or the fill panic, and a refusal never quotes
// the body.
func FuzzRequestCheck(f *testing.F) {
	for _, ex := range docexamples.All() {
		f.Add(ex.Request)
	}
	f.Add(`{"amount":"4012000000003010","card_number":{"x":1},"recur_exp":"secret"}`)
	tables := []*Table{&InitPaymentTable, &MobileCommerceTable, &CardPaymentTable, &ApplePayTable, &GooglePayTable,
		&CheckTable, &RefundTable, &RecurrentTable, &TokenizeFormTable, &CardWithdrawalTable, &PhoneWithdrawalTable,
		&TokenWithdrawalTable, &BalanceTable, &AuthorizeTable, &CaptureTable, &CancelTable}
	kits := []func() any{
		func() any { return new(smartcore.InitPaymentRequest) }, func() any { return new(smartcore.InitPaymentRequest) },
		func() any { return new(smartcore.CardPaymentRequest) }, func() any { return new(smartcore.ApplePayPaymentRequest) },
		func() any { return new(smartcore.GooglePayPaymentRequest) }, func() any { return new(smartcore.CheckRequest) },
		func() any { return new(smartcore.RefundRequest) }, func() any { return new(smartcore.RecurrentRequest) },
		func() any { return new(smartcore.TokenizeFormRequest) }, func() any { return new(smartcore.CardWithdrawalRequest) },
		func() any { return new(smartcore.PhoneWithdrawalRequest) }, func() any { return new(smartcore.TokenWithdrawalRequest) },
		func() any { return new(smartcore.BalanceRequest) }, func() any { return new(smartcore.AuthorizeRequest) },
		func() any { return new(smartcore.CaptureRequest) }, func() any { return new(smartcore.CancelRequest) },
	}
	f.Fuzz(func(t *testing.T, body string) {
		m, err := Parse([]byte(body))
		if err != nil {
			return
		}
		for i, tb := range tables {
			// The only messages there are: a row's name and fixed text.
			allowed := map[string]bool{}
			for _, r := range tb.Rows {
				allowed[r.Name+" is required"] = true
				allowed[r.Name+" must be "+r.typ.mismatch(struct{}{})] = true
			}
			problems := tb.Check(m)
			for _, p := range problems {
				require.True(t, allowed[p], "%s: %q", tb.Endpoint, p)
			}
			if len(problems) == 0 {
				Fill(kits[i](), tb, m)
			}
		}
	})
}
