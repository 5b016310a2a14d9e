package signing

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// parseLoose splits a body on "&" and each part on its first "=" without
// unescaping, so the fuzzer controls keys and values byte for byte.
func parseLoose(body string) []Field {
	if body == "" {
		return nil
	}
	var fields []Field
	for part := range strings.SplitSeq(body, "&") {
		k, v, _ := strings.Cut(part, "=")
		fields = append(fields, Field{k, v})
	}
	return fields
}

var sentinels = []error{ErrMissingSignature, ErrMalformedSignature, ErrInvalidSignature, ErrDuplicateKey}

func FuzzVerifyFields(f *testing.F) {
	f.Add("orderId=200004&status=2&amount=10000", "", "secret")
	f.Add("a=1&b=2&sign=x", strings.Repeat("A", 64), "s")
	f.Add("😀=1&\ue000=2&\uff5e=3&=&a", strings.Repeat("0", 64), "sécret")
	f.Add("a=x|y&b=&a=z", "zz", "k")
	f.Add("sign=&sign=", strings.Repeat("f", 63), "k")
	f.Add("\xff=\xfe&\xf0\x9f\x98=1&\xf0\x9f\x98\x80=2", strings.Repeat("0", 65), "k")
	f.Fuzz(func(t *testing.T, body, sig, secret string) {
		if secret == "" {
			secret = "k" // New rejects empty secrets; that is tested elsewhere
		}
		s := mustNew(t, secret)
		fields := parseLoose(body)

		// Arbitrary input: no panic, only sentinels, and both entry points
		// agree.
		in := withSign(fields, sig)
		err := s.VerifyFields(in)
		if err != nil && !isSentinel(err) {
			t.Fatalf("VerifyFields returned a non-sentinel error %v", err)
		}
		if err2 := s.Verify(valuesOf(in)); err2 != err {
			t.Fatalf("Verify = %v, VerifyFields = %v", err2, err)
		}

		// What SignFields signs must verify, unless keys repeat.
		signed := s.SignFields(fields)
		if len(signed) != 64 || strings.ToLower(signed) != signed {
			t.Fatalf("SignFields = %q", signed)
		}
		if want := hmacHex(secret, Canonical(fields)); signed != want {
			t.Fatalf("SignFields = %s, HMAC(Canonical) = %s", signed, want)
		}
		if err == nil && !strings.EqualFold(sig, signed) {
			t.Fatalf("accepted %q, but the signature is %s", sig, signed)
		}
		var wantErr error
		if repeatsKey(fields) {
			wantErr = ErrDuplicateKey
		}
		var unsigned []Field
		for _, f := range fields {
			if f.Key != Param {
				unsigned = append(unsigned, f)
			}
		}
		for _, sg := range []string{signed, strings.ToUpper(signed)} {
			if got := s.VerifyFields(withSign(unsigned, sg)); got != wantErr {
				t.Fatalf("VerifyFields(own signature %s) = %v, want %v", sg, got, wantErr)
			}
			if got := s.Verify(valuesOf(withSign(unsigned, sg))); got != wantErr {
				t.Fatalf("Verify(own signature %s) = %v, want %v", sg, got, wantErr)
			}
		}
	})
}

func isSentinel(err error) bool {
	for _, s := range sentinels {
		if err == s {
			return true
		}
	}
	return errors.Is(err, ErrNoSecret)
}

// repeatsKey is a map-based duplicate check, independent of the sort.
func repeatsKey(fields []Field) bool {
	seen := map[string]bool{}
	for _, f := range fields {
		if f.Key == Param {
			continue
		}
		if seen[f.Key] {
			return true
		}
		seen[f.Key] = true
	}
	return false
}

func FuzzCompare(f *testing.F) {
	f.Add("a", "b", "c")
	f.Add("😀", "\ue000", "\uff5e")
	f.Add("a😀", "a\uffff", "a")
	f.Add("\xff", "\ufffd", "\xfe")
	f.Add("\xf0\x9f\x98", "😀", "\xf0\x9f")
	f.Add("10", "9", "1")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		ab, ba := sign(Compare(a, b)), sign(Compare(b, a))
		if ab != -ba {
			t.Fatalf("not antisymmetric: Compare(a,b)=%d Compare(b,a)=%d", ab, ba)
		}
		if (ab == 0) != (a == b) {
			t.Fatalf("Compare(a,b)=%d but a==b is %v", ab, a == b)
		}
		ref := sign(utf16Compare(a, b))
		if utf8.ValidString(a) && utf8.ValidString(b) {
			if ab != ref {
				t.Fatalf("Compare(%q,%q)=%d, UTF-16 order says %d", a, b, ab, ref)
			}
		} else if ref != 0 && ab != ref {
			// Invalid bytes read as U+FFFD; only ties are ours to break.
			t.Fatalf("Compare(%q,%q)=%d, UTF-16 (with U+FFFD) says %d", a, b, ab, ref)
		}
		bc, ac := sign(Compare(b, c)), sign(Compare(a, c))
		if ab <= 0 && bc <= 0 && ac > 0 {
			t.Fatalf("not transitive: a<=b, b<=c, a>c for %q %q %q", a, b, c)
		}
	})
}
