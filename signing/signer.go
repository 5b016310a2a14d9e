package signing

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"hash"
	"net/url"
	"sync"
)

// Param is the name of the form parameter that carries the signature. It is
// matched exactly (case-sensitively) and never signed itself.
const Param = "sign"

// Signer signs callbacks with its first secret and verifies them against all
// of its secrets, so a secret can be rotated without downtime: verify with
// New(newSecret, oldSecret) until the gateway has switched, then drop the
// old one. A Signer is safe for concurrent use. Make one with New; the zero
// Signer has no secrets (its Verify methods return ErrNoSecret and its Sign
// methods return "").
type Signer struct {
	// pool holds *scratch. The secrets live only in pool.New's closure and
	// in the HMACs it builds, so printing a Signer cannot reveal them.
	pool sync.Pool
}

// scratch is one call's working space. Keying an HMAC hashes the padded
// key, as much work as hashing a small callback, so keyed HMACs are reused
// through the pool along with the buffers.
type scratch struct {
	macs   []hash.Hash // one per secret; macs[0] signs
	values []Field     // url.Values flattened by Sign and Verify
	order  []int       // indexes of the signed fields, in signing order
	buf    []byte      // the canonical string
	sum    [sha256.Size]byte
}

// Scratch space that grew past this many bytes (a hostile or unusual body)
// is dropped instead of pooled, so one large request does not pin its memory.
const maxPooled = 64 << 10

// New returns a Signer that signs with secrets[0] and verifies against every
// secret. Secrets are used as HMAC keys in their UTF-8 bytes, as Node's
// createHmac does with a string key.
//
// Bad input: New returns ErrNoSecret if no secret is given or any is empty;
// an empty HMAC key is almost certainly a missing configuration value.
func New(secrets ...string) (*Signer, error) {
	if len(secrets) == 0 {
		return nil, ErrNoSecret
	}
	for _, secret := range secrets {
		if secret == "" {
			return nil, ErrNoSecret
		}
	}
	secrets = append([]string(nil), secrets...)
	s := &Signer{}
	s.pool.New = func() any {
		sc := &scratch{}
		for _, secret := range secrets {
			sc.macs = append(sc.macs, hmac.New(sha256.New, []byte(secret)))
		}
		return sc
	}
	return s, nil
}

func (s *Signer) ready() bool { return s != nil && s.pool.New != nil }

func (s *Signer) put(sc *scratch) {
	// Clearing drops the references to request strings.
	clear(sc.values)
	if cap(sc.buf) > maxPooled || 8*cap(sc.order) > maxPooled || 32*cap(sc.values) > maxPooled {
		sc.values, sc.order, sc.buf = nil, nil, nil
	}
	s.pool.Put(sc)
}

// SignFields returns the signature of fields as 64 lowercase hex characters,
// computed with the first secret. Fields whose Key is Param are skipped, so a
// received body can be re-signed as is.
//
// Bad input: SignFields never fails. Repeated keys are all signed in the
// order received, but VerifyFields rejects such a body with ErrDuplicateKey.
// On a Signer not made by New it returns "".
func (s *Signer) SignFields(fields []Field) string {
	if !s.ready() {
		return ""
	}
	sc := s.pool.Get().(*scratch)
	defer s.put(sc)
	sc.canonical(fields)
	mac := sc.macs[0]
	mac.Reset()
	mac.Write(sc.buf)
	return hex.EncodeToString(mac.Sum(nil))
}

// Signed returns a copy of fields without any Param field, followed by a
// Param field holding their signature (see SignFields): the fields of a body
// as the gateway sends it, ready to encode. fields itself is not modified.
//
// Bad input: Signed never fails; on a Signer not made by New the
// signature is "".
func (s *Signer) Signed(fields []Field) []Field {
	out := make([]Field, 0, len(fields)+1)
	for _, f := range fields {
		if f.Key != Param {
			out = append(out, f)
		}
	}
	return append(out, Field{Key: Param, Value: s.SignFields(out)})
}

// Sign returns the signature of values as 64 lowercase hex characters,
// computed with the first secret over the first value of each key except
// Param.
//
// Bad input: Sign never fails. Values after the first of a key are ignored
// (Verify rejects such a body with ErrDuplicateKey) and keys with no values
// are left out. On a Signer not made by New it returns "".
func (s *Signer) Sign(values url.Values) string {
	fields, _ := firstValues(nil, values)
	return s.SignFields(fields)
}

// VerifyFields checks the Param field of a received body against the HMAC of
// the other fields under each of the Signer's secrets. It returns nil if one
// matches.
//
// Bad input: it returns, checking in this order, ErrDuplicateKey if Param
// occurs twice, ErrMissingSignature if Param is absent or empty,
// ErrMalformedSignature if it is not 64 hex characters, ErrDuplicateKey if
// another key repeats, ErrInvalidSignature if no secret matches, and
// ErrNoSecret on a Signer not made by New.
func (s *Signer) VerifyFields(fields []Field) error {
	if !s.ready() {
		return ErrNoSecret
	}
	sig, count := "", 0
	for _, f := range fields {
		if f.Key == Param {
			sig = f.Value
			count++
		}
	}
	if count > 1 {
		return ErrDuplicateKey
	}
	sc := s.pool.Get().(*scratch)
	defer s.put(sc)
	return sc.verify(fields, false, sig)
}

// Verify is VerifyFields for a parsed form, such as http.Request.PostForm.
// url.Values merges repeated keys, so a key with two or more values counts
// as a repeated key.
//
// Bad input: it returns the same errors, in the same order, as VerifyFields;
// keys with no values are treated as absent.
func (s *Signer) Verify(values url.Values) error {
	if !s.ready() {
		return ErrNoSecret
	}
	sigs := values[Param]
	if len(sigs) > 1 {
		return ErrDuplicateKey
	}
	sig := ""
	if len(sigs) == 1 {
		sig = sigs[0]
	}
	sc := s.pool.Get().(*scratch)
	defer s.put(sc)
	var repeated bool
	sc.values, repeated = firstValues(sc.values[:0], values)
	return sc.verify(sc.values, repeated, sig)
}

// verify checks sig, the received signature, against the HMAC of fields
// under every secret; repeated reports a repeated key the caller saw.
func (sc *scratch) verify(fields []Field, repeated bool, sig string) error {
	if sig == "" {
		return ErrMissingSignature
	}
	// hex.Decode takes bytes; copying sig to the stack saves an allocation.
	var in [2 * sha256.Size]byte
	var want [sha256.Size]byte
	if len(sig) != len(in) {
		return ErrMalformedSignature
	}
	copy(in[:], sig)
	if _, err := hex.Decode(want[:], in[:]); err != nil {
		return ErrMalformedSignature
	}
	if sc.canonical(fields) || repeated {
		return ErrDuplicateKey
	}
	// Every secret is tried and the results are ORed, so the time taken does
	// not tell which secret, if any, matched.
	match := 0
	for _, mac := range sc.macs {
		mac.Reset()
		mac.Write(sc.buf)
		match |= subtle.ConstantTimeCompare(mac.Sum(sc.sum[:0]), want[:])
	}
	if match != 1 {
		return ErrInvalidSignature
	}
	return nil
}
