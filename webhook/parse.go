package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"unsafe"

	"github.com/smartcorekit/smartcore"
)

// ErrMalformedBody is wrapped by ParseForm's errors: the body is not a
// well-formed application/x-www-form-urlencoded document.
var ErrMalformedBody = errors.New("webhook: malformed form body")

// ParseForm splits a form-encoded body into its fields, in order, decoding
// '+' and %XX escapes exactly as net/url does. Unlike url.ParseQuery it keeps
// the order and every repetition (so that the verifier can refuse repeated
// keys instead of silently picking one) and allocates twice whatever the
// number of fields: one buffer holding every decoded key and value, and the
// slice, whose strings share that buffer.
//
// It returns an error wrapping [ErrMalformedBody] for an empty body, an
// empty key, a key or value with a bad escape, or an unescaped ';' (which
// url.ParseQuery also refuses). A pair with no '=' is a key with an empty
// value, as in net/url.
func ParseForm(body []byte) ([]smartcore.Field, error) {
	if len(body) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrMalformedBody)
	}
	fields := make([]smartcore.Field, 0, bytes.Count(body, []byte{'&'})+1)
	// Decoding never lengthens the text, so the buffer is never reallocated
	// and each key and value can be a string over it as soon as it is
	// decoded; nothing writes to it afterwards.
	buf := make([]byte, 0, len(body))
	base := unsafe.SliceData(buf)
	text := func(from, to int) string { return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(base), from)), to-from) }
	for i := 0; i <= len(body); {
		k0 := len(buf)
		var stop byte
		var ok bool
		buf, i, stop, ok = decodeUntil(buf, body, i, '=')
		if !ok {
			return nil, fmt.Errorf("%w: bad escape or unescaped ';' in a key", ErrMalformedBody)
		}
		k1 := len(buf)
		if stop == '=' {
			if buf, i, _, ok = decodeUntil(buf, body, i+1, '&'); !ok {
				return nil, fmt.Errorf("%w: bad escape or unescaped ';' in a value", ErrMalformedBody)
			}
		}
		i++ // past the '&' (or the end)
		switch {
		case k1 > k0:
			fields = append(fields, smartcore.Field{Key: text(k0, k1), Value: text(k1, len(buf))})
		case len(buf) > k1 || stop == '=':
			return nil, fmt.Errorf("%w: a pair without a key", ErrMalformedBody)
		}
		// Otherwise an empty pair ("a=1&&b=2", a trailing '&'): skipped, as in net/url.
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: no fields", ErrMalformedBody)
	}
	return fields, nil
}

// Byte classes for decodeUntil: runs of plain bytes are copied at once.
const (
	plain byte = iota
	percent
	plus
	amp
	equals
	semicolon
)

var formClass = func() (t [256]byte) {
	t['%'], t['+'], t['&'], t['='], t[';'] = percent, plus, amp, equals, semicolon
	return t
}()

// decodeUntil appends the query-decoded bytes of body from i up to the
// first '&' (or, when stopAt is '=', the first '=' or '&'), returning the
// index of that byte (len(body) at the end) and the byte itself (0 at the
// end). It reports false on a '%' not followed by two hex digits and on a
// ';', which net/url refuses because some servers read it as a separator.
func decodeUntil(dst, body []byte, i int, stopAt byte) ([]byte, int, byte, bool) {
	for i < len(body) {
		j := i
		for j < len(body) && formClass[body[j]] == plain {
			j++
		}
		dst = append(dst, body[i:j]...)
		if j == len(body) {
			return dst, j, 0, true
		}
		switch formClass[body[j]] {
		case amp:
			return dst, j, '&', true
		case equals:
			if stopAt == '=' {
				return dst, j, '=', true
			}
			dst = append(dst, '=')
		case plus:
			dst = append(dst, ' ')
		case semicolon:
			return dst, j, 0, false
		case percent:
			if j+2 >= len(body) {
				return dst, j, 0, false
			}
			hi, ok1 := unhex(body[j+1])
			lo, ok2 := unhex(body[j+2])
			if !ok1 || !ok2 {
				return dst, j, 0, false
			}
			dst = append(dst, hi<<4|lo)
			j += 2
		}
		i = j + 1
	}
	return dst, i, 0, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
