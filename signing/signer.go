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
	// pool holds *state. The secrets live only in pool.New's closure and in
	// the HMACs it builds, so printing a Signer with fmt cannot reveal them.
	pool sync.Pool
}

// state is the per-call scratch space. Building an HMAC hashes the padded
// key, which costs as much as hashing a small callback; pooling the HMACs and
// buffers is what makes Verify allocation-free and cheaper than hmac.New.
type state struct {
	macs   []hash.Hash // one per secret; macs[0] signs
	fields []Field     // url.Values flattened by Sign and Verify
	keys   []uint64    // fields in signing order, see sortKeys
	memo   sortMemo
	buf    []byte
	sum    [sha256.Size]byte
	want   [sha256.Size]byte
}

// Scratch space that grew beyond these sizes (a hostile or unusual body) is
// dropped instead of pooled, so one large request does not pin its memory.
const (
	maxPooledBuf    = 64 << 10
	maxPooledFields = 1024
)

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
	macKeys := make([][]byte, len(secrets))
	for i, secret := range secrets {
		if secret == "" {
			return nil, ErrNoSecret
		}
		macKeys[i] = []byte(secret)
	}
	s := &Signer{}
	s.pool.New = func() any {
		st := &state{macs: make([]hash.Hash, len(macKeys))}
		for i, key := range macKeys {
			st.macs[i] = hmac.New(sha256.New, key)
			// The first Reset saves the keyed inner and outer states, so
			// every later Reset restores them instead of rehashing the key.
			st.macs[i].Reset()
		}
		return st
	}
	return s, nil
}

func (s *Signer) ready() bool { return s != nil && s.pool.New != nil }

func (s *Signer) get() *state { return s.pool.Get().(*state) }

func (s *Signer) put(st *state) {
	// Clearing drops references to request strings held by pooled memory.
	clear(st.fields)
	st.fields = st.fields[:0]
	if cap(st.fields) > maxPooledFields {
		st.fields = nil
	}
	if cap(st.keys) > maxPooledFields {
		st.keys = nil
	}
	if cap(st.buf) > maxPooledBuf {
		st.buf = nil
	}
	s.pool.Put(st)
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
	st := s.get()
	sig := st.sign(fields, &st.memo)
	s.put(st)
	return sig
}

// Sign returns the signature of values as 64 lowercase hex characters,
// computed with the first secret over the first value of each key except
// Param.
//
// Bad input: Sign never fails. Values after the first of a key are ignored
// (Verify rejects such a body with ErrDuplicateKey) and keys with no values
// are left out. On a Signer not made by New it returns "".
func (s *Signer) Sign(values url.Values) string {
	if !s.ready() {
		return ""
	}
	st := s.get()
	st.fields, _ = appendFirstValues(st.fields[:0], values)
	sig := st.sign(st.fields, nil) // map order: nothing to remember
	s.put(st)
	return sig
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
	st := s.get()
	err := st.decodeSignature(sig)
	if err == nil {
		err = st.verify(fields, false, &st.memo)
	}
	s.put(st)
	return err
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
	st := s.get()
	err := st.decodeSignature(sig)
	if err == nil {
		var repeated bool
		st.fields, repeated = appendFirstValues(st.fields[:0], values)
		err = st.verify(st.fields, repeated, nil) // map order: nothing to remember
	}
	s.put(st)
	return err
}

// sign HMACs fields (except Param) with the first secret and hex-encodes the
// result. memo, when not nil, is the sort's memory (see sortMemo).
func (st *state) sign(fields []Field, memo *sortMemo) string {
	st.keys = sortKeys(st.keys, fields, memo)
	st.buf = appendCanonical(st.buf[:0], fields, st.keys)
	mac := st.macs[0]
	mac.Reset()
	mac.Write(st.buf)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], mac.Sum(st.sum[:0]))
	return string(out[:])
}

// decodeSignature parses sig into st.want.
func (st *state) decodeSignature(sig string) error {
	if sig == "" {
		return ErrMissingSignature
	}
	if len(sig) != 2*len(st.want) {
		return ErrMalformedSignature
	}
	bad := byte(0)
	for i := range st.want {
		hi, lo := hexValues[sig[2*i]], hexValues[sig[2*i+1]]
		bad |= hi | lo
		st.want[i] = hi<<4 | lo
	}
	if bad > 0x0F { // some byte was notHex
		return ErrMalformedSignature
	}
	return nil
}

// verify compares st.want with the HMAC of fields (except Param) under every
// secret. repeated reports a repeated key already seen by the caller.
func (st *state) verify(fields []Field, repeated bool, memo *sortMemo) error {
	st.keys = sortKeys(st.keys, fields, memo)
	if repeated || hasDuplicate(st.keys, fields) {
		return ErrDuplicateKey
	}
	st.buf = appendCanonical(st.buf[:0], fields, st.keys)
	// Every secret is tried and the results are ORed without branching, so
	// the timing does not depend on which secret, if any, matched.
	// ConstantTimeCompare is what hmac.Equal uses; its int result can be
	// combined without a conditional.
	match := 0
	for _, mac := range st.macs {
		mac.Reset()
		mac.Write(st.buf)
		match |= subtle.ConstantTimeCompare(mac.Sum(st.sum[:0]), st.want[:])
	}
	if match != 1 {
		return ErrInvalidSignature
	}
	return nil
}

// hexValues maps a byte to its value as a hex digit of either case, or to
// notHex. A table keeps the 64-character decode short and branch-free; the
// received signature is public, so data-dependent lookups leak nothing.
var hexValues = func() (t [256]byte) {
	for i := range t {
		t[i] = notHex
	}
	for i := range 10 {
		t['0'+i] = byte(i)
	}
	for i := range 6 {
		t['a'+i] = byte(10 + i)
		t['A'+i] = byte(10 + i)
	}
	return t
}()

const notHex = 0xFF
