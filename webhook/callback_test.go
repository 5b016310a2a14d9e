package webhook_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
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
	cb, err := webhook.ParseCallback(in)
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
	_, ok := webhook.Param(cb, "message")
	require.False(t, ok, "without Raw, Param reads the typed fields, where null is empty")
	v, ok := webhook.Param(cb, "card_number")
	require.True(t, ok)
	require.Equal(t, "401200******3010", v)

	cb.Raw = webhooktest.Encode(in)
	v, ok = webhook.Param(cb, "message")
	require.True(t, ok)
	require.Equal(t, "null", v, "with Raw, Param reads the received text")
	require.Equal(t, in, webhook.Fields(cb))
	v, _ = webhook.Param(cb, "card_number")
	require.Equal(t, "401200******3010", v)

	cb.Raw = "orderId=1&a=%zz"
	require.Nil(t, webhook.Fields(cb), "a malformed Raw has no fields")
	_, ok = webhook.Param(cb, "orderId")
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
		{"empty status", with("status", ""), "status"},
		{"status null", with("status", "null"), "status"},
		{"no sign", with("sign", "<drop>"), "sign"},
		{"empty sign", with("sign", ""), "sign"},
		{"status +2", with("status", "+2"), "status"},
		{"status 02", with("status", "02"), "status"},
		{"status -0", with("status", "-0"), "status"},
		{"status 2.0", with("status", "2.0"), "status"},
		{"status success", with("status", "success"), "status"},
		{"status past int64", with("status", "9223372036854775808"), "status"},
		{"amount 1.0", with("amount", "1.0"), "amount"},
		{"amount 1e4", with("amount", "1e4"), "amount"},
		{"amount abc", with("amount", "abc"), "amount"},
		{"amount NULL", with("amount", "NULL"), "amount"},
		{"amount space", with("amount", " 5"), "amount"},
		{"amount 05", with("amount", "05"), "amount"},
		{"amount -0", with("amount", "-0"), "amount"},
		{"amount -", with("amount", "-"), "amount"},
		{"amount huge", with("amount", "99999999999999999999"), "amount"},
		{"amount past int64", with("amount", "9223372036854775808"), "amount"},
		{"finalAmount x", with("finalAmount", "x"), "finalAmount"},
		{"finalAmount 5.0", with("finalAmount", "5.0"), "finalAmount"},
		{"repeated orderId", append(with(), fields("orderId", "2")...), "orderId"},
		{"repeated status", append(with(), fields("status", "7")...), "status"},
		{"repeated amount", append(with(), fields("amount", "null")...), "amount"},
		{"repeated null amount", append(with("amount", "null"), fields("amount", "5")...), "amount"},
		{"repeated sign", append(with(), fields("sign", "ab")...), "sign"},
		{"repeated message", append(with("message", "a"), fields("message", "b")...), "message"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := webhook.ParseCallback(tc.in)
			require.ErrorIs(t, err, smartcore.ErrInvalidCallback)
			var fe *smartcore.FieldError
			require.True(t, errors.As(err, &fe))
			require.Equal(t, tc.field, fe.Field)
		})
	}
	cb, err := webhook.ParseCallback(with("finalAmount", "null"))
	require.NoError(t, err)
	require.Zero(t, cb.FinalAmount)
	require.False(t, cb.HasFinalAmount)
}

// TestParseCallbackAcceptsWhatTheDocumentAllows: a signed callback is never
// refused over a value the document does not rule out. The status table
// lists 2 and -1 (the kit knows 0 and 1 too) but does not close the list;
// amount is a Long, which a tokenization callback sends as "null".
func TestParseCallbackAcceptsWhatTheDocumentAllows(t *testing.T) {
	parse := func(t *testing.T, kv ...string) *smartcore.Callback {
		t.Helper()
		cb, err := webhook.ParseCallback(fields(append(kv, "sign", "ab")...))
		require.NoError(t, err)
		return cb
	}
	t.Run("status outside -1..2", func(t *testing.T) {
		for _, tc := range []struct {
			in   string
			want smartcore.Status
		}{{"3", 3}, {"7", 7}, {"-5", -5}, {"-2", -2}, {"100", 100}, {"2147483648", 2147483648}} {
			cb := parse(t, "orderId", "1", "status", tc.in, "amount", "5")
			require.Equal(t, tc.want, cb.Status, tc.in)
			require.False(t, cb.Status.Known(), tc.in)
			require.False(t, cb.Succeeded(), tc.in)
			require.False(t, cb.Failed(), tc.in)
			require.False(t, cb.Status.IsFinal(), tc.in)
			require.Equal(t, "Status("+tc.in+")", cb.Status.String())
			require.Equal(t, int64(5), cb.Amount)
			require.False(t, cb.AmountUnknown)
		}
	})
	t.Run("amount unknown", func(t *testing.T) {
		for name, kv := range map[string][]string{
			`"null"`: {"amount", "null"},
			"empty":  {"amount", ""},
			"absent": nil,
		} {
			in := append([]string{"orderId", "tok-1", "status", "2", "type", "Tokenize"}, kv...)
			cb := parse(t, append(in, "finalAmount", "null")...)
			require.True(t, cb.AmountUnknown, name)
			require.Zero(t, cb.Amount, name)
			require.False(t, cb.HasFinalAmount, name)
			require.Equal(t, smartcore.StatusSuccess, cb.Status, name)
			require.Equal(t, "tok-1", cb.OrderID, name)
		}
	})
	t.Run("zero is an amount", func(t *testing.T) {
		cb := parse(t, "orderId", "1", "status", "-1", "amount", "0", "finalAmount", "0")
		require.False(t, cb.AmountUnknown)
		require.Zero(t, cb.Amount)
		require.True(t, cb.HasFinalAmount)
		require.Zero(t, cb.FinalAmount)
	})
	t.Run("any Long", func(t *testing.T) {
		for _, tc := range []struct {
			in   string
			want int64
		}{{"-5", -5}, {"9223372036854775807", 9223372036854775807}, {"-9223372036854775808", -9223372036854775808}, {"1000000000000000000", 1e18}} {
			cb := parse(t, "orderId", "1", "status", "2", "amount", tc.in, "finalAmount", tc.in)
			require.Equal(t, tc.want, cb.Amount, tc.in)
			require.False(t, cb.AmountUnknown, tc.in)
			require.Equal(t, tc.want, cb.FinalAmount, tc.in)
			require.True(t, cb.HasFinalAmount, tc.in)
		}
	})
}

