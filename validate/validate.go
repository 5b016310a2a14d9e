// Package validate checks smartcore request structs against the
// `validate` tags they carry, before a request leaves the client or when a
// host receives one (see [JSON]).
//
// It wraps one shared go-playground validator configured for these types:
// errors name fields by their JSON names, the payment formats (card
// numbers, expiry dates, CVVs, phones, callback URLs, timestamps, wallet
// tokens) have rules of their own, and no error message ever contains the
// value that failed.
//
// Rules: weburl, pan, expmonth, expyear, cvv, phone, iso8601, birthdate,
// base64any and cardnetwork are defined here; email and ip are replaced by
// allocation-free equivalents; every other go-playground tag works as
// documented upstream.
package validate

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
)

// shared is built once at package initialisation: go-playground caches
// each struct's parsed tags inside the instance, so a single instance
// makes every validation after the first one per type cheap.
var shared = newValidator()

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(jsonName)
	register(v)
	return v
}

// jsonName names a field as its JSON tag does, so errors say
// "customer_email" rather than "Email". A field without a JSON name keeps
// its Go name; "-" is mapped to "" because go-playground would otherwise
// skip validating the field.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// Validator returns the shared instance [Struct] uses, so a host can
// register rules of its own or override ours. As go-playground requires,
// register before validating concurrently: registration is not safe
// alongside running validations.
//
// Calling Validator turns off the allocation-free fast path (see [Struct])
// for the rest of the process, since rules can then be changed behind its
// back; every validation then goes through go-playground, a few
// allocations per field. [RegisterValidation] adds a rule without that cost.
func Validator() *validator.Validate {
	fastOff.Store(true)
	return shared
}

// RegisterValidation adds the rule fn under tag to the shared instance, as
// go-playground's method of that name does, and returns its error for an
// empty or reserved tag. Register before validating concurrently. Replacing
// one of the tags the fast path evaluates itself (ours, or required, gt,
// gte, lt, lte, min, max, eq, oneof, iso4217, iso3166_1_alpha2) turns the
// fast path off, as [Validator] does; a new tag leaves it on (types using
// it are validated by go-playground).
func RegisterValidation(tag string, fn validator.Func, callValidationEvenIfNull ...bool) error {
	if rules[tag] != nil || fastTags[tag] {
		fastOff.Store(true)
	}
	return shared.RegisterValidation(tag, fn, callValidationEvenIfNull...)
}

// fastTags are the go-playground tags the fast path reimplements.
var fastTags = map[string]bool{
	"required": true, "omitempty": true, "gt": true, "gte": true, "lt": true, "lte": true,
	"min": true, "max": true, "eq": true, "oneof": true, "iso4217": true, "iso3166_1_alpha2": true,
}

// Struct validates v, a struct or a non-nil pointer to one, against its
// `validate` tags (nested and embedded structs included).
//
// It returns nil when every field passes, and [Errors] listing each failing
// field otherwise. For a nil, non-struct or nil-pointer v, or a struct whose
// tags cannot be applied to its fields (such as "url" on an int, which
// makes go-playground panic), it returns a plain error instead; Struct
// itself never panics.
//
// For types whose tags it can reproduce (all the smartcore request types),
// Struct first runs a compiled check that does not allocate; go-playground
// runs only when that check cannot vouch for v, and always produces the
// errors.
func Struct(v any) error {
	if v == nil {
		return errors.New("validate: Struct(nil)")
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct && !rv.Type().ConvertibleTo(timeType) && fastValid(rv) {
		return nil
	}
	return slowStruct(v)
}

// slowStruct validates with go-playground, turning its panics (tags that
// do not fit their field's type) into errors.
func slowStruct(v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("validate: invalid validation tags on %T: %v", v, p)
		}
	}()
	if err := shared.Struct(v); err != nil {
		return convert(err)
	}
	return nil
}

// Var validates a single value against tag ("required,pan") with the
// shared rules. It returns nil when the value passes, [Errors] with one
// FieldError whose Field is "" (the message says "value") when it fails,
// and a plain error for a tag go-playground cannot apply to the value.
func Var(v any, tag string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("validate: invalid tag %q for %T: %v", tag, v, p)
		}
	}()
	if err := shared.Var(v, tag); err != nil {
		return convert(err)
	}
	return nil
}
