package smartcore

import "errors"

// ErrInvalidCallback is wrapped by every error that webhook.ParseCallback
// and webhook.DecodeParams return, so that callers can tell a malformed
// callback (answer 400) from other failures with errors.Is.
var ErrInvalidCallback = errors.New("smartcore: invalid callback")

// FieldError says which field of a callback, request or response is wrong
// and why: a callback parameter or response member that could not be read,
// and a request field that failed one of package validate's rules (which
// names it validate.FieldError), so that both are one type. None of
// its fields ever holds the value that was wrong: requests carry card
// numbers, CVVs and wallet tokens, and errors end up in logs and HTTP
// responses.
type FieldError struct {
	// Field is the field's name as sent: a request's JSON name such as
	// "customer_email", a callback parameter such as "orderId", a response
	// member path such as "card.bin". It is "" for a value checked alone
	// (Var).
	Field string
	// Reason says what is wrong, worded to follow the field's name: "is
	// required", "must be an email address", "is not an integer".
	Reason string
	// Rule is the validation tag that failed, such as "email" or
	// "required"; "" for an error that is not a rule's.
	Rule string
	// Param is the rule's parameter from the tag ("0" for gt=0), or "".
	Param string
}

// Error returns a sentence for people: the field's name (or "value" when
// Field is "") and the reason, such as "customer_email must be an email
// address".
func (fe FieldError) Error() string {
	f := fe.Field
	if f == "" {
		f = "value"
	}
	return f + " " + fe.Reason
}
