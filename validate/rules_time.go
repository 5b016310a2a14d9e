package validate

import (
	"strconv"
	"strings"
)

// Dates and times. The document asks for ISO 8601 in recur_exp and shows
// one form of it ("2023-12-13T14:00:53.421Z"); ISO 8601 has many more, and
// the document does not say the gateway needs a zone, so the document's
// rule accepts them all and the strict rule asks for the RFC 3339 profile
// of the example.

// isISO8601OrLong is the document's rule for recur_exp, whose table row
// says Long and whose description says ISO 8601 with the example
// "2023-12-13T14:00:53.421Z": an ISO 8601 date or date and time
// (isISO8601), or a whole number that fits a Long, written in decimal
// digits with an optional '-' (a JSON number reaches it as its text). The
// document gives no unit for the number, so none is checked.
func isISO8601OrLong(s string) bool { return isISO8601(s) || isLong(s) }

// isLong accepts what strconv.ParseInt(s, 10, 64) accepts, without a '+'
// sign, which no JSON number carries: an optional '-' and 1 to 19 digits,
// from -9223372036854775808 to 9223372036854775807.
func isLong(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	if !allDigits(digits) {
		return false
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// isISO8601 accepts an ISO 8601 calendar date, alone or with a time of
// day, in the extended (2023-12-13T14:00:53) or basic (20231213T140053)
// format:
//
//	date  YYYY-MM-DD | YYYYMMDD
//	time  'T' hh[:mm[:ss]] | 'T' hh[mm[ss]], seconds with an optional
//	      fraction after '.' or ','
//	zone  none | 'Z' | ±hh | ±hh:mm | ±hhmm
//
// The date must exist and the time be from 00:00:00 to 23:59:59. Anything
// it accepts is parsed by time.Parse with one of the corresponding layouts
// (the fuzz test checks this). Week dates, ordinal dates, reduced dates
// ("2023-12"), a space for the 'T' and durations are refused.
func isISO8601(s string) bool {
	rest, ok := isoDate(s)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	if rest[0] != 'T' {
		return false
	}
	if rest, ok = isoTime(rest[1:]); !ok {
		return false
	}
	return isoZone(rest)
}

// isoDate consumes YYYY-MM-DD or YYYYMMDD and returns what follows.
func isoDate(s string) (rest string, ok bool) {
	var y, m, d int
	var ok1, ok2, ok3 bool
	switch {
	case len(s) >= 10 && s[4] == '-' && s[7] == '-':
		y, ok1 = num(s[0:4])
		m, ok2 = num(s[5:7])
		d, ok3 = num(s[8:10])
		rest = s[10:]
	case len(s) >= 8:
		y, ok1 = num(s[0:4])
		m, ok2 = num(s[4:6])
		d, ok3 = num(s[6:8])
		rest = s[8:]
	default:
		return "", false
	}
	return rest, ok1 && ok2 && ok3 && validDate(y, m, d)
}

// isoTime consumes hh, hh:mm, hh:mm:ss, hhmm or hhmmss, the seconds with
// an optional fraction, and returns what follows. The first separator
// decides the format: "14:0053" is neither.
func isoTime(s string) (rest string, ok bool) {
	limits := [...]int{23, 59, 59}
	extended := len(s) > 2 && s[2] == ':'
	for i, limit := range limits {
		if i > 0 {
			switch {
			case extended && len(s) > 0 && s[0] == ':':
				s = s[1:]
			case extended || len(s) == 0 || !isDigit(s[0]):
				return s, true // hh or hh:mm: the time ends here
			}
		}
		if len(s) < 2 {
			return "", false
		}
		n, ok := num(s[:2])
		if !ok || n > limit {
			return "", false
		}
		s = s[2:]
	}
	if len(s) > 0 && (s[0] == '.' || s[0] == ',') {
		i := 1
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == 1 {
			return "", false
		}
		s = s[i:]
	}
	return s, true
}

// isoZone accepts "", "Z", ±hh, ±hh:mm and ±hhmm, offsets under 24 hours.
func isoZone(s string) bool {
	switch {
	case s == "" || s == "Z":
		return true
	case s[0] != '+' && s[0] != '-':
		return false
	}
	s = s[1:]
	var mm string
	switch len(s) {
	case 2:
	case 4:
		mm = s[2:]
	case 5:
		if s[2] != ':' {
			return false
		}
		mm = s[3:]
	default:
		return false
	}
	h, ok := num(s[:2])
	if !ok || h > 23 {
		return false
	}
	if mm == "" {
		return true
	}
	m, ok := num(mm)
	return ok && m <= 59
}

// isRFC3339 accepts the RFC 3339 profile of ISO 8601 that the document's
// example uses: "2023-12-13T14:00:53.421Z", i.e. YYYY-MM-DDTHH:MM:SS, an
// optional fraction of 1 to 9 digits, then "Z" or an offset ±HH:MM. A time
// without an offset is refused because its instant is ambiguous. Every
// string it accepts is also accepted by time.Parse(time.RFC3339Nano, s)
// and by isISO8601.
func isRFC3339(s string) bool {
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
