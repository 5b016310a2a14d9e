package signing

import (
	"slices"
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
	return compareBytes(a[j:], b[j:])
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

func compareBytes(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// insertionSortMax bounds the quadratic sort. Callbacks have about twenty
// fields, where insertion sort beats pdqsort; past this size a hostile body
// could make it expensive.
const insertionSortMax = 32

// keyPrefix packs the first eight bytes of an ASCII key, big-endian and
// zero-padded, so that keyPrefix(a) < keyPrefix(b) implies Compare(a, b) < 0,
// and so does the same comparison on any number of leading bytes. At the
// first non-ASCII byte it writes 0xFF and stops: every non-ASCII character
// (and every invalid byte, read as U+FFFD) sorts after every ASCII one in
// UTF-16, and two keys that reach that marker at the same position tie and
// are left to Compare. Zero padding makes a key sort no later than any key it
// is a prefix of.
func keyPrefix(k string) uint64 {
	var p uint64
	if len(k) >= 8 {
		// The compiler merges these loads into one.
		p = uint64(k[0])<<56 | uint64(k[1])<<48 | uint64(k[2])<<40 | uint64(k[3])<<32 |
			uint64(k[4])<<24 | uint64(k[5])<<16 | uint64(k[6])<<8 | uint64(k[7])
	} else {
		for i := range len(k) {
			p |= uint64(k[i]) << (56 - 8*i)
		}
	}
	if p&0x8080808080808080 == 0 { // all ASCII, the usual case
		return p
	}
	p = 0
	for i := range min(len(k), 8) {
		if k[i] >= utf8.RuneSelf {
			return p | 0xFF<<(56-8*i)
		}
		p |= uint64(k[i]) << (56 - 8*i)
	}
	return p // not reached: some byte above had its high bit set
}

// indexMask returns the low bits of a sort key that hold the field's index;
// the bytes above hold the leading bytes of its keyPrefix. Seven prefix bytes
// cover real callbacks; huge bodies trade prefix bytes for index bits.
func indexMask(n int) uint64 {
	if n <= 1<<8 {
		return 1<<8 - 1
	}
	return 1<<32 - 1
}

// sortKeys overwrites keys with the signing order of fields: one uint64 per
// field except those named Param, prefix bytes above indexMask and the
// field's index below. Sorting plain integers settles almost every
// comparison in one instruction and moves 8 bytes instead of a 32-byte
// Field; keys whose prefixes tie are then put in order with Compare. Equal
// keys stay in received order (the index breaks the tie), which matters only
// to SignFields. It allocates only to grow keys and memo, which may be nil.
func sortKeys(keys []uint64, fields []Field, memo *sortMemo) []uint64 {
	mask := indexMask(len(fields))
	keys = keys[:0]
	for i, f := range fields {
		if f.Key != Param {
			keys = append(keys, keyPrefix(f.Key)&^mask|uint64(i))
		}
	}
	switch {
	case memo == nil:
		sortUint64(keys)
	case slices.Equal(keys, memo.in):
		copy(keys, memo.out)
	case len(keys) <= maxMemoKeys:
		memo.in = append(memo.in[:0], keys...)
		sortUint64(keys)
		memo.out = append(memo.out[:0], keys...)
	default:
		memo.in, memo.out = memo.in[:0], memo.out[:0]
		sortUint64(keys)
	}
	for start := 0; start < len(keys); {
		end := start + 1
		for end < len(keys) && keys[end]&^mask == keys[start]&^mask {
			end++
		}
		if end-start > 1 {
			sortTied(keys[start:end], fields, mask)
		}
		start = end
	}
	return keys
}

func sortUint64(keys []uint64) {
	if len(keys) > insertionSortMax {
		slices.Sort(keys)
		return
	}
	for i := 1; i < len(keys); i++ {
		k, j := keys[i], i
		for ; j > 0 && keys[j-1] > k; j-- {
			keys[j] = keys[j-1]
		}
		keys[j] = k
	}
}

// sortMemo remembers the last sort of a pooled state. A gateway sends its
// callbacks with the same keys in the same order, so the integers sortKeys
// sorts repeat from one callback to the next; sorting is a function of them
// alone, so equal input is answered with the remembered output. Ties on a
// prefix are still settled on the actual keys afterwards.
type sortMemo struct {
	in, out []uint64
}

// maxMemoKeys bounds what a pooled state keeps: callbacks have about twenty.
const maxMemoKeys = 64

// sortTied orders keys whose prefixes are equal by Compare on the full key,
// then by index. They arrive in index order, so the sort only needs to be
// stable.
func sortTied(keys []uint64, fields []Field, mask uint64) {
	if len(keys) == 2 { // the usual case ("card_exp_month", "card_exp_year")
		if Compare(fields[keys[0]&mask].Key, fields[keys[1]&mask].Key) > 0 {
			keys[0], keys[1] = keys[1], keys[0]
		}
		return
	}
	slices.SortStableFunc(keys, func(x, y uint64) int {
		return Compare(fields[x&mask].Key, fields[y&mask].Key)
	})
}

// hasDuplicate reports whether fields, in the order of sorted, repeat a key.
// Compare is zero only for identical strings, so repeats are adjacent.
func hasDuplicate(sorted []uint64, fields []Field) bool {
	mask := indexMask(len(fields))
	for i := 1; i < len(sorted); i++ {
		if sorted[i]&^mask == sorted[i-1]&^mask &&
			fields[sorted[i]&mask].Key == fields[sorted[i-1]&mask].Key {
			return true
		}
	}
	return false
}

// SortFields orders fields in place by key the way the signature does
// (Compare), keeping the received order of repeated keys. Encoders use it
// to emit a body in the signature's order.
func SortFields(fields []Field) {
	slices.SortStableFunc(fields, func(a, b Field) int { return Compare(a.Key, b.Key) })
}
