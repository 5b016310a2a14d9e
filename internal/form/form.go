// Package form splits application/x-www-form-urlencoded text into its
// fields, in order and with every repetition, decoding the way net/url does,
// and encodes fields back in order.
// It is shared by the root package (Callback.Fields reads Callback.Raw) and
// package webhook (which verifies the fields before anything is decoded).
package form

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unsafe"

	"github.com/smartcorekit/smartcore/signing"
)

// ErrMalformed is wrapped by Parse's errors. Its text names the webhook
// package because that is where callers meet it (webhook.ErrMalformedBody).
var ErrMalformed = errors.New("webhook: malformed form body")

// Byte classes. A token (a key or a value) is scanned while its bytes'
// class is below stop, so the scanning loop has a single exit test.
const (
	plain     byte = iota
	escape         // '%' or '+': the token must be decoded
	stop           // ends a token: '&', and '=' in a key
	semicolon      // refused, as net/url does, since some servers split on it
)

var keyClass, valueClass = func() (k, v [256]byte) {
	for _, t := range []*[256]byte{&k, &v} {
		t['%'], t['+'], t['&'], t[';'] = escape, escape, stop, semicolon
	}
	k['='] = stop
	return k, v
}()

// Parse appends the fields of body to dst and returns the extended slice.
// Keys and values that need no decoding are substrings of body; the others
// are decoded into a buffer allocated at the first escape (see decoder), so
// a body without escapes is parsed without allocating, besides dst's growth.
//
// It returns an error wrapping [ErrMalformed] for an empty body, a pair
// with a value but no key ("=v"), a '%' not followed by two hex digits, or
// an unescaped ';'. A pair with no '=' is a key with an empty value, and an
// empty pair ("a=1&&b=2", a trailing '&') is skipped, both as in net/url.
func Parse(body string, dst []signing.Field) ([]signing.Field, error) {
	n := len(body)
	if n == 0 {
		return dst, fmt.Errorf("%w: empty", ErrMalformed)
	}
	var d decoder
	first := len(dst)
	for i := 0; i <= n; i++ { // each turn reads one pair and ends on its '&'
		k0, esc := i, byte(0)
		for i < n && keyClass[body[i]] < stop {
			esc |= keyClass[body[i]]
			i++
		}
		k1 := i
		if i < n && body[i] == ';' {
			return dst, fmt.Errorf("%w: unescaped ';' in a key", ErrMalformed)
		}
		key, ok := d.token(body, k0, k1, esc)
		if !ok {
			return dst, fmt.Errorf("%w: bad escape in a key", ErrMalformed)
		}
		value := ""
		if i < n && body[i] == '=' {
			i++
			v0, vesc := i, byte(0)
			for i < n && valueClass[body[i]] < stop {
				vesc |= valueClass[body[i]]
				i++
			}
			if i < n && body[i] == ';' {
				return dst, fmt.Errorf("%w: unescaped ';' in a value", ErrMalformed)
			}
			if value, ok = d.token(body, v0, i, vesc); !ok {
				return dst, fmt.Errorf("%w: bad escape in a value", ErrMalformed)
			}
			if k1 == k0 {
				return dst, fmt.Errorf("%w: a pair without a key", ErrMalformed)
			}
		} else if k1 == k0 {
			continue // an empty pair
		}
		dst = append(dst, signing.Field{Key: key, Value: value})
	}
	if len(dst) == first {
		return dst, fmt.Errorf("%w: no fields", ErrMalformed)
	}
	return dst, nil
}

// decoder holds the buffer that decoded tokens are written to. Escapes are
// rare and short (a "N%2FA", a masked card number), so it starts small; when
// a token does not fit, a new buffer is started and the strings already made
// keep the old one alive. Nothing is ever written twice, so each decoded
// string can point into the buffer as soon as it is complete.
type decoder struct{ buf []byte }

// token returns body[from:to], decoded when esc says it holds an escape; it
// reports false for a bad escape.
func (d *decoder) token(body string, from, to int, esc byte) (string, bool) {
	if esc == 0 {
		return body[from:to], true
	}
	if need := to - from; cap(d.buf)-len(d.buf) < need { // decoding never lengthens
		d.buf = make([]byte, 0, max(2*cap(d.buf), need, 32))
	}
	start := len(d.buf)
	out := d.buf[start : start+to-from] // within the capacity, see above
	w := 0
	for i := from; i < to; i++ {
		c := body[i]
		switch c {
		case '+':
			c = ' '
		case '%':
			if i+2 >= to {
				return "", false
			}
			hi, lo := hexValue[body[i+1]], hexValue[body[i+2]]
			if hi|lo > 0xF {
				return "", false
			}
			c = hi<<4 | lo
			i += 2
		}
		out[w] = c
		w++
	}
	d.buf = d.buf[:start+w]
	if w == 0 {
		return "", true
	}
	return unsafe.String(&out[0], w), true
}

// hexValue is a hex digit's value, or 0xFF for any other byte.
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for i, c := range "0123456789abcdef" {
		t[c] = byte(i)
	}
	for i, c := range "ABCDEF" {
		t[c] = byte(10 + i)
	}
	return t
}()

// Encode renders fields as a form body in their order, the inverse of Parse
// for fields with non-empty keys.
func Encode(fields []signing.Field) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(f.Key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.Value))
	}
	return b.String()
}
