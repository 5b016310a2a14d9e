package signing

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

const testSecret = "s3cr3t-Value-XYZ"

func TestVerifyErrors(t *testing.T) {
	s := mustNew(t, testSecret)
	base := callbackFields()
	good := s.SignFields(base)
	other := mustNew(t, "another-secret").SignFields(base)
	flipped := "0" + good[1:]
	if flipped == good {
		flipped = "1" + good[1:]
	}
	tampered := callbackFields()
	tampered[6].Value = "1" // amount

	tests := []struct {
		name   string
		fields []Field
		want   error
	}{
		{"valid", withSign(base, good), nil},
		{"upper-case hex", withSign(base, strings.ToUpper(good)), nil},
		{"mixed-case hex", withSign(base, strings.ToUpper(good[:31])+good[31:]), nil},
		{"sign first", append([]Field{{Param, good}}, base...), nil},
		{"no sign", base, ErrMissingSignature},
		{"empty sign", withSign(base, ""), ErrMissingSignature},
		{"no fields at all", nil, ErrMissingSignature},
		{"short sign", withSign(base, good[:63]), ErrMalformedSignature},
		{"long sign", withSign(base, good+"0"), ErrMalformedSignature},
		{"non-hex sign", withSign(base, "g"+good[1:]), ErrMalformedSignature},
		{"sign with spaces", withSign(base, " "+good[1:]), ErrMalformedSignature},
		{"base64 sign", withSign(base, "ZmFrZQ=="), ErrMalformedSignature},
		{"flipped digit", withSign(base, flipped), ErrInvalidSignature},
		{"other secret", withSign(base, other), ErrInvalidSignature},
		{"tampered value", withSign(tampered, good), ErrInvalidSignature},
		{"extra field", withSign(append(callbackFields(), Field{"extra", "x"}), good), ErrInvalidSignature},
		{"missing field", withSign(base[1:], good), ErrInvalidSignature},
		{"sign twice", append(withSign(base, good), Field{Param, good}), ErrDuplicateKey},
		{"sign twice, one empty", append(withSign(base, ""), Field{Param, good}), ErrDuplicateKey},
		{"key twice", withSign(append(callbackFields(), Field{"amount", "10000"}), good), ErrDuplicateKey},
		{"key twice, empty values", withSign([]Field{{"a", ""}, {"a", ""}}, good), ErrDuplicateKey},
		// The documented precedence: problems with the signature itself are
		// reported before a repeated ordinary key.
		{"key twice and no sign", append(callbackFields(), Field{"amount", "1"}), ErrMissingSignature},
		{"key twice and bad sign", withSign(append(callbackFields(), Field{"amount", "1"}), "xyz"), ErrMalformedSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.VerifyFields(tt.fields); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("VerifyFields = %v, want %v", err, tt.want)
			}
			if err := s.Verify(valuesOf(tt.fields)); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	for _, secrets := range [][]string{nil, {}, {""}, {"ok", ""}, {"", "ok"}} {
		s, err := New(secrets...)
		if !errors.Is(err, ErrNoSecret) || s != nil {
			t.Errorf("New(%q) = %v, %v; want nil, ErrNoSecret", secrets, s, err)
		}
	}
	s := mustNew(t, testSecret)
	if got := fmt.Sprintf("%v %+v %#v", s, s, s); strings.Contains(got, testSecret) {
		t.Errorf("formatting a Signer reveals the secret: %s", got)
	}
}

func TestZeroSigner(t *testing.T) {
	for _, s := range []*Signer{nil, new(Signer)} {
		fields := withSign(callbackFields(), strings.Repeat("0", 64))
		if err := s.VerifyFields(fields); !errors.Is(err, ErrNoSecret) {
			t.Errorf("VerifyFields on %#v = %v, want ErrNoSecret", s, err)
		}
		if err := s.Verify(valuesOf(fields)); !errors.Is(err, ErrNoSecret) {
			t.Errorf("Verify on %#v = %v, want ErrNoSecret", s, err)
		}
		if got := s.SignFields(fields); got != "" {
			t.Errorf("SignFields on %#v = %q, want empty", s, got)
		}
		if got := s.Sign(valuesOf(fields)); got != "" {
			t.Errorf("Sign on %#v = %q, want empty", s, got)
		}
	}
}

func TestRotation(t *testing.T) {
	fields := callbackFields()
	oldSig := mustNew(t, "old-secret").SignFields(fields)
	newSig := mustNew(t, "new-secret").SignFields(fields)
	rotated := mustNew(t, "new-secret", "old-secret")

	if got := rotated.SignFields(fields); got != newSig {
		t.Errorf("rotated Signer signs with %s, want the first secret's %s", got, newSig)
	}
	for name, sig := range map[string]string{"old": oldSig, "new": newSig} {
		if err := rotated.VerifyFields(withSign(fields, sig)); err != nil {
			t.Errorf("%s signature on rotated Signer: %v", name, err)
		}
	}
	if err := mustNew(t, "new-secret").VerifyFields(withSign(fields, oldSig)); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("old signature after the old secret is dropped: %v", err)
	}
	unknown := mustNew(t, "unknown").SignFields(fields)
	if err := rotated.VerifyFields(withSign(fields, unknown)); !errors.Is(err, ErrInvalidSignature) {
		t.Errorf("unknown secret on rotated Signer: %v, want ErrInvalidSignature", err)
	}
	if err := mustNew(t, "a", "b", "c", "old-secret").Verify(valuesOf(withSign(fields, oldSig))); err != nil {
		t.Errorf("last of four secrets: %v", err)
	}
}

