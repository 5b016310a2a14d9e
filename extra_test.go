package smartcore_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
)

// extras collects what Extras yields.
func extras(e smartcore.Extra) [][2]string {
	var out [][2]string
	for name, value := range e.Extras() {
		out = append(out, [2]string{name, string(value)})
	}
	return out
}

func TestAddExtraEncodesAnyJSONValue(t *testing.T) {
	var r smartcore.CheckRequest
	require.NoError(t, r.AddExtra("n", 3))
	require.NoError(t, r.AddExtra("s", "x<y"))
	require.NoError(t, r.AddExtra("b", false))
	require.NoError(t, r.AddExtra("null", nil))
	require.NoError(t, r.AddExtra("o", map[string]int{"a": 1}))
	require.NoError(t, r.AddExtra("raw", json.RawMessage(` [1, 2] `)))
	require.Equal(t, [][2]string{
		{"n", "3"}, {"s", `"x\u003cy"`}, {"b", "false"}, {"null", "null"}, {"o", `{"a":1}`}, {"raw", "[1,2]"},
	}, extras(r.Extra))
}

func TestAddExtraRefusals(t *testing.T) {
	var r smartcore.RefundRequest
	require.NoError(t, r.AddExtra("plan", 1))
	for name, tc := range map[string]struct {
		member string
		value  any
	}{
		"empty name":           {"", 1},
		"added twice":          {"plan", 2},
		"added twice, in case": {"PLAN", 2},
		"not encodable":        {"f", func() {}},
		"NaN":                  {"f", math.NaN()},
		"invalid raw JSON":     {"f", json.RawMessage(`{`)},
	} {
		t.Run(name, func(t *testing.T) {
			err := r.AddExtra(tc.member, tc.value)
			require.ErrorContains(t, err, "AddExtra")
			require.Equal(t, [][2]string{{"plan", "1"}}, extras(r.Extra), "nothing added")
		})
	}
}

func TestExtraCopiesAreIndependent(t *testing.T) {
	var a smartcore.CheckRequest
	require.NoError(t, a.AddExtra("x", 1))
	b := a
	require.NoError(t, b.AddExtra("y", 2))
	c := a
	require.NoError(t, c.AddExtra("z", 3))
	require.Equal(t, [][2]string{{"x", "1"}}, extras(a.Extra))
	require.Equal(t, [][2]string{{"x", "1"}, {"y", "2"}}, extras(b.Extra))
	require.Equal(t, [][2]string{{"x", "1"}, {"z", "3"}}, extras(c.Extra))
	require.False(t, a == b, "request types stay comparable")
}

func TestExtraIsNotEncodedOrPrinted(t *testing.T) {
	r := smartcore.CheckRequest{OrderID: "o-1"}
	require.NoError(t, r.AddExtra("customer_card_number", "4111222233334445"))
	require.NoError(t, r.AddExtra("card_cvv", "987"))
	// encoding/json alone sends the typed members: package client adds
	// the extras, after checking their names.
	b, err := json.Marshal(r)
	require.NoError(t, err)
	require.JSONEq(t, `{"order_id": "o-1"}`, string(b))

	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("req", "r", r, "p", &r)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("req", "r", r, "p", &r)
	printed := fmt.Sprintf("%v %+v %#v %v", r, r, r, &r) + logged.String()
	require.NotContains(t, printed, "4111222233334445")
	require.NotContains(t, printed, "987")
	require.NotContains(t, printed, "[57 56 55]") // the bytes of "987"
}

func TestResponseKeepsMembersItDoesNotDecode(t *testing.T) {
	body := `{"status": 2, "order_id": "o-1", "form_url": "https://f", "amount": "abc",
		"installments": 3, "Plan": {"name": "gold", "pan": "4012000000003010"},
		"customer_card_number": "4111 2222 3333 4445", "card_cvv": 123, "cvc": null,
		"echo": 4012000000003010, "note": "ref 4012000000003010", "plan": "twice",
		"ACSUrl": "https://acs"}`
	var p smartcore.PaymentResponse
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	require.Equal(t, "https://acs", p.ACSURL)
	require.Equal(t, []string{"amount", "installments", "Plan", "customer_card_number", "card_cvv", "cvc", "echo", "note"},
		p.ExtraNames(), "in the order sent, a repeated key once; decoded members never")

	for name, want := range map[string]string{
		"installments":         `3`,
		"plan":                 `"twice"`, // the last value of a repeated key, any case
		"PLAN":                 `"twice"`,
		"customer_card_number": `"**** **** **** 4445"`,
		"card_cvv":             `"[redacted]"`,
		"cvc":                  `null`,
		"echo":                 `"401200******3010"`,
		"note":                 `"ref 401200******3010"`,
		"amount":               `"abc"`, // PaymentResponse has no amount
	} {
		got, ok := p.Extra(name)
		require.True(t, ok, name)
		require.JSONEq(t, want, string(got), name)
	}
	for _, name := range []string{"status", "order_id", "form_url", "acsurl", "missing"} {
		_, ok := p.Extra(name)
		require.False(t, ok, name)
	}

	// An undecodable member a field decodes is in Undecoded, not Extra.
	var c smartcore.CheckResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": 2, "order_id": "o", "amount": "abc", "x": 1}`), &c))
	require.Equal(t, []string{"x"}, c.ExtraNames())
	require.Len(t, c.Undecoded, 1)
	require.Equal(t, "amount", c.Undecoded[0].Field)

	var none smartcore.BalanceResponse
	require.NoError(t, json.Unmarshal([]byte(`{"balance": 1, "holdBalance": 0, "rollingBalance": 0, "err": null}`), &none))
	require.Nil(t, none.ExtraNames())
}

// TestExtraMasksNamesInsideUnknownObjects: a member nested in an unknown
// object or array is masked by its own name, by the same rule as a
// top-level one, before its container's name applies to the whole; the
// result stays JSON.
func TestExtraMasksNamesInsideUnknownObjects(t *testing.T) {
	body := `{"status": 2, "order_id": "o",
		"echo": {"cvv": "123", "card": {"number": "4111 2222 3333 4445", "cvc": 987}, "note": "ok"},
		"list": [{"CVV2": "321"}, {"payer_pan": 4012000000003010, "n": 4}],
		"same": {"a": 1,  "b": [true, null]}}`
	var p smartcore.PaymentResponse
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	for name, want := range map[string]string{
		"echo": `{"cvv": "[redacted]", "card": {"number": "**** **** **** 4445", "cvc": "[redacted]"}, "note": "ok"}`,
		"list": `[{"CVV2": "[redacted]"}, {"payer_pan": "401200******3010", "n": 4}]`,
	} {
		got, ok := p.Extra(name)
		require.True(t, ok, name)
		require.True(t, json.Valid(got), "%s: %s", name, got)
		require.JSONEq(t, want, string(got), name)
	}
	same, _ := p.Extra("same")
	require.Equal(t, `{"a": 1,  "b": [true, null]}`, string(same), "nothing to mask: kept as sent")

	// Past 32 levels a value is removed whole.
	deep := strings.Repeat(`{"a": `, 40) + `"x"` + strings.Repeat("}", 40)
	require.NoError(t, json.Unmarshal([]byte(`{"status": 2, "deep": `+deep+`}`), &p))
	got, _ := p.Extra("deep")
	require.Equal(t, strings.Repeat(`{"a":`, 32)+`"[redacted]"`+strings.Repeat("}", 32), string(got))
}
