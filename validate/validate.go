// Package validate checks smartcore request structs against the
// `validate` tags they carry, before a request leaves the client or when a
// host receives one (see [JSON]).
//
// It wraps one shared go-playground validator configured for these types:
// errors name fields by their JSON names, and no error message ever
// contains the value that failed.
//
// # Two levels: the document's rules and strict formats
//
// [Struct] refuses only what the API document states: required members,
// the payment_method and recur_period values it lists, positive amounts,
// a three-letter currency ("Currency Alpha3 Code"), for recur_exp an ISO
// 8601 date or date-time or a whole number (its table says Long, its
// description ISO 8601), base64 for wallet tokens (wrapped in lines or
// not, as RFC 2045 allows), an absolute http(s) URL with a host where the
// document asks for a URL, an IP address and an address with an '@' for
// the e-mail. A phone written "+44 20 7946 0612", a card network the kit has
// never heard of or a country code of any shape passes: the gateway, not
// the kit, is the judge of what the document leaves open.
//
// [Strict] (and [StrictVar] for a single value) adds the formats the
// document does not state, for hosts that want them (a sign-up form, a
// checkout page, or client.WithValidator(validate.Strict)): phone numbers as an optional
// '+' and 7 to 15 digits, card numbers of 12 to 19 digits passing the Luhn
// check, two-digit expiry months and years, 3- or 4-digit CVVs, the card
// networks Apple Pay and Google Pay are known to report, ISO 4217 currency
// and ISO 3166-1 alpha-2 country codes in upper case, RFC 3339 timestamps
// with a zone, DD.MM.YYYY birthdates, e-mail addresses in dot-atom form and
// URLs with a valid host name, a port in range, no user info and no
// unescaped spaces.
//
// The tags name what a field holds and each rule is written once: the
// custom tags weburl, email, phone, currency, country, iso8601, pan,
// expmonth, expyear, cvv, birthdate, base64any and cardnetwork each carry
// up to two checks in one table entry: the document's, used by both, and a
// strict one, used by Strict only (phone, country, the card fields,
// birthdate and cardnetwork have no document check: the document says
// "String"). Every other go-playground tag works as documented upstream,
// the same under Struct and Strict.
//
// # In a host
//
// The client runs Struct before every call (client.WithValidator changes
// that). A host receiving requests mounts [JSON], which decodes one JSON
// request, validates it and puts it in the context ([FromContext]):
//
//	err := validate.Struct(&req) // nil, or Errors: [{Field: "customer_email", Rule: "email", ...}]
//	mux.Handle("POST /refunds", validate.JSON[smartcore.RefundRequest](validate.Options{})(next))
//	// in next: req, _ := validate.FromContext[smartcore.RefundRequest](r.Context())
//
// A String member of the document is a JSON string or a JSON number (its
// own examples send customer_zip_code as 121165), and nothing else: [JSON]
// decodes a number for any string field of the request type as its
// literal text ("12345", "-1.5e3"), so order_id: 12345 passes as "12345";
// a boolean, an object or an array for it is malformed (400).
//
// It answers 415 (not JSON), 413 (over Options.MaxBytes, default 1 MiB),
// 400 (malformed JSON, a member named twice or twice up to case, or, with
// Options.DisallowUnknownFields, an undeclared member) and 422 with
// {"error":"validation failed","fields":[...]}; messages never contain the
// submitted values. Options.Strict applies [Strict] instead of [Struct].
package validate

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
)

// shared is built once at package initialisation: go-playground caches
// each struct's parsed tags inside the instance, so a single instance
// makes every validation after the first one per type cheaper. Struct and
// Strict share it; the rules read the level from the context.
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

// strictKey marks the context of a strict validation.
type strictKey struct{}

// strictCtx is built once so that Strict costs no more than Struct.
var strictCtx = context.WithValue(context.Background(), strictKey{}, true)

func isStrict(ctx context.Context) bool { return ctx.Value(strictKey{}) != nil }

// Validator returns the shared instance [Struct] and [Strict] use, so a
// host can register rules of its own or override ours. As go-playground
// requires, register before validating concurrently: registration is not
// safe alongside running validations. A rule registered on it applies the
// same under Struct and Strict.
func Validator() *validator.Validate { return shared }

// RegisterValidation adds the rule fn under tag to the shared instance, as
// go-playground's method of that name does, and returns its error for an
// empty or reserved tag. Register before validating concurrently. The rule
// applies the same under [Struct] and [Strict]; replacing one of ours
// replaces both of its levels.
func RegisterValidation(tag string, fn validator.Func, callValidationEvenIfNull ...bool) error {
	return shared.RegisterValidation(tag, fn, callValidationEvenIfNull...)
}

// Struct validates v, a struct or a non-nil pointer to one, against its
// `validate` tags (nested and embedded structs included), with the rules
// the API document states (see the package documentation).
//
// It returns nil when every field passes, and [Errors] listing each failing
// field otherwise. For a nil, non-struct or nil-pointer v, or a struct whose
// tags cannot be applied to its fields (such as "url" on an int, which
// makes go-playground panic), it returns a plain error instead; Struct
// itself never panics.
func Struct(v any) error { return check(context.Background(), v) }

// Strict validates v as [Struct] does and also applies the strict formats
// of the custom rules (phone shape, Luhn check, card network list, ISO
// country and currency codes, ...; see the package documentation). What
// Strict accepts, Struct accepts. It returns nil, [Errors] or a plain
// error exactly as Struct does. Its signature fits
// client.WithValidator, for a client that checks strictly.
func Strict(v any) error { return check(strictCtx, v) }

// check runs go-playground, turning its panics (tags that do not fit their
// field's type) into errors.
func check(ctx context.Context, v any) (err error) {
	if v == nil {
		return errors.New("validate: Struct(nil)")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("validate: invalid validation tags on %T: %v", v, p)
		}
	}()
	if err := shared.StructCtx(ctx, v); err != nil {
		return convert(err, isStrict(ctx))
	}
	return nil
}

// Var validates a single value against tag ("required,weburl") with the
// shared rules at the level of [Struct]. It returns nil when the value
// passes, [Errors] with one FieldError whose Field is "" (the message says
// "value") when it fails, and a plain error for a tag go-playground cannot
// apply to the value.
func Var(v any, tag string) error { return checkVar(context.Background(), v, tag) }

// StrictVar validates a single value against tag as [Var] does, at the
// level of [Strict]: StrictVar("https://u:p@site.com", "weburl") fails
// where Var passes. It returns what Var returns.
func StrictVar(v any, tag string) error { return checkVar(strictCtx, v, tag) }

func checkVar(ctx context.Context, v any, tag string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("validate: invalid tag %q for %T: %v", tag, v, p)
		}
	}()
	if err := shared.VarCtx(ctx, v, tag); err != nil {
		return convert(err, isStrict(ctx))
	}
	return nil
}
