package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"testing"
)

// callbackFields is a realistic callback: the 18 fields of the document's
// example plus paymentPhoneNumber and errorCategory, as a form would carry
// them (every value a string), in the order the gateway documents them.
func callbackFields() []Field {
	return []Field{
		{"orderId", "200004"},
		{"status", "2"},
		{"type", "Withdrawal"},
		{"message", "null"},
		{"cascadeErrors", "null"},
		{"isTrustedTransaction", "false"},
		{"amount", "10000"},
		{"finalAmount", "10000"},
		{"currency", "EUR"},
		{"authorize_status", "null"},
		{"eci", "null"},
		{"firstName", "null"},
		{"lastName", "null"},
		{"rrn", "null"},
		{"card_holder", "N/A"},
		{"card_number", "401200******3010"},
		{"card_exp_month", "N/A"},
		{"card_exp_year", "N/A"},
		{"paymentPhoneNumber", "+77001234567"},
		{"errorCategory", "null"},
	}
}

func mustNew(t testing.TB, secrets ...string) *Signer {
	t.Helper()
	s, err := New(secrets...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// withSign returns a copy of fields with a Param field appended.
func withSign(fields []Field, sig string) []Field {
	out := append([]Field(nil), fields...)
	return append(out, Field{Param, sig})
}

// valuesOf converts fields to url.Values, keeping repeated keys as multiple
// values the way url.ParseQuery would.
func valuesOf(fields []Field) url.Values {
	v := url.Values{}
	for _, f := range fields {
		v.Add(f.Key, f.Value)
	}
	return v
}

// hmacHex is an independent, straightforward HMAC used to cross-check the
// pooled implementation.
func hmacHex(secret, msg string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}