func TestCallbackUnknownAmountRoundTrips(t *testing.T) {
	cb := &smartcore.Callback{OrderID: "tok-1", Status: 7, AmountUnknown: true, Type: "Tokenize"}
	enc := webhook.AppendFields(nil, cb)
	require.Equal(t, fields("orderId", "tok-1", "status", "7", "amount", "null", "type", "Tokenize"), enc)
	got, err := webhook.ParseCallback(append(enc, smartcore.Field{Key: "sign", Value: "s"}))
	require.NoError(t, err)
	got.Sign = ""
	require.Equal(t, cb, got)

	var logs strings.Builder
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("callback", "cb", cb)
	require.Contains(t, logs.String(), `"amount":"unknown"`)
	require.Contains(t, logs.String(), `"status":"Status(7)"`)

	// A known zero final amount is sent and logged; an absent one is not.
	zero := &smartcore.Callback{OrderID: "1", Status: smartcore.StatusFail, HasFinalAmount: true}
	require.Equal(t, fields("orderId", "1", "status", "-1", "amount", "0", "finalAmount", "0"), webhook.AppendFields(nil, zero))
	logs.Reset()
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("callback", "cb", zero)
	require.Contains(t, logs.String(), `"final_amount":0`)
	zero.HasFinalAmount = false
	require.Equal(t, fields("orderId", "1", "status", "-1", "amount", "0"), webhook.AppendFields(nil, zero))
}

func TestCallbackAppendFieldsRoundTrips(t *testing.T) {
	cb := &smartcore.Callback{OrderID: "o", Status: smartcore.StatusFail, Amount: 1, FinalAmount: 2, HasFinalAmount: true, Currency: "EUR",
		Type: smartcore.TypePayment, ErrorCategory: smartcore.ErrEmitterDenialProcessing, ECI: "05",
		Extra: fields("x", "y")}
	got, err := webhook.ParseCallback(append(webhook.AppendFields(nil, cb), smartcore.Field{Key: "sign", Value: "s"}))
	require.NoError(t, err)
	got.Sign = ""
	require.Equal(t, cb, got)
	v, ok := webhook.Param(cb, "eci")
	require.True(t, ok)
	require.Equal(t, "05", v)
	_, ok = webhook.Param(cb, "rrn")
	require.False(t, ok)
}

// FuzzParseCallback checks ParseCallback against strconv: whatever it
// accepts, its status and amounts are the received text read as decimal
// integers, an unknown amount was "null", empty or absent, and the required
// fields are there.
func FuzzParseCallback(f *testing.F) {
	f.Add("orderId", "1", "status", "2", "amount", "5")
	f.Add("amount", "-0", "status", "+1", "finalAmount", "null")
	f.Add("orderId", "1", "status", "7", "amount", "null")
	f.Add("orderId", "1", "status", "-5", "finalAmount", "")
	f.Add("orderId", "1", "status", "9223372036854775807", "amount", "-9223372036854775808")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2, k3, v3 string) {
		in := fields(k1, v1, k2, v2, k3, v3, "sign", "x")
		cb, err := webhook.ParseCallback(in)
		if err != nil {
			if !errors.Is(err, smartcore.ErrInvalidCallback) {
				t.Fatalf("error not wrapping ErrInvalidCallback: %v", err)
			}
			return
		}
		received := map[string]string{}
		for _, f := range in {
			received[f.Key] = f.Value // accepted, so no documented key repeats
		}
		if cb.OrderID == "" || cb.OrderID != received["orderId"] {
			t.Fatalf("orderId %q from %v", cb.OrderID, in)
		}
		if got := strconv.Itoa(int(cb.Status)); got != received["status"] {
			t.Fatalf("status %s from %q", got, received["status"])
		}
		amount, sent := received["amount"]
		if cb.AmountUnknown {
			if sent && amount != "" && amount != "null" || cb.Amount != 0 {
				t.Fatalf("amount %q read as unknown (%d)", amount, cb.Amount)
			}
		} else if got := strconv.FormatInt(cb.Amount, 10); got != amount {
			t.Fatalf("amount %s from %q", got, amount)
		}
		final := received["finalAmount"]
		if cb.HasFinalAmount {
			if got := strconv.FormatInt(cb.FinalAmount, 10); got != final {
				t.Fatalf("finalAmount %s from %q", got, final)
			}
		} else if final != "" && final != "null" || cb.FinalAmount != 0 {
			t.Fatalf("finalAmount %q read as absent (%d)", final, cb.FinalAmount)
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
	cb, err := webhook.ParseCallback(in)
	require.NoError(t, err)
	require.Len(t, cb.Extra, 70)
	require.Equal(t, "9", cb.RRN)
	require.Equal(t, in[4], cb.Extra[0])
	require.Equal(t, in[len(in)-1], cb.Extra[69])
}

// TestParseCallbackExtras covers every way Extra is allocated (none, with
// the callback for up to eight, grown on its own beyond) and that appending
// to it cannot write over anything else.
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
		cb, err := webhook.ParseCallback(in)
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
