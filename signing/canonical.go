package signing

import "net/url"

// Field is one received form parameter. A slice of Fields keeps what
// url.Values loses: the order of arrival and every repetition of a key,
// which VerifyFields needs to reject duplicates.
type Field struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Canonical returns the exact string that is HMACed for fields: the values
// of every field except Param, ordered by key with Compare, joined with "|".
// It exists for debugging and tooling; signing and verification build the
// same bytes without allocating.
//
// Bad input: Canonical never fails. Repeated keys are all included, in the
// order received (a signature over them never verifies), and values are
// joined unescaped, so "|" inside a value is indistinguishable from a
// separator.
func Canonical(fields []Field) string {
	return string(appendCanonical(nil, fields, sortKeys(nil, fields, nil)))
}

// appendFirstValues appends, for every key of values except Param, the key
// and its first value, and reports whether any key (Param included) has more
// than one value. Keys without values are left out: nothing was received for
// them, and url.ParseQuery never produces one.
func appendFirstValues(dst []Field, values url.Values) ([]Field, bool) {
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

// appendCanonical appends the values of fields, in the order of sorted (from
// sortKeys), joined by "|".
func appendCanonical(dst []byte, fields []Field, sorted []uint64) []byte {
	mask := indexMask(len(fields))
	for i, k := range sorted {
		if i > 0 {
			dst = append(dst, '|')
		}
		dst = append(dst, fields[k&mask].Value...)
	}
	return dst
}
