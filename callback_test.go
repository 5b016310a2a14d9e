package smartcore_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

func fields(kv ...string) []smartcore.Field {
	out := make([]smartcore.Field, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		out = append(out, smartcore.Field{Key: kv[i], Value: kv[i+1]})
	}
	return out
}

func TestParseCallback(t *testing.T) {
	in := fields("orderId", "200004", "status", "2", "type", "Withdrawal", "message", "null",
		"amount", "10000", "finalAmount", "9000", "currency", "EUR", "card_number", "401200******3010",
		"errorCategory", "null", "rrn", "123456", "sign", "ab")
	cb, err := smartcore.ParseCallback(in)
	require.NoError(t, err)
	require.Equal(t, "200004", cb.OrderID)
	require.Equal(t, smartcore.StatusSuccess, cb.Status)
	require.True(t, cb.Succeeded())
	require.Equal(t, int64(10000), cb.Amount)
	require.Equal(t, int64(9000), cb.FinalAmount)
	require.Equal(t, smartcore.TypeWithdrawal, cb.Type)
	require.Equal(t, "", cb.Message)
	require.Equal(t, smartcore.ErrorCode(""), cb.ErrorCategory)
	require.Equal(t, "123456", cb.RRN)
	require.Equal(t, fields("card_number", "401200******3010"), cb.Extra)
	require.Equal(t, "Withdrawal:200004:success:10000", cb.IdempotencyKey())
	_, ok := cb.Get("message")
	require.False(t, ok, "without Raw, Get reads the typed fields, where null is empty")
	require.Equal(t, "401200******3010", cb.Values().Get("card_number"))

	cb.Raw = webhooktest.Encode(in)
	v, ok := cb.Get("message")
	require.True(t, ok)
	require.Equal(t, "null", v, "with Raw, Get reads the received text")
	require.Equal(t, in, cb.Fields())
	require.Equal(t, "401200******3010", cb.Values().Get("card_number"))

	cb.Raw = "orderId=1&a=%zz"
	require.Nil(t, cb.Fields(), "a malformed Raw has no fields")
	_, ok = cb.Get("orderId")
	require.False(t, ok, "nor any value")
}

func TestParseCallbackRefuses(t *testing.T) {
	base := []string{"orderId", "1", "status", "2", "amount", "5", "sign", "ab"}
	with := func(kv ...string) []smartcore.Field {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		var out []string
		for i := 0; i < len(base); i += 2 {
			if v, ok := m[base[i]]; ok {
				if v != "<drop>" {
					out = append(out, base[i], v)
				}
				delete(m, base[i])
				continue
			}
			out = append(out, base[i], base[i+1])
		}
		for i := 0; i < len(kv); i += 2 {
			if _, ok := m[kv[i]]; ok {
				out = append(out, kv[i], kv[i+1])
			}
		}
		return fields(out...)
	}
	tests := []struct {
		name  string
		in    []smartcore.Field
		field string
	}{
		{"no orderId", with("orderId", "<drop>"), "orderId"},
		{"empty orderId", with("orderId", ""), "orderId"},
		{"no status", with("status", "<drop>"), "status"},
		{"no amount", with("amount", "<drop>"), "amount"},
		{"no sign", with("sign", "<drop>"), "sign"},
		{"status +2", with("status", "+2"), "status"},
		{"status 02", with("status", "02"), "status"},
		{"status 3", with("status", "3"), "status"},
		{"status -0", with("status", "-0"), "status"},
		{"amount 1.0", with("amount", "1.0"), "amount"},
		{"amount space", with("amount", " 5"), "amount"},
		{"amount -5", with("amount", "-5"), "amount"},
		{"amount huge", with("amount", "99999999999999999999"), "amount"},
		{"amount null", with("amount", "null"), "amount"},
		{"finalAmount x", with("finalAmount", "x"), "finalAmount"},
		{"repeated orderId", append(with(), fields("orderId", "2")...), "orderId"},
		{"repeated message", append(with("message", "a"), fields("message", "b")...), "message"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := smartcore.ParseCallback(tc.in)
			require.ErrorIs(t, err, smartcore.ErrInvalidCallback)
			var fe *smartcore.FieldError
			require.True(t, errors.As(err, &fe))
			require.Equal(t, tc.field, fe.Field)
		})
	}
	cb, err := smartcore.ParseCallback(with("finalAmount", "null"))
	require.NoError(t, err)
	require.Zero(t, cb.FinalAmount)
}

