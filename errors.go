package smartcore

import (
	"errors"

	"github.com/smartcorekit/smartcore/validate"
)

// ErrInvalidCallback is wrapped by every error that webhook.ParseCallback
// and webhook.DecodeParams return, so that callers can tell a malformed
// callback (answer 400) from other failures with errors.Is.
var ErrInvalidCallback = errors.New("smartcore: invalid callback")

// FieldError says which field of a callback, request or response is
// wrong and why; it is package validate's, so that a request's validation
// failures and a callback's or answer's decoding failures are one type.
// It never carries the field's value, which may be a card number or a
// secret. Its Error reads "status is not an integer".
type FieldError = validate.FieldError
