package rules

import (
	"fmt"
	"strconv"
	"time"

	"github.com/smartcorekit/smartcore"
)

// Recurrence is what a parent payment's recur_freq and recur_exp allow
// its recurrent charges (the host-to-host payment tables): recur_freq
// "specifies the minimum number of days between authorizations", and
// after recur_exp "no authorization will be serviced".
type Recurrence struct {
	FreqDays int64     // recur_freq; 0 or less: no minimum
	Exp      time.Time // the last instant recur_exp allows; zero: no end
	// Last is when the last recurrent charge was accepted; zero before
	// the first, when the parent payment's own charge counts.
	Last time.Time
}

// maxFreqDays bounds recur_freq (a Long) where dates are computed: more
// days than that are beyond year 9999 anyway.
const maxFreqDays = 4_000_000

// NewRecurrence returns what a payment's recur_freq and recur_exp, as Fill
// copied them, set up; nil when they set up nothing. recur_exp is ISO
// 8601: a time without a zone is UTC, and a date alone allows that whole
// day ("after this date").
func NewRecurrence(freqDays int64, exp string) *Recurrence {
	var end time.Time
	if at, dateOnly, ok := parseISO8601(exp); ok {
		if dateOnly {
			at = at.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		end = at
	}
	if freqDays <= 0 && end.IsZero() {
		return nil
	}
	return &Recurrence{FreqDays: min(freqDays, maxFreqDays), Exp: end}
}

// Refusal returns why a recurrent charge at now is refused, as the
// document's error code and a message, or "" when it may go ahead.
// charged is when the parent payment was charged. A nil r allows every
// charge. After recur_exp: VALIDATION_PROCESSING_ERROR ("Data validating
// error at the gateway level": the gateway checks the charge against
// terms the merchant set). Sooner than recur_freq days after the last
// charge: CARD_TIME_LIMIT_PROCESSING_ERROR, the document's code for a
// minimum time between card transactions.
func (r *Recurrence) Refusal(now, charged time.Time) (smartcore.ErrorCode, string) {
	if r == nil {
		return "", ""
	}
	if !r.Exp.IsZero() && now.After(r.Exp) {
		return smartcore.ErrValidationProcessing, "recur_exp has passed: the parent payment allows no charge after " + stamp(r.Exp)
	}
	last := r.Last
	if last.IsZero() {
		last = charged
	}
	if r.FreqDays > 0 {
		if next := last.AddDate(0, 0, int(r.FreqDays)); now.Before(next) {
			return smartcore.ErrCardTimeLimitProcessing, fmt.Sprintf(
				"recur_freq is %d days: the last charge was at %s, the next is allowed from %s", r.FreqDays, stamp(last), stamp(next))
		}
	}
	return "", ""
}

// stamp formats t for a message: RFC 3339 in UTC, to the millisecond.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z07:00") }

// fromEpochMillis turns a recur_exp sent as a Long, taken as milliseconds
// since the Unix epoch, into the ISO 8601 instant it names; values beyond
// years 1 to 9999 are held at those ends. n is a checked integer.
func fromEpochMillis(n string) string {
	ms, _ := strconv.ParseInt(n, 10, 64)
	lo := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	hi := time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC).UnixMilli()
	return stamp(time.UnixMilli(min(max(ms, lo), hi)))
}
