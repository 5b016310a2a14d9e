// Package loose reads JSON values the way the gateway sends them, not the
// way its document declares them: numbers where strings are declared, the
// string "null" for an absent value, integers as text. The root package's
// answer decoding and the client's reading of refusals share it, so that
// there is one rule for each kind of member.
package loose

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Absent reports a missing member or one that means absent: null, "null"
// or "".
func Absent(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null" || string(raw) == `""` || string(raw) == `"null"`
}

// String reads a String member: a string (with "null" meaning ""), a
// number as its decimal text, or a boolean; null and absence give "". It
// reports false for an object or array.
func String(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", true
	case raw[0] == '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		if s == "null" {
			return "", true
		}
		return s, true
	case raw[0] == '-' || IsDigit(raw[0]), string(raw) == "true", string(raw) == "false":
		return string(raw), true
	}
	return "", false
}

// Int reads an integer member: a JSON number or its text, integral and
// within int64 ("1000", 1000, 1000.0, "1e3"); absent values give 0.
func Int(raw json.RawMessage) (int64, bool) {
	s, ok := String(raw)
	if !ok {
		return 0, false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
		return 0, false
	}
	return int64(f), true
}

// Bool reads a Boolean member: true/false, or a string or number
// strconv.ParseBool accepts ("true", "1", 0); absent values give false.
func Bool(raw json.RawMessage) (bool, bool) {
	s, ok := String(raw)
	if !ok {
		return false, false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return false, true
	}
	b, err := strconv.ParseBool(s)
	return b, err == nil
}

// Text renders a JSON value as text: a string unquoted and trimmed, null
// (or the gateway's "null" string) as "", anything else compacted. It
// never fails; malformed JSON gives "".
func Text(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil || s == "null" {
			return ""
		}
		return strings.TrimSpace(s)
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return ""
	}
	return b.String()
}

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return c >= '0' && c <= '9' }