func TestCallbackAppendFieldsRoundTrips(t *testing.T) {
	cb := &smartcore.Callback{OrderID: "o", Status: smartcore.StatusFail, Amount: 1, FinalAmount: 2, Currency: "EUR",
		Type: smartcore.TypePayment, ErrorCategory: smartcore.ErrEmitterDenialProcessing, ECI: "05",
		Extra: fields("x", "y")}
	got, err := smartcore.ParseCallback(append(cb.AppendFields(nil), smartcore.Field{Key: "sign", Value: "s"}))
	require.NoError(t, err)
	got.Sign = ""
	require.Equal(t, cb, got)
	v, ok := cb.Get("eci")
	require.True(t, ok)
	require.Equal(t, "05", v)
	_, ok = cb.Get("rrn")
	require.False(t, ok)
}

func FuzzParseCallback(f *testing.F) {
	f.Add("orderId", "1", "status", "2", "amount", "5")
	f.Add("amount", "-0", "status", "+1", "finalAmount", "null")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3 string) {
		in := fields(k1, v1, k2, v2, k3, v3, "sign", "x")
		cb, err := smartcore.ParseCallback(in)
		if err != nil {
			if !errors.Is(err, smartcore.ErrInvalidCallback) {
				t.Fatalf("error not wrapping ErrInvalidCallback: %v", err)
			}
			return
		}
		if cb.OrderID == "" || !cb.Status.Known() || cb.Amount < 0 {
			t.Fatalf("accepted an invalid callback: %+v", cb)
		}
	})
}

func TestParseCallbackKeepsEveryExtraField(t *testing.T) {
	in := fields("orderId", "1", "status", "2", "amount", "5", "sign", "ab")
	for i := range 70 { // past the 64 tracked by position
		in = append(in, smartcore.Field{Key: "x" + string(rune('A'+i%26)) + string(rune('0'+i/26)), Value: "v"})
		if i == 65 {
			in = append(in, smartcore.Field{Key: "rrn", Value: "9"})
		}
	}
	cb, err := smartcore.ParseCallback(in)
	require.NoError(t, err)
	require.Len(t, cb.Extra, 70)
	require.Equal(t, "9", cb.RRN)
	require.Equal(t, in[4], cb.Extra[0])
	require.Equal(t, in[len(in)-1], cb.Extra[69])
}

// TestParseCallbackExtras covers every way Extra is allocated (none, with
// the callback for up to four and up to eight, on its own beyond) and that
// appending to it cannot write over anything else.
func TestParseCallbackExtras(t *testing.T) {
	for _, n := range []int{0, 1, 4, 5, 8, 9, 70} {
		in := fields("orderId", "1", "status", "2", "amount", "5", "sign", "ab")
		var want []smartcore.Field
		for i := range n {
			f := smartcore.Field{Key: fmt.Sprintf("x%d", i), Value: fmt.Sprint(i)}
			in = append(in, f)
			want = append(want, f)
		}
		in = append(in, smartcore.Field{Key: "rrn", Value: "r"}) // a documented key after them
		cb, err := smartcore.ParseCallback(in)
		require.NoError(t, err, n)
		require.Equal(t, want, cb.Extra, n)
		require.Equal(t, "r", cb.RRN, n)
		require.Equal(t, len(cb.Extra), cap(cb.Extra), n)
		grown := append(cb.Extra, smartcore.Field{Key: "y", Value: "z"})
		require.Equal(t, want, cb.Extra, n)
		require.Len(t, grown, n+1)
		require.Equal(t, "1", cb.OrderID, n)
	}
}

func TestCallbackLogsNoCardNumberOrRaw(t *testing.T) {
	const pan = "4012001037141112" // passes Luhn
	cb, err := smartcore.ParseCallback(fields("orderId", "o-1", "status", "-1", "amount", "5",
		"message", "card "+pan+" declined", "card_number", pan, "card_holder", "Bob Holder",
		"firstName", "Ann", "sign", "ab"))
	require.NoError(t, err)
	cb.Raw = "orderId=o-1&card_number=" + pan + "&sign=ab"
	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("callback", "cb", cb)
	for _, out := range []string{logs.String(), fmt.Sprint(cb), fmt.Sprintf("%+v", *cb), fmt.Sprintf("%#v", cb)} {
		require.NotContains(t, out, pan)
		require.NotContains(t, out, "Ann")
		require.NotContains(t, out, "Bob Holder")
		require.Contains(t, out, "card_holder")
		require.Contains(t, out, "o-1")
		require.Contains(t, out, "401200******1112")
	}
}
