package webhook

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
)

// The signing package's sentinel errors, here too so that one import is
// enough to tell them apart with errors.Is.
var (
	ErrMissingSignature   = signing.ErrMissingSignature
	ErrMalformedSignature = signing.ErrMalformedSignature
	ErrInvalidSignature   = signing.ErrInvalidSignature
	ErrDuplicateKey       = signing.ErrDuplicateKey
)

// Verifier checks callbacks without HTTP, for consumers that take bodies
// from a queue. It is safe for concurrent use.
type Verifier struct {
	signer *signing.Signer
}

// NewVerifier returns a Verifier that accepts callbacks signed with any of
// secrets, so that a merchant can rotate its secret without downtime. It
// returns [signing.ErrNoSecret] when secrets is empty or holds "".
func NewVerifier(secrets ...string) (*Verifier, error) {
	s, err := signing.New(secrets...)
	if err != nil {
		return nil, err
	}
	return &Verifier{signer: s}, nil
}

// VerifyBody parses a form-encoded callback body, verifies its signature over
// the values exactly as received and decodes them. The returned callback's
// Raw is a copy of body.
//
// Errors, each testable with errors.Is: [ErrMalformedBody] for a body that
// is not a form; [ErrDuplicateKey] for a repeated key;
// [ErrMissingSignature], [ErrMalformedSignature] or [ErrInvalidSignature]
// when the signature does not check; [smartcore.ErrInvalidCallback] for a
// signed body missing a required field or with a malformed number. No error
// carries a value of the body.
func (v *Verifier) VerifyBody(body []byte) (*smartcore.Callback, error) {
	return v.verifyRaw(string(body))
}

func (v *Verifier) verifyRaw(raw string) (*smartcore.Callback, error) {
	// A callback's fields fit on the stack; the callback keeps raw, and its
	// strings are substrings of it (or of the decoded escapes), so the list
	// is not needed afterwards.
	var stack [32]smartcore.Field
	fields := stack[:0]
	if n := strings.Count(raw, "&") + 1; n > len(stack) {
		fields = make([]smartcore.Field, 0, n) // rather than growing from 32
	}
	fields, err := form.Parse(raw, fields)
	if err != nil {
		return nil, err
	}
	return v.verified(fields, raw)
}

// VerifyValues is VerifyBody for a form already parsed into url.Values. A
// key with more than one value is refused with [ErrDuplicateKey]. Raw in the
// result is the fields encoded in the signature's key order.
func (v *Verifier) VerifyValues(values url.Values) (*smartcore.Callback, error) {
	fields := make([]smartcore.Field, 0, len(values))
	for k, vs := range values {
		if len(vs) != 1 {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateKey, k)
		}
		fields = append(fields, smartcore.Field{Key: k, Value: vs[0]})
	}
	// Map order is random; the signature's order makes Raw repeatable.
	signing.SortFields(fields)
	return v.VerifyFields(fields)
}

// VerifyFields verifies and decodes fields as received; see VerifyBody for
// the errors (a field with an empty key is [ErrMalformedBody], as "=v" in a
// body is). Raw in the result is the fields form-encoded in their order.
func (v *Verifier) VerifyFields(fields []smartcore.Field) (*smartcore.Callback, error) {
	// A body cannot carry a value without a key (ParseForm refuses "=v"), so
	// neither can fields: r.PostForm would have one under "".
	for _, f := range fields {
		if f.Key == "" {
			return nil, fmt.Errorf("%w: a value without a key", ErrMalformedBody)
		}
	}
	return v.verified(fields, "")
}

// verified checks fields' signature and decodes them into a callback whose
// Raw is raw, or fields' encoding when raw is "". fields is not kept.
func (v *Verifier) verified(fields []smartcore.Field, raw string) (*smartcore.Callback, error) {
	if err := v.signer.VerifyFields(fields); err != nil {
		return nil, err
	}
	cb, err := ParseCallback(fields)
	if err != nil {
		return nil, err
	}
	if raw == "" {
		raw = form.Encode(fields)
	}
	cb.Raw = raw
	return cb, nil
}
