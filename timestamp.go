package smartcore

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore/internal/loose"
)

// Timestamp is a point in time as the gateway sends it (endDate), with the
// text it came as. The document's example is RFC 3339 in UTC
// ("2023-07-04T13:22:07.087Z"); the gateway is not held to it, so Timestamp
// also reads RFC 3339 without a zone (taken as UTC) or with a "+0000"
// zone, "2006-01-02 15:04:05" (with or without fraction or zone), a bare
// date, and Unix time in seconds or milliseconds, as a number or a string.
//
// Time is zero when the value was absent, null, "null" or "", and also when
// the kit did not recognise the format: then Raw holds what came, and
// decoding still succeeds. Raw is the value as sent (a string's text, a
// number's digits), "" when absent.
type Timestamp struct {
	time.Time
	Raw string // the value as sent; "" when absent, null or "null"
}

// Unix time in seconds is accepted from 2001-09-09 (1e9) and in
// milliseconds from 1e11 (1973) to 1e14 (year 5138); other numbers are not
// taken as times, so that a number such as 20240112 is not read as 1970.
const (
	minEpochSeconds = 1e9
	minEpochMillis  = 1e11
	maxEpochMillis  = 1e14
)

// timestampLayouts are tried in order. When parsing, Go accepts a fraction
// of a second after the seconds even when the layout has none.
var timestampLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// ParseTimestamp reads s in any format Timestamp accepts. It never fails:
// for "", "null" or a format it does not know it returns a Timestamp whose
// Time is zero (Raw keeps s, except for "" and "null").
func ParseTimestamp(s string) Timestamp {
	text := strings.TrimSpace(s)
	if text == "" || text == "null" {
		return Timestamp{}
	}
	ts := Timestamp{Raw: s}
	if t, ok := parseEpoch(text); ok {
		ts.Time = t
		return ts
	}
	for _, layout := range timestampLayouts {
		// A layout without a zone yields UTC.
		if t, err := time.Parse(layout, text); err == nil {
			ts.Time = t
			return ts
		}
	}
	return ts
}

// parseEpoch reads Unix time in seconds or milliseconds, with an optional
// fraction, within the accepted ranges.
func parseEpoch(s string) (time.Time, bool) {
	if s == "" || !loose.IsDigit(s[0]) {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < minEpochSeconds || f >= maxEpochMillis {
		return time.Time{}, false
	}
	if f >= minEpochMillis {
		ms := int64(f)
		return time.UnixMilli(ms).Add(time.Duration((f - float64(ms)) * float64(time.Millisecond))).UTC(), true
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

// UnmarshalJSON decodes any JSON value into t (see [Timestamp]); it never
// returns an error for well-formed JSON. An object, array or boolean leaves
// Time zero and Raw holding its compact JSON text.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = Timestamp{}
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = ParseTimestamp(s)
	default:
		*t = ParseTimestamp(loose.Text(b))
	}
	return nil
}

// MarshalJSON writes the time in RFC 3339 with nanoseconds, or Raw as a
// string when the time is unknown, or null when both are empty.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	switch {
	case !t.Time.IsZero():
		return json.Marshal(t.Time.Format(time.RFC3339Nano))
	case t.Raw != "":
		return json.Marshal(t.Raw)
	}
	return []byte("null"), nil
}

// String returns the time as time.Time prints it, Raw when the time is
// unknown, or "" when both are empty.
func (t Timestamp) String() string {
	switch {
	case !t.Time.IsZero():
		return t.Time.String()
	case t.Raw != "":
		return t.Raw
	}
	return ""
}
