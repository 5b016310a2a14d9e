package smartcore

import "errors"

// ErrInvalidCallback is wrapped by every error that [ParseCallback] returns,
// so that callers can tell a malformed callback (answer 400) from other
// failures with errors.Is.
var ErrInvalidCallback = errors.New("smartcore: invalid callback")

// FieldError says which field of a callback or request is wrong and why. It
// never carries the field's value, which may be a card number or a secret.
type FieldError struct {
	Field  string // the parameter's name as sent ("orderId", "status")
	Reason string // what is wrong ("missing", "repeated", "not an integer")
}

// Error returns "field <name>: <reason>".
func (e *FieldError) Error() string { return "field " + e.Field + ": " + e.Reason }
