package signing

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Field is one received form parameter. A slice of Fields keeps what
// url.Values loses: the order of arrival and every repetition of a key,
// which VerifyFields needs to reject duplicates.
type Field struct {
	Key   string `json:"key"`   // the parameter's name
	Value string `json:"value"` // the parameter's value
}

// Canonical returns the exact string that is HMACed for fields: the values
// of every field except Param, ordered by key with Compare, joined with "|".
// It exists for debugging and tooling.
//
// Bad input: Canonical never fails. Repeated keys are all included, in the
// order received (a signature over them never verifies), and values are
// joined unescaped, so "|" inside a value is indistinguishable from a
// separator.
func Canonical(fields []Field) string {
	var sc scratch
	sc.canonical(fields)
	return string(sc.buf)
}

// canonical sets sc.buf to the string that is signed for fields and reports
// whether a key other than Param repeats. Compare is zero only for identical
// keys, so repeats end up adjacent.
func (sc *scratch) canonical(fields []Field) (repeated bool) {
	sc.order = sc.order[:0]
	ascii := true
	for i, f := range fields {
		if f.Key != Param {
			sc.order = append(sc.order, i)
			ascii = ascii && isASCII(f.Key)
		}
	}
	// The fields' indexes are sorted by key, then by index: a stable sort of
	// the fields, which slices.SortFunc does in half the time of
	// slices.SortStableFunc. For ASCII keys, nearly all keys, the UTF-16
	// order is the byte order, which strings.Compare finds without decoding.
	slices.SortFunc(sc.order, func(i, j int) int {
		a, b := fields[i].Key, fields[j].Key
		if ascii {
			return cmp.Or(strings.Compare(a, b), i-j)
		}
		return cmp.Or(Compare(a, b), i-j)
	})
	sc.buf = sc.buf[:0]
	for n, i := range sc.order {
		if n > 0 {
			sc.buf = append(sc.buf, '|')
			repeated = repeated || fields[i].Key == fields[sc.order[n-1]].Key
		}
		sc.buf = append(sc.buf, fields[i].Value...)
	}
	return repeated
}

// firstValues returns, for every key of values except Param, the key and its
// first value, and reports whether any key (Param included) has more than one
// value. Keys without values are left out: nothing was received for them, and
// url.ParseQuery never produces one.
func firstValues(dst []Field, values url.Values) ([]Field, bool) {
	repeated := false
	for k, vs := range values {
		if len(vs) > 1 {
			repeated = true
		}
		if k != Param && len(vs) > 0 {
			dst = append(dst, Field{Key: k, Value: vs[0]})
		}
	}
	return dst, repeated
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
