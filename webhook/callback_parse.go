package webhook

import (
	"fmt"
	"strconv"

	"github.com/smartcorekit/smartcore"
)

// ParseCallback decodes received callback fields into a [smartcore.Callback].
// The callback's strings share fields' strings, but fields itself is not
// kept; Raw is left for the caller that has the body. It checks the shape
// only — it does not verify the signature; a [Verifier] and the [Handler]
// do both.
//
// It refuses only what the document rules out, so that no correctly signed
// callback is lost: a status outside the documented -1..2 is kept as
// received (Status.Known reports false), an amount that is "null", empty or
// absent sets AmountUnknown, and a finalAmount that is "null", empty or
// absent leaves HasFinalAmount false.
//
// It returns an error wrapping [smartcore.ErrInvalidCallback] and a
// [*smartcore.FieldError] when orderId, status or sign is missing or empty,
// when any documented key appears twice, or when status, amount or
// finalAmount is not an integer as the gateway renders one (an optional '-'
// and decimal digits without a leading zero, within int64: "+5", " 5",
// "05", "-0", "5.0", "1e4" and "0x5" are all refused, the document
// declaring them Int and Long).
func ParseCallback(fields []smartcore.Field) (*smartcore.Callback, error) {
	// One allocation on every callback: the Callback with room for the
	// extras the document's callback carries (card_holder, card_number,
	// card_exp_month, card_exp_year).
	h := new(callbackWithExtra)
	c, extra := &h.cb, h.extra[:0]
	if len(fields) > len(callbackParams)+len(h.extra) {
		// Too many extras to fit: one slice with room for them all, rather
		// than growing one append at a time.
		extra = make([]smartcore.Field, 0, len(fields))
	}
	var seen, filled uint32 // bit i: callbackParams[i] received, and not empty
	for _, f := range fields {
		i := callbackParamIndex(f.Key)
		if i < 0 {
			extra = append(extra, f)
			continue
		}
		p := &callbackParams[i]
		if !p.decode(c, f.Value) {
			return nil, invalid(p.key, "is not an integer")
		}
		if seen&(1<<i) != 0 {
			return nil, invalid(p.key, "is repeated")
		}
		seen |= 1 << i
		if f.Value != "" {
			filled |= 1 << i
		}
	}
	for i, p := range callbackParams {
		switch {
		case p.required && filled&(1<<i) == 0:
			return nil, invalid(p.key, "is missing")
		case p.absent != nil && seen&(1<<i) == 0:
			p.absent(c)
		}
	}
	if len(extra) > 0 {
		// Clipped, so that appending to Extra moves it out of h.
		c.Extra = extra[:len(extra):len(extra)]
	}
	return c, nil
}

// callbackWithExtra is a callback and the backing array of its Extra,
// allocated together: with four extras it fills a 448-byte size class.
// A callback with more takes one more allocation for its Extra.
type callbackWithExtra struct {
	cb    smartcore.Callback
	extra [4]smartcore.Field
}

func invalid(field, reason string) error {
	return fmt.Errorf("%w: %w", smartcore.ErrInvalidCallback, &smartcore.FieldError{Field: field, Reason: reason})
}

func nullToEmpty(s string) string {
	if s == "null" {
		return ""
	}
	return s
}

// parseAmount reads an amount (a Long in the document): "null" or empty is
// an unknown amount, anything else must pass parseStrictInt. ok is false
// only for text that is neither.
func parseAmount(s string) (n int64, unknown, ok bool) {
	if s == "" || s == "null" {
		return 0, true, true
	}
	n, ok = parseStrictInt(s)
	return n, false, ok
}

// parseStrictInt accepts an optional '-' and decimal digits with no leading
// zero, within int64: the gateway's own rendering of a number, and nothing
// that another parser might read differently.
func parseStrictInt(s string) (int64, bool) {
	digits := s
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 19 || (digits[0] == '0' && (len(digits) > 1 || len(s) > 1)) {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	// The shape is checked; ParseInt only adds the range, and allocates
	// only to refuse.
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// seen and filled in ParseCallback have a bit for each documented key.
var _ [32 - len(callbackParams)]struct{}
