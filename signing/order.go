package signing

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Compare orders parameter names the way JavaScript's default
// Array.prototype.sort does, which is what the reference getSign uses: by
// UTF-16 code units. It returns a negative number if a sorts before b, zero
// if a == b and a positive number otherwise.
//
// The UTF-16 order equals Go's byte order except where a character at or
// above U+10000 (a surrogate pair, high unit 0xD800..0xDBFF) meets one in
// U+E000..U+FFFF: UTF-16 puts the supplementary character first, UTF-8 last.
//
// Bad input: each byte of invalid UTF-8 is ordered as U+FFFD, the way
// utf8.DecodeRuneInString reads it. Strings that are equal under that reading
// but differ in bytes are then ordered by their bytes, so Compare returns 0
// only for identical strings and is a total order on all strings. For valid
// UTF-8 the tie-break never applies.
func Compare(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == n {
		// One is a prefix of the other. That decides the order unless the
		// longer one continues with a continuation byte, which can only
		// happen when the shorter ends in a truncated (invalid) sequence
		// that the longer one completes: a\xf0\x9f\x98 reads as three
		// U+FFFD, which sort after the 😀 of a\xf0\x9f\x98\x80.
		switch {
		case len(a) == len(b):
			return 0
		case len(a) > n && isContinuation(a[n]), len(b) > n && isContinuation(b[n]):
			return compareFrom(a, b, runeBoundary(a, n))
		}
		return len(a) - len(b)
	}
	// Fast path: parameter names are nearly always ASCII. A differing byte
	// that is ASCII in both strings starts a one-byte rune in both (no valid
	// multi-byte sequence contains an ASCII byte), and for ASCII the UTF-16
	// order is the byte order.
	if a[i] < utf8.RuneSelf && b[i] < utf8.RuneSelf {
		return int(a[i]) - int(b[i])
	}
	return compareFrom(a, b, runeBoundary(a, i))
}

// runeBoundary returns a position j <= i at which rune decoding of both a and
// b starts a rune, given that a[:i] == b[:i]. Any byte that is not a UTF-8
// continuation byte starts a rune (the decoder consumes either one byte or a
// lead byte plus continuation bytes), and a multi-byte rune covering i must
// start within the three bytes before i. If those bytes hold no lead byte,
// nothing started before i can cover it, so i itself is a boundary.
func runeBoundary(s string, i int) int {
	for j := i - 1; j >= 0 && j >= i-(utf8.UTFMax-1); j-- {
		if !isContinuation(s[j]) {
			return j
		}
	}
	return i
}

func isContinuation(c byte) bool { return c&0xC0 == 0x80 }

// compareFrom compares a and b rune by rune from the common boundary j.
func compareFrom(a, b string, j int) int {
	ia, ib := j, j
	for ia < len(a) && ib < len(b) {
		ra, wa := utf8.DecodeRuneInString(a[ia:])
		rb, wb := utf8.DecodeRuneInString(b[ib:])
		if ra != rb {
			return utf16Weight(ra) - utf16Weight(rb)
		}
		ia += wa
		ib += wb
	}
	if d := (len(a) - ia) - (len(b) - ib); d != 0 {
		return d
	}
	// Equal as UTF-16; only invalid UTF-8 gets here with a != b.
	return strings.Compare(a[j:], b[j:])
}

// utf16Weight maps a rune to a number whose order is the order of the rune's
// UTF-16 encoding. A BMP rune is never a surrogate (the decoder turns those
// into U+FFFD), so against a supplementary rune the first code unit decides:
// below U+D800 sorts first, U+E000..U+FFFF sorts after every surrogate pair.
// Among supplementary runes the pair order is the code point order.
func utf16Weight(r rune) int {
	if r >= 0xE000 && r <= 0xFFFF {
		return int(r) + 0x110000
	}
	return int(r)
}

// SortFields orders fields in place by key the way the signature does
// (Compare), keeping the received order of repeated keys. Encoders use it
// to emit a body in the signature's order.
func SortFields(fields []Field) {
	slices.SortStableFunc(fields, func(a, b Field) int { return Compare(a.Key, b.Key) })
}
