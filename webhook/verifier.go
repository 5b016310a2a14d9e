package webhook

import (
	"errors"
	"fmt"
	"net/url"
	"unsafe"

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

// verifyOwned is VerifyBody for a body the caller gives up, which the
// callback's strings then share instead of a copy.
func (v *Verifier) verifyOwned(body []byte) (*smartcore.Callback, error) {
	if len(body) == 0 {
		return v.verifyRaw("")
	}
	return v.verifyRaw(unsafe.String(&body[0], len(body)))
}

func (v *Verifier) verifyRaw(raw string) (*smartcore.Callback, error) {
	// The fields live on the stack: the callback keeps raw, and its typed
	// strings are substrings of it, so the list is not needed afterwards.
	var stack [32]smartcore.Field
	fields, err := form.Parse(raw, stack[:0])
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
	cb, err := smartcore.ParseCallback(fields)
	if err != nil {
		return nil, err
	}
	if raw == "" {
		raw = form.Encode(fields)
	}
	cb.Raw = raw
	return cb, nil
}

// Signer returns the signer behind v, for signing replies in tests.
func (v *Verifier) Signer() *signing.Signer { return v.signer }

// statusFor maps a verification error to the HTTP status a handler answers.
func statusFor(err error) int {
	switch {
	case errors.Is(err, ErrMethodNotAllowed):
		return 405
	case errors.Is(err, ErrUnsupportedMediaType):
		return 415
	case errors.Is(err, ErrBodyTooLarge):
		return 413
	case errors.Is(err, ErrMalformedBody), errors.Is(err, ErrDuplicateKey),
		errors.Is(err, smartcore.ErrInvalidCallback):
		return 400
	case errors.Is(err, ErrMissingSignature), errors.Is(err, ErrMalformedSignature),
		errors.Is(err, ErrInvalidSignature):
		return 401
	}
	return 500
}
