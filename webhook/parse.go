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
	// Decoding never lengthens the text, so one buffer the body's size holds
	// it all and each key and value can be a string over it as soon as it is
	// decoded; nothing writes to that part of the buffer again.
	buf := make([]byte, len(body))
	text := func(from, to int) string { return unsafe.String(&buf[from], to-from) }
	w := 0
	for i := 0; i <= len(body); i++ { // each turn ends on the '&' (or the end)
		k0 := w
		var stop byte
		var ok bool
		if w, i, stop, ok = decodeUntil(buf, w, body, i, '='); !ok {
			return nil, fmt.Errorf("%w: bad escape or unescaped ';' in a key", ErrMalformedBody)
		}
		k1 := w
		if stop == '=' {
			if w, i, _, ok = decodeUntil(buf, w, body, i+1, '&'); !ok {
				return nil, fmt.Errorf("%w: bad escape or unescaped ';' in a value", ErrMalformedBody)
			}
		}
		switch {
		case k1 > k0:
			value := ""
			if w > k1 {
				value = text(k1, w)
			}
			fields = append(fields, smartcore.Field{Key: text(k0, k1), Value: value})
		case w > k1 || stop == '=':
			return nil, fmt.Errorf("%w: a pair without a key", ErrMalformedBody)
		}
		// Otherwise an empty pair ("a=1&&b=2", a trailing '&'): skipped, as in net/url.
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("%w: no fields", ErrMalformedBody)
	}
	return fields, nil
}

// Byte classes for decodeUntil.
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

// decodeUntil writes the query-decoded bytes of body, from i up to the first
// '&' (or, when stopAt is '=', the first '=' or '&'), into dst from w. It
// returns the new w, the index of the byte it stopped at (len(body) at the
// end) and that byte (0 at the end). It reports false on a '%' not followed
// by two hex digits and on a ';', which net/url refuses because some servers
// read it as a separator.
func decodeUntil(dst []byte, w int, body []byte, i int, stopAt byte) (int, int, byte, bool) {
	for ; i < len(body); i++ {
		c := body[i]
		switch formClass[c] {
		case plain:
			dst[w] = c
		case amp:
			return w, i, '&', true
		case equals:
			if stopAt == '=' {
				return w, i, '=', true
			}
			dst[w] = '='
		case plus:
			dst[w] = ' '
		case semicolon:
			return w, i, 0, false
		case percent:
			if i+2 >= len(body) {
				return w, i, 0, false
			}
			hi, ok1 := unhex(body[i+1])
			lo, ok2 := unhex(body[i+2])
			if !ok1 || !ok2 {
				return w, i, 0, false
			}
			dst[w] = hi<<4 | lo
			i += 2
		}
		w++
	}
	return w, i, 0, true
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
