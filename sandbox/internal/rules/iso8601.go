package rules

// isISO8601 reports whether s is an ISO 8601 calendar date, or a calendar
// date and a time of day, in the extended ("2023-12-13T14:00:53.421Z") or
// basic ("20231213T140053Z") format: the time as hh, hh:mm or hh:mm:ss with
// an optional decimal fraction of the second, and an optional zone (Z,
// ±hh, ±hh:mm or ±hhmm). A zone is optional, as ISO 8601 makes it: without
// one the time is local. Week and ordinal dates are not accepted.
func isISO8601(s string) bool {
	p := isoParser{s: s}
	year, ok1 := p.digits(4)
	sep := p.skip('-')
	month, ok2 := p.digits(2)
	if sep {
		ok2 = ok2 && p.skip('-')
	}
	day, ok3 := p.digits(2)
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return false
	}
	if p.done() {
		return true
	}
	if !p.skip('T') || !p.clock(true) {
		return false
	}
	switch {
	case p.skip('Z'):
	case p.skip('+'), p.skip('-'):
		if !p.clock(false) {
			return false
		}
	}
	return p.done()
}

// isoParser reads an ISO 8601 string from left to right.
type isoParser struct {
	s string
	i int
}

func (p *isoParser) done() bool { return p.i == len(p.s) }

// skip consumes c and reports whether it was next.
func (p *isoParser) skip(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// digits reads n decimal digits as a number.
func (p *isoParser) digits(n int) (int, bool) {
	if p.i+n > len(p.s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(p.s[p.i : p.i+n]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v, true
}

// clock reads hh, hh:mm or hhmm and, for a time of day (seconds true), an
// optional :ss or ss and a fraction after the seconds; for a zone offset
// (seconds false) it stops at the minutes.
func (p *isoParser) clock(seconds bool) bool {
	hh, ok := p.digits(2)
	if !ok || hh > 23 {
		return false
	}
	for i, limit := range []int{59, 60} {
		if i == 1 && !seconds {
			break
		}
		if p.done() || p.s[p.i] == 'Z' || p.s[p.i] == '+' || p.s[p.i] == '-' {
			return true
		}
		p.skip(':')
		v, ok := p.digits(2)
		if !ok || v > limit {
			return false
		}
	}
	if seconds && (p.skip('.') || p.skip(',')) {
		start := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		return p.i > start
	}
	return true
}

// daysIn returns the number of days of month in year (proleptic Gregorian).
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
