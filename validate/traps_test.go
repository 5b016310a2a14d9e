package validate_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/stretchr/testify/require"
)

// Each test here pins down a go-playground behaviour that makes a built-in
// tag the wrong choice for these requests, and shows ours does better.
// upstream is a plain go-playground instance, as a naive user would build.
var upstream = validator.New(validator.WithRequiredStructEnabled())

func ours(val any, tag string) error { return validate.Var(val, tag) }

// oursStrict applies the strict level of our rules.
func oursStrict(val any, tag string) error { return validate.StrictVar(val, tag) }

// The built-in "url" accepts any scheme, including javascript:; weburl
// wants http or https at both levels.
func TestTrapURLAcceptsJavascript(t *testing.T) {
	for _, s := range []string{"javascript:alert(1)", "mailto:a@b.com", "ftp://x.example"} {
		require.NoError(t, upstream.Var(s, "url"), s)
		require.Error(t, ours(s, "weburl"), s)
		require.Error(t, oursStrict(s, "weburl"), s)
	}
	// http_url is closer but still takes user info, which only the strict
	// level refuses: the document does not forbid it.
	require.NoError(t, upstream.Var("https://user:pw@site.com/", "http_url"))
	require.NoError(t, ours("https://user:pw@site.com/", "weburl"))
	require.Error(t, oursStrict("https://user:pw@site.com/", "weburl"))
	require.Error(t, ours("http://", "weburl"))
	require.NoError(t, ours("https://site.com/callback", "weburl"))
	require.NoError(t, oursStrict("https://site.com/callback", "weburl"))
}

// The built-in "numeric" accepts signs and decimal points; the strict
// digit rules do not.
func TestTrapNumericAcceptsSigns(t *testing.T) {
	for _, s := range []string{"-1.50", "+3", "-12", "+123", "1.5"} {
		require.NoError(t, upstream.Var(s, "numeric"), s)
		for _, tag := range []string{"pan", "expmonth", "expyear", "cvv", "phone"} {
			require.Error(t, oursStrict(s, tag), "%s %s", tag, s)
		}
	}
}

// The built-in "e164" makes the '+' optional (and rejects a leading zero
// and numbers under 8 digits); "phone" is explicit about what it accepts.
func TestTrapE164PlusOptional(t *testing.T) {
	require.NoError(t, upstream.Var("442079460612", "e164"), "e164 does not require the +")
	require.NoError(t, upstream.Var("+442079460612", "e164"))
	require.Error(t, upstream.Var("07122321576", "e164"), "e164 rejects a national 0 prefix")

	for _, s := range []string{"442079460612", "+442079460612", "07122321576", "7122321576", "1234567"} {
		require.NoError(t, oursStrict(s, "phone"), s)
	}
	for _, s := range []string{"+44 20 7946 0612", "123456", "+", "+1234567890123456", "44(20)79460612"} {
		require.Error(t, oursStrict(s, "phone"), s)
		require.NoError(t, ours(s, "phone"), "the document says only String")
	}
}

// The built-in "luhn_checksum" rejects a card number written with spaces,
// with no hint why; "pan" rejects it too and says what is wrong.
func TestTrapLuhnChecksumRejectsSpaces(t *testing.T) {
	require.NoError(t, upstream.Var("4012000000003010", "luhn_checksum"))
	require.Error(t, upstream.Var("4012 0000 0000 3010", "luhn_checksum"))

	req := validCardPayment(t)
	req.Card.Number = "4012 0000 0000 3010"
	fe := requireFieldError(t, validate.Strict(req), "card_number", "pan")
	require.Contains(t, fe.Error(), "without spaces or dashes")
	req.Card.Number = "4012000000003011"
	require.NoError(t, validate.Struct(req), "the document states no card number format")
	fe = requireFieldError(t, validate.Strict(req), "card_number", "pan")
	require.Equal(t, "card_number must be a valid card number", fe.Error())
}

// "iso4217" and "iso3166_1_alpha2" are case-sensitive: "eur" and "gb"
// fail. The document asks for an "Alpha3 Code" and a "Country Code", so
// Struct accepts both; Strict uses the lists and says upper case is needed.
func TestTrapISOCodesCaseSensitive(t *testing.T) {
	require.Error(t, upstream.Var("eur", "iso4217"))
	require.NoError(t, upstream.Var("EUR", "iso4217"))
	require.Error(t, upstream.Var("gb", "iso3166_1_alpha2"))
	require.NoError(t, upstream.Var("GB", "iso3166_1_alpha2"))

	req := validCardPayment(t)
	req.Currency, req.Country = "eur", "gb"
	require.NoError(t, validate.Struct(req))
	fe := requireFieldError(t, validate.Strict(req), "currency", "currency")
	require.Contains(t, fe.Error(), "upper case")
	fe = requireFieldError(t, validate.Strict(req), "customer_country", "country")
	require.Contains(t, fe.Error(), "upper case")
}

// "required" fails on 0 and false, so amounts use gt=0 and no boolean or
// number in a request type carries "required".
func TestTrapRequiredFailsOnZero(t *testing.T) {
	require.Error(t, upstream.Var(0, "required"))
	require.Error(t, upstream.Var(false, "required"))
	require.NoError(t, upstream.Var(0, "gte=0"))

	for _, v := range allRequestTypes() {
		walkFields(reflect.TypeOf(v).Elem(), func(f reflect.StructField) {
			tags := strings.Split(f.Tag.Get("validate"), ",")
			k := f.Type.Kind()
			if k == reflect.Bool || k == reflect.Pointer || k >= reflect.Int && k <= reflect.Float64 {
				require.NotContains(t, tags, "required", "%T.%s: required on a %s", v, f.Name, k)
			}
		})
	}
	// A refund of 0 is rejected by gt=0, not silently taken as "missing".
	req := &smartcore.RefundRequest{OrderID: "o", Reason: "r"}
	requireFieldError(t, validate.Struct(req), "amount", "gt")
}

// A tag on a field of the wrong type panics in go-playground, but only
// once the field is non-zero: omitempty skips the zero value, so only
// tests with non-zero values catch the mistake. Struct turns the panic
// into an error.
func TestTrapMisusedTagPanicsOnlyWhenNonZero(t *testing.T) {
	type bad struct {
		N int `validate:"omitempty,url"`
	}
	require.NotPanics(t, func() { _ = upstream.Struct(bad{}) })
	require.Panics(t, func() { _ = upstream.Struct(bad{N: 1}) })

	require.NoError(t, validate.Struct(bad{}))
	var err error
	require.NotPanics(t, func() { err = validate.Struct(bad{N: 1}) })
	require.Error(t, err)
	require.NotErrorAs(t, err, &validate.Errors{}, "a programming error, not a validation failure")
}

func walkFields(t reflect.Type, fn func(reflect.StructField)) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			walkFields(f.Type, fn)
			continue
		}
		fn(f)
	}
}

func validCardPayment(t *testing.T) *smartcore.CardPaymentRequest {
	t.Helper()
	req := new(smartcore.CardPaymentRequest)
	decodeJSON(t, docexamples.CardPayment.Request, req)
	require.NoError(t, validate.Struct(req))
	return req
}
