package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"testing"
)

const benchSecret = "sk_live_5f3c9a1e7b2d4c6e8a0f1b3d5c7e9a2b"

// BenchmarkFloorHMAC is the cost of the bare check on an already built
// canonical string: a fresh HMAC, one Write, Sum and a hex comparison. The
// Verify benchmarks add parsing the signature, sorting the keys and building
// the canonical string, but save the keyed HMAC setup by pooling.
func BenchmarkFloorHMAC(b *testing.B) {
	fields := callbackFields()
	canonical := []byte(Canonical(fields))
	key := []byte(benchSecret)
	want := []byte(mustNew(b, benchSecret).SignFields(fields))
	var got [2 * sha256.Size]byte
	b.ReportAllocs()
	for b.Loop() {
		mac := hmac.New(sha256.New, key)
		mac.Write(canonical)
		hex.Encode(got[:], mac.Sum(nil))
		if !hmac.Equal(got[:], want) {
			b.Fatal("mismatch")
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	s := mustNew(b, benchSecret)
	fields := callbackFields()
	values, err := url.ParseQuery(valuesOf(withSign(fields, s.SignFields(fields))).Encode())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Verify(values); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyFields(b *testing.B) {
	s := mustNew(b, benchSecret)
	fields := callbackFields()
	signed := withSign(fields, s.SignFields(fields))
	b.ReportAllocs()
	for b.Loop() {
		if err := s.VerifyFields(signed); err != nil {
			b.Fatal(err)
		}
	}
}
