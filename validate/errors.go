package validate

import (
	"errors"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/smartcorekit/smartcore"
)

// FieldError says which field is wrong and why: a request field that
// failed a rule here, a callback parameter or response member that could
// not be read in the root package, which defines it. It never holds the
// value that was wrong. Its Error reads "customer_email must be an email
// address".
type FieldError = smartcore.FieldError

// Errors lists every field of a struct that failed validation, in the
// order the fields are declared. [Struct] returns it as its error; recover
// it with errors.As(err, &validate.Errors{}) or a type assertion.
type Errors []FieldError

// Error returns each FieldError's sentence, one per line, in field order;
// an empty list returns "".
func (e Errors) Error() string {
	var b strings.Builder
	for i, fe := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Field returns the error for the JSON field name and true, or a zero
// FieldError and false when that field passed.
func (e Errors) Field(name string) (FieldError, bool) {
	for _, fe := range e {
		if fe.Field == name {
			return fe, true
		}
	}
	return FieldError{}, false
}

// convert turns go-playground's errors into Errors, worded for a strict
// validation or not. Any other error (an InvalidValidationError for a nil
// pointer) is returned as a plain error.
func convert(err error, strict bool) error {
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		var inv *validator.InvalidValidationError
		if errors.As(err, &inv) {
			return errors.New("validate: " + inv.Error())
		}
		return err
	}
	out := make(Errors, 0, len(ves))
	for _, fe := range ves {
		out = append(out, FieldError{
			Field:  fe.Field(),
			Reason: reason(fe, strict),
			Rule:   fe.Tag(),
			Param:  fe.Param(),
		})
	}
	return out
}

// reason words one failure, to follow the field's name. Only the rule and
// its parameter from the struct tag go into it; the value itself
// is consulted only to pick a more helpful sentence (a card number with
// spaces), never copied. A rule whose two levels differ says what failed
// at the level that ran.
func reason(fe validator.FieldError, strict bool) string {
	p := fe.Param()
	str := fe.Kind() == reflect.String
	switch fe.Tag() {
	case "required":
		return "is required"
	case "gt":
		if str {
			return "must be longer than " + p + " characters"
		}
		return "must be greater than " + p
	case "gte":
		if str {
			return "must be at least " + p + " characters long"
		}
		return "must be at least " + p
	case "lt":
		if str {
			return "must be shorter than " + p + " characters"
		}
		return "must be less than " + p
	case "max", "lte":
		if str {
			return "must be at most " + p + " characters long"
		}
		return "must be at most " + p
	case "min":
		if str {
			return "must be at least " + p + " characters long"
		}
		return "must be at least " + p
	case "eq":
		return `must be "` + p + `"`
	case "oneof":
		return "must be one of " + strings.Join(strings.Fields(p), ", ")
	case "email":
		return "must be an email address"
	case "ip":
		return "must be an IPv4 or IPv6 address"
	case "iso4217":
		return "must be an ISO 4217 currency code in upper case, such as EUR"
	case "iso3166_1_alpha2":
		return "must be an ISO 3166-1 alpha-2 country code in upper case, such as GB"
	case "currency":
		if strict {
			return "must be an ISO 4217 currency code in upper case, such as EUR"
		}
		return "must be a three-letter currency code, such as EUR"
	case "country":
		return "must be an ISO 3166-1 alpha-2 country code in upper case, such as GB"
	case "weburl":
		if strict {
			return "must be an absolute http or https URL with a valid host, no user info and no unescaped spaces"
		}
		return "must be an absolute http or https URL with a host"
	case "pan":
		if s, ok := fe.Value().(string); ok && strings.ContainsAny(s, " -") {
			return "must be a valid card number, digits only without spaces or dashes"
		}
		return "must be a valid card number"
	case "expmonth":
		return "must be a two-digit month from 01 to 12"
	case "expyear":
		return "must be a two-digit year"
	case "cvv":
		return "must be 3 or 4 digits"
	case "phone":
		return "must be a phone number: an optional + and 7 to 15 digits, nothing else"
	case "iso8601":
		if strict {
			return "must be an RFC 3339 timestamp with a time zone, such as 2023-12-13T14:00:53.421Z"
		}
		return "must be an ISO 8601 date or date and time, such as 2023-12-13 or 2023-12-13T14:00:53.421Z, or a whole number (Long)"
	case "birthdate":
		return "must be a calendar date written DD.MM.YYYY"
	case "base64any":
		return "must be base64 (standard or URL alphabet)"
	case "cardnetwork":
		return "must be a card network name such as Visa or Mastercard"
	}
	if p != "" {
		return "failed rule " + fe.Tag() + "=" + p
	}
	return "failed rule " + fe.Tag()
}