// TestErrorsRevealNothing collects an error from every failure path and checks
// that none mentions the secret, the expected signature or a value.
func TestErrorsRevealNothing(t *testing.T) {
	s := mustNew(t, testSecret)
	fields := append(callbackFields(), Field{"secretish", "VALUE-MARKER"})
	good := s.SignFields(fields)
	bad := strings.Repeat("ab", 32)
	inputs := [][]Field{
		withSign(fields, bad),
		withSign(fields, "VALUE-MARKER"),
		fields,
		append(withSign(fields, good), Field{Param, good}),
		withSign(append(fields, Field{"secretish", "VALUE-MARKER"}), good),
	}
	for i, in := range inputs {
		for _, err := range []error{s.VerifyFields(in), s.Verify(valuesOf(in))} {
			if err == nil {
				t.Fatalf("input %d verified", i)
			}
			msg := err.Error()
			for _, leak := range []string{testSecret, good, strings.ToUpper(good), "VALUE-MARKER", bad} {
				if strings.Contains(msg, leak) {
					t.Errorf("input %d: error %q contains %q", i, msg, leak)
				}
			}
		}
	}
}

func TestSignOutput(t *testing.T) {
	s := mustNew(t, testSecret)
	fields := callbackFields()
	sig := s.SignFields(fields)
	if want := hmacHex(testSecret, Canonical(fields)); sig != want {
		t.Errorf("SignFields = %s, want %s", sig, want)
	}
	if sig != strings.ToLower(sig) || len(sig) != 64 {
		t.Errorf("signature %q is not 64 lowercase hex characters", sig)
	}
	if got := s.SignFields(withSign(fields, "ignored")); got != sig {
		t.Error("SignFields did not skip the sign field")
	}
	v := valuesOf(fields)
	v.Add("amount", "second value is ignored")
	v.Set(Param, "ignored")
	v["empty"] = nil
	if got := s.Sign(v); got != sig {
		t.Errorf("Sign = %s, want %s (first values only, sign and empty keys skipped)", got, sig)
	}
}

func TestVerifyDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	s := mustNew(t, testSecret, "old-secret")
	fields := withSign(callbackFields(), s.SignFields(callbackFields()))
	values := valuesOf(fields)
	bad := withSign(callbackFields(), strings.Repeat("0", 64))
	for name, f := range map[string]func() error{
		"VerifyFields":        func() error { return s.VerifyFields(fields) },
		"Verify":              func() error { return s.Verify(values) },
		"VerifyFields failed": func() error { return errorsAsNil(s.VerifyFields(bad), ErrInvalidSignature) },
	} {
		if err := f(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := testing.AllocsPerRun(200, func() { _ = f() }); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, n)
		}
	}
}

func errorsAsNil(err, expected error) error {
	if errors.Is(err, expected) {
		return nil
	}
	return fmt.Errorf("got %v, want %v", err, expected)
}

// TestConcurrent is meant for -race: pooled state must never be shared.
func TestConcurrent(t *testing.T) {
	s := mustNew(t, "new", "old")
	oldSigner := mustNew(t, "old")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				fields := callbackFields()
				fields[0].Value = fmt.Sprint(g*1000 + i)
				signer := s
				if i%2 == 1 {
					signer = oldSigner
				}
				sig := signer.SignFields(fields)
				if err := s.VerifyFields(withSign(fields, sig)); err != nil {
					t.Errorf("goroutine %d, call %d: %v", g, i, err)
					return
				}
				fields[1].Value = "tampered"
				if err := s.Verify(valuesOf(withSign(fields, sig))); !errors.Is(err, ErrInvalidSignature) {
					t.Errorf("goroutine %d, call %d: tampered body: %v", g, i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestPutDropsLargeScratch checks that one huge body does not pin its memory
// in the pool, and that pooled scratch does not keep request strings alive.
func TestPutDropsLargeScratch(t *testing.T) {
	s := mustNew(t, testSecret)
	sc := s.pool.Get().(*scratch)
	sc.order = make([]int, 0, maxPooled)
	sc.buf = make([]byte, 0, 2*maxPooled)
	s.put(sc)
	if sc.order != nil || sc.values != nil || sc.buf != nil {
		t.Errorf("put kept %d indexes, %d values, %d bytes of scratch", cap(sc.order), cap(sc.values), cap(sc.buf))
	}

	sc = s.pool.Get().(*scratch)
	sc.values = append(sc.values[:0], Field{"k", "v"})
	s.put(sc)
	if sc.values[:1][0] != (Field{}) {
		t.Errorf("put left request data in pooled scratch: %q", sc.values[:1])
	}
}

// TestSignatureAlphabet puts every byte value at the start and the end of an
// otherwise valid signature: only hex digits of either case are well formed.
func TestSignatureAlphabet(t *testing.T) {
	s := mustNew(t, testSecret)
	fields := callbackFields()
	good := s.SignFields(fields)
	for c := range 256 {
		isHex := strings.ContainsRune("0123456789abcdefABCDEF", rune(c))
		for _, sig := range []string{string(byte(c)) + good[1:], good[:63] + string(byte(c))} {
			err := s.VerifyFields(withSign(fields, sig))
			switch {
			case !isHex && !errors.Is(err, ErrMalformedSignature):
				t.Errorf("byte %#x: %v, want ErrMalformedSignature", c, err)
			case isHex && errors.Is(err, ErrMalformedSignature):
				t.Errorf("hex digit %q rejected as malformed", rune(c))
			case isHex && strings.EqualFold(sig, good) != (err == nil):
				t.Errorf("hex digit %q: %v", rune(c), err)
			}
		}
	}
}
