package rules

import "time"

// isISO8601 reports whether s is an ISO 8601 calendar date, or a calendar
// date and a time of day, in the extended ("2023-12-13T14:00:53.421Z") or
// basic ("20231213T140053Z") format: the time as hh, hh:mm or hh:mm:ss with
// an optional decimal fraction of the second, and an optional zone (Z,
// ±hh, ±hh:mm or ±hhmm). A zone is optional, as ISO 8601 makes it: without
// one the time is local. Week and ordinal dates are not accepted.
func isISO8601(s string) bool {
	_, _, ok := parseISO8601(s)
	return ok
}

// parseISO8601 reads what isISO8601 accepts as an instant: a time without
// a zone is taken as UTC (the sandbox's "local" time), a date alone as its
// midnight UTC, with dateOnly set. A leap second (:60) is the next
// minute's first second.
func parseISO8601(s string) (at time.Time, dateOnly, ok bool) {
	p := isoParser{s: s}
	year, ok1 := p.digits(4)
	sep := p.skip('-')
	month, ok2 := p.digits(2)
	if sep {
		ok2 = ok2 && p.skip('-')
	}
	day, ok3 := p.digits(2)
	if !ok1 || !ok2 || !ok3 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return time.Time{}, false, false
	}
	if p.done() {
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true, true
	}
	if !p.skip('T') {
		return time.Time{}, false, false
	}
	clock, ok := p.clock(true)
	if !ok {
		return time.Time{}, false, false
	}
	var offset int // seconds east of UTC
	switch {
	case p.skip('Z'):
	case p.skip('+'), p.skip('-'):
		sign := 1
		if p.s[p.i-1] == '-' {
			sign = -1
		}
		zone, ok := p.clock(false)
		if !ok {
			return time.Time{}, false, false
		}
		offset = sign*zone.h*3600 + sign*zone.m*60
	}
	if !p.done() {
		return time.Time{}, false, false
	}
	at = time.Date(year, time.Month(month), day, clock.h, clock.m, clock.s, clock.ns, time.UTC)
	return at.Add(-time.Duration(offset) * time.Second), false, true
}

// isoParser reads an ISO 8601 string from left to right.
type isoParser struct {
	s string
	i int
}

// isoClock is a time of day or a zone offset as read.
type isoClock struct{ h, m, s, ns int }

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
func (p *isoParser) clock(seconds bool) (isoClock, bool) {
	var c isoClock
	hh, ok := p.digits(2)
	if !ok || hh > 23 {
		return c, false
	}
	c.h = hh
	for i, limit := range []int{59, 60} {
		if i == 1 && !seconds {
			break
		}
		if p.done() || p.s[p.i] == 'Z' || p.s[p.i] == '+' || p.s[p.i] == '-' {
			return c, true
		}
		p.skip(':')
		v, ok := p.digits(2)
		if !ok || v > limit {
			return c, false
		}
		if i == 0 {
			c.m = v
		} else {
			c.s = v
		}
	}
	if seconds && (p.skip('.') || p.skip(',')) {
		start := p.i
		scale := int(time.Second)
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			scale /= 10
			c.ns += scale * int(p.s[p.i]-'0')
			p.i++
		}
		return c, p.i > start
	}
	return c, true
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
