package webhook

import (
	"bytes"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
)

// ErrMalformedBody is wrapped by ParseForm's errors: the body is not a
// well-formed application/x-www-form-urlencoded document.
var ErrMalformedBody = form.ErrMalformed

// ParseForm splits a form-encoded body into its fields, in order, decoding
// '+' and %XX escapes exactly as net/url does. Unlike url.ParseQuery it keeps
// the order and every repetition (so that the verifier can refuse repeated
// keys instead of silently picking one). body is copied once; keys and
// values that need no decoding share that copy.
//
// It returns an error wrapping [ErrMalformedBody] for an empty body, an
// empty key, a key or value with a bad escape, or an unescaped ';' (which
// url.ParseQuery also refuses). A pair with no '=' is a key with an empty
// value, as in net/url.
func ParseForm(body []byte) ([]smartcore.Field, error) {
	fields, err := form.Parse(string(body), make([]smartcore.Field, 0, bytes.Count(body, []byte{'&'})+1))
	if err != nil {
		return nil, err
	}
	return fields, nil
}
