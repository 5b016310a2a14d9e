package validate

import (
	"context"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"github.com/smartcorekit/smartcore/internal/luhn"
)

// rule is one custom tag at its two levels. doc is what the API document
// states about such a value, checked by Struct and Strict; nil means the
// document says only "String". strict is the full format, checked by Strict
// only, after doc. Keeping both in one entry is what keeps them one rule:
// Strict can never accept what Struct refuses.
type rule struct {
	doc, strict func(string) bool
}

// rules maps each custom tag to its checks. Each check accepts only
// strings; on any other kind the rule reports failure instead of
// panicking, so a misplaced tag shows up as a validation error in the
// first test that fills the field.
var rules = map[string]rule{
	// "Merchant Site URL", "Callback URL", "Redirect URL": the gateway calls
	// or redirects to it, so it is an absolute http(s) URL with a host.
	"weburl": {doc: isAbsoluteWebURL, strict: isWebURL},
	// "Customer Email": an address has a local part, '@' and a domain.
	"email": {doc: hasAt, strict: isEmail},
	// "Customer Phone", "Phone number for withdrawal": String, no format.
	"phone": {strict: isPhone},
	// "Currency Alpha3 Code".
	"currency": {doc: isAlpha3, strict: isISO4217},
	// "Customer Country Code": which code is not stated.
	"country": {strict: isISO3166Alpha2},
	// recur_exp: a Long in the table, "Should be specified according to
	// ISO 8601" in its description: either.
	"iso8601": {doc: isISO8601OrLong, strict: isRFC3339},
	// The card fields: "Customer Card number", "expiration month", ...
	"pan":      {strict: isPAN},
	"expmonth": {strict: isExpMonth},
	"expyear":  {strict: isExpYear},
	"cvv":      {strict: isCVV},
	// "Customer Birthdate" (the example is "06.06.1997").
	"birthdate": {strict: isBirthdate},
	// "Base64 of decoded value of paymentData.data token field".
	"base64any": {doc: isBase64Any},
	// "Value of paymentMethod.network token field": no list is given.
	"cardnetwork": {strict: isCardNetwork},
}

// register installs every rule of rules on v.
func register(v *validator.Validate) {
	for tag, r := range rules {
		if err := v.RegisterValidationCtx(tag, r.fn); err != nil {
			// Only a malformed tag name can fail, and the names are constants.
			panic("validate: registering " + tag + ": " + err.Error())
		}
	}
}

// fn is r as a go-playground rule; the context says whether the
// validation is strict.
func (r rule) fn(ctx context.Context, fl validator.FieldLevel) bool {
	f := fl.Field()
	if f.Kind() != reflect.String {
		return false
	}
	s := f.String()
	if r.doc != nil && !r.doc(s) {
		return false
	}
	return r.strict == nil || !isStrict(ctx) || r.strict(s)
}

// builtin is a plain go-playground instance for the code lists it already
// has (ISO 4217, ISO 3166-1). It is separate from shared so that a host
// overriding a tag there cannot change these.
var builtin = validator.New()

func isISO4217(s string) bool       { return builtin.Var(s, "iso4217") == nil }
func isISO3166Alpha2(s string) bool { return builtin.Var(s, "iso3166_1_alpha2") == nil }

// isAlpha3 accepts three ASCII letters in either case: the document says
// "Alpha3 Code" and no more.
func isAlpha3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// allDigits reports whether s is non-empty and only ASCII digits; unlike
// the built-in "numeric" it rejects signs, dots and exponents.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isPAN accepts a card number: 12 to 19 digits passing the Luhn check.
func isPAN(s string) bool {
	return len(s) >= 12 && len(s) <= 19 && allDigits(s) && Luhn(s)
}

// Luhn reports whether s, a string of ASCII digits, passes the Luhn
// checksum that most card numbers carry. It returns false for an empty
// string or any byte that is not a digit.
func Luhn(s string) bool { return luhn.Valid(s) }

// isExpMonth accepts "01" to "12" exactly.
func isExpMonth(s string) bool {
	if len(s) != 2 || !allDigits(s) {
		return false
	}
	m := int(s[0]-'0')*10 + int(s[1]-'0')
	return m >= 1 && m <= 12
}

// isExpYear accepts a two-digit year.
func isExpYear(s string) bool { return len(s) == 2 && allDigits(s) }

// isCVV accepts three or four digits.
func isCVV(s string) bool { return (len(s) == 3 || len(s) == 4) && allDigits(s) }

// isPhone accepts an optional '+' followed by 7 to 15 digits. Unlike the
// built-in e164 it allows a leading zero (national numbers) and 7-digit
// numbers, and unlike "numeric" it rejects '-', '.' and spaces.
func isPhone(s string) bool {
	s = strings.TrimPrefix(s, "+")
	return len(s) >= 7 && len(s) <= 15 && allDigits(s)
}

// isCardNetwork accepts the card network names Apple Pay and Google Pay
// are known to report, in any letter case ("Visa", "VISA", "MasterCard").
// Apple adds networks over time (mada, Bancontact, Dankort, QUICPay...),
// which is why this is a strict rule only.
func isCardNetwork(s string) bool {
	for _, n := range cardNetworks {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

var lineBreaks = strings.NewReplacer("\r", "", "\n", "")

var cardNetworks = [...]string{
	"visa", "mastercard", "amex", "discover", "jcb", "interac",
	"maestro", "electron", "elo", "mir", "unionpay", "cartesbancaires",
	// Apple Pay's and Google Pay's own spellings of some of the above.
	"chinaunionpay", "elo_debit", "vpay", "girocard", "eftpos",
}

// isBase64Any accepts non-empty base64 in the standard or the URL-safe
// alphabet (not a mix), with or without '=' padding, and wrapped in lines
// as RFC 2045 (MIME) and PEM write it: carriage returns and line feeds are
// skipped wherever they are, as encoding/base64 skips them.
func isBase64Any(s string) bool {
	if strings.ContainsAny(s, "\r\n") {
		s = lineBreaks.Replace(s)
	}
	n := len(s)
	if n == 0 {
		return false
	}
	pad := 0
	for pad < 2 && pad < n && s[n-1-pad] == '=' {
		pad++
	}
	body := s[:n-pad]
	if pad > 0 && n%4 != 0 {
		return false
	}
	// One leftover character carries only 6 bits: no byte ends there.
	if len(body)%4 == 1 || body == "" {
		return false
	}
	std, url := false, false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', isDigit(c):
		case c == '+' || c == '/':
			std = true
		case c == '-' || c == '_':
			url = true
		default:
			return false
		}
	}
	return !(std && url)
}
