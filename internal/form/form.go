// Package form splits application/x-www-form-urlencoded text into its
// fields, in order and with every repetition, decoding the way net/url does,
// and encodes fields back in order.
// It is shared by package webhook (which verifies the fields before anything
// is decoded, and whose Fields reads Callback.Raw) and the encoders of
// callbacks (webhooktest, the sandbox).
package form

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/smartcorekit/smartcore/signing"
)

// ErrMalformed is wrapped by Parse's errors. Its text names the webhook
// package because that is where callers meet it (webhook.ErrMalformedBody).
var ErrMalformed = errors.New("webhook: malformed form body")

// Parse appends the fields of body to dst, in order, and returns the
// extended slice. Keys and values without escapes are substrings of body;
// the escaped ones are decoded into one buffer, so a body allocates at most
// once besides dst's growth.
//
// It returns an error wrapping [ErrMalformed] for an empty body, a pair
// with a value but no key ("=v"), a '%' not followed by two hex digits, or
// a ';' (which net/url also refuses, since some servers split on it). A pair
// with no '=' is a key with an empty value, and an empty pair ("a=1&&b=2",
// a trailing '&') is skipped, both as in net/url.
func Parse(body string, dst []signing.Field) ([]signing.Field, error) {
	if strings.IndexByte(body, ';') >= 0 {
		return dst, fmt.Errorf("%w: unescaped ';'", ErrMalformed)
	}
	first := len(dst)
	// A strings.Builder never changes what it has written, so each decoded
	// token can be a substring of its String() while it grows.
	var decoded strings.Builder
	// Where the next '%' and '+' are: a pair needs decoding only when one
	// of them lies inside it, so most pairs are not searched for escapes.
	pct, plus := next(body, 0, '%'), next(body, 0, '+')
	for start := 0; start < len(body); {
		end := next(body, start, '&')
		pair := body[start:end]
		start = end + 1
		if pair == "" {
			continue
		}
		key, value := cut(pair, '=')
		if key == "" {
			return dst, fmt.Errorf("%w: a pair without a key", ErrMalformed)
		}
		if pct < end || plus < end {
			if decoded.Cap() == 0 {
				decoded.Grow(len(body) - end + len(pair)) // decoding only shortens
			}
			var ok1, ok2 bool
			key, ok1 = unescape(&decoded, key)
			value, ok2 = unescape(&decoded, value)
			if !ok1 || !ok2 {
				return dst, fmt.Errorf("%w: bad escape", ErrMalformed)
			}
			if pct < end {
				pct = next(body, end, '%')
			}
			if plus < end {
				plus = next(body, end, '+')
			}
		}
		dst = append(dst, signing.Field{Key: key, Value: value})
	}
	if len(dst) == first {
		return dst, fmt.Errorf("%w: no fields", ErrMalformed)
	}
	return dst, nil
}

// next returns the position of the first c in s at or after i, or len(s).
func next(s string, i int, c byte) int {
	if j := strings.IndexByte(s[i:], c); j >= 0 {
		return i + j
	}
	return len(s)
}

// cut is strings.Cut for a one-byte separator, which strings.IndexByte finds
// with less overhead than strings.Index.
func cut(s string, sep byte) (before, after string) {
	if i := strings.IndexByte(s, sep); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

func escaped(token string) bool {
	return strings.IndexByte(token, '%') >= 0 || strings.IndexByte(token, '+') >= 0
}

// unescape returns token decoded ('+' as a space, %XX as a byte), written to
// b, and reports false for a '%' without two hex digits.
func unescape(b *strings.Builder, token string) (string, bool) {
	if !escaped(token) {
		return token, true
	}
	start := b.Len()
	for i := 0; i < len(token); i++ {
		c := token[i]
		switch c {
		case '+':
			c = ' '
		case '%':
			if i+2 >= len(token) {
				return "", false
			}
			hi, ok1 := unhex(token[i+1])
			lo, ok2 := unhex(token[i+2])
			if !ok1 || !ok2 {
				return "", false
			}
			c = hi<<4 | lo
			i += 2
		}
		b.WriteByte(c)
	}
	return b.String()[start:], true
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
