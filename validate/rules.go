package validate

import (
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
)

// The custom rules below are hand-written byte scanners rather than regular
// expressions or net/url, net/mail and time parsers: they run on every
// outgoing payment, and scanning keeps validation of a valid request free of
// allocations. Each one accepts only strings; on any other kind it reports
// failure instead of panicking, so a misplaced tag shows up as a validation
// error in the first test that fills the field.

// rules maps each tag to its check. Tags that go-playground already defines
// (email, ip) are replaced by equivalents that do not allocate: the built-in
// email runs net/mail.ParseAddress plus a very large regular expression, and
// ip runs net.ParseIP, which allocates.
var rules = map[string]func(string) bool{
	"weburl":      isWebURL,
	"pan":         isPAN,
	"expmonth":    isExpMonth,
	"expyear":     isExpYear,
	"cvv":         isCVV,
	"phone":       isPhone,
	"iso8601":     isISO8601,
	"birthdate":   isBirthdate,
	"base64any":   isBase64Any,
	"cardnetwork": isCardNetwork,
	"email":       isEmail,
	"ip":          isIP,
}

// register installs every rule of rules on v.
func register(v *validator.Validate) {
	for tag, check := range rules {
		fn := stringRule(check)
		if err := v.RegisterValidation(tag, fn); err != nil {
			// Only a malformed tag name can fail, and the names are constants.
			panic("validate: registering " + tag + ": " + err.Error())
		}
	}
}

// stringRule adapts a check on strings to a validator.Func.
func stringRule(check func(string) bool) validator.Func {
	return func(fl validator.FieldLevel) bool {
		f := fl.Field()
		return f.Kind() == reflect.String && check(f.String())
	}
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
// checksum that every card number carries. It returns false for an empty
// string or any byte that is not a digit.
func Luhn(s string) bool {
	if !allDigits(s) {
		return false
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

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
// report, in any letter case ("Visa", "VISA", "MasterCard").
func isCardNetwork(s string) bool {
	for _, n := range cardNetworks {
		if strings.EqualFold(s, n) {
			return true
		}
	}
	return false
}

var cardNetworks = [...]string{
	"visa", "mastercard", "amex", "discover", "jcb", "interac",
	"maestro", "electron", "elo", "mir", "unionpay", "cartesbancaires",
	// Apple Pay's and Google Pay's own spellings of some of the above.
	"chinaunionpay", "elo_debit", "vpay", "girocard", "eftpos",
}

// isBase64Any accepts non-empty base64 in the standard or the URL-safe
// alphabet (not a mix), with or without '=' padding. Line breaks are not
// accepted, although encoding/base64 would skip them.
func isBase64Any(s string) bool {
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

// isBirthdate accepts a real calendar date written DD.MM.YYYY, years
// 1000 to 9999.
func isBirthdate(s string) bool {
	if len(s) != 10 || s[2] != '.' || s[5] != '.' {
		return false
	}
	d, ok1 := num(s[0:2])
	m, ok2 := num(s[3:5])
	y, ok3 := num(s[6:10])
	return ok1 && ok2 && ok3 && y >= 1000 && validDate(y, m, d)
}

// num parses a fixed-width run of ASCII digits.
func num(s string) (int, bool) {
	if !allDigits(s) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// isISO8601 accepts the RFC 3339 profile of ISO 8601 that the document's
// example uses: "2023-12-13T14:00:53.421Z", i.e. YYYY-MM-DDTHH:MM:SS, an
// optional fraction of 1 to 9 digits, then "Z" or an offset ±HH:MM. A time
// without an offset is rejected because its instant is ambiguous. Every
// string it accepts is also accepted by time.Parse(time.RFC3339Nano, s).
func isISO8601(s string) bool {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	y, ok1 := num(s[0:4])
	mo, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	h, ok4 := num(s[11:13])
	mi, ok5 := num(s[14:16])
	se, ok6 := num(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || !validDate(y, mo, d) || h > 23 || mi > 59 || se > 59 {
		return false
	}
	rest := s[19:]
	if rest[0] == '.' {
		i := 1
		for i < len(rest) && isDigit(rest[i]) {
			i++
		}
		if i == 1 || i > 10 {
			return false
		}
		rest = rest[i:]
	}
	if rest == "Z" {
		return true
	}
	if len(rest) != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' {
		return false
	}
	oh, ok1 := num(rest[1:3])
	om, ok2 := num(rest[4:6])
	return ok1 && ok2 && oh <= 23 && om <= 59
}
