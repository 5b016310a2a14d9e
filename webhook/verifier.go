package webhook

import (
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
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

// Verify parses a form-encoded callback body, verifies its signature over
// the values exactly as received and decodes them. The returned callback's
// Raw is a copy of body. A repeated key, an empty key or a malformed escape
// is refused, and only the signed body counts: a handler reads the request
// body itself (a POST of application/x-www-form-urlencoded, bounded in
// size), never the query string or r.Form.
//
// Errors, each testable with errors.Is: [signing.ErrDuplicateKey] for a
// repeated key; [signing.ErrMissingSignature],
// [signing.ErrMalformedSignature] or [signing.ErrInvalidSignature] when the
// signature does not check; [smartcore.ErrInvalidCallback] for a signed
// body missing a required field or with a malformed number. Any other
// error is a body that is not a well-formed form. No error carries a value
// of the body.
func (v *Verifier) Verify(body []byte) (*smartcore.Callback, error) {
	// One copy of the body: the callback keeps it as Raw, and its strings
	// are substrings of it (or of the decoded escapes), so neither the
	// caller's buffer nor the field list below is kept.
	raw := string(body)
	var stack [32]smartcore.Field // a callback's fields fit on the stack
	fields := stack[:0]
	if n := strings.Count(raw, "&") + 1; n > len(stack) {
		fields = make([]smartcore.Field, 0, n) // rather than growing from 32
	}
	fields, err := form.Parse(raw, fields)
	if err != nil {
		return nil, err
	}
	if err := v.signer.VerifyFields(fields); err != nil {
		return nil, err
	}
	cb, err := ParseCallback(fields)
	if err != nil {
		return nil, err
	}
	cb.Raw = raw
	return cb, nil
}
