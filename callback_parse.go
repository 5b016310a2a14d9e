package smartcore

import (
	"fmt"

	"github.com/smartcorekit/smartcore/signing"
)

// Bits of the documented callback keys, to see each at most once without a
// map: the parse runs on every callback and allocates only the Callback
// (with its Extra, when there are at most eight).
const (
	seenOrderID uint32 = 1 << iota
	seenStatus
	seenAmount
	seenFinalAmount
	seenCurrency
	seenType
	seenMessage
	seenErrorCategory
	seenCascadeErrors
	seenIsTrusted
	seenAuthorizeStatus
	seenPhoneNumber
	seenPhoneOperator
	seenECI
	seenFirstName
	seenLastName
	seenRRN
	seenSign
)

// ParseCallback decodes received callback fields into a Callback. The
// callback's strings share fields' strings, but fields itself is not kept;
// Raw is left for the caller that has the body. It checks the shape only —
// it does not verify the signature; package webhook does both.
//
// It returns an error wrapping [ErrInvalidCallback] and a [*FieldError] when
// orderId, status, amount or sign is missing or empty, when any documented
// key appears twice, when status is not one the document defines, or when
// amount or finalAmount is not a plain non-negative integer ("+5", " 5",
// "5.0" and "0x5" are all refused). finalAmount may be empty or "null".
func ParseCallback(fields []Field) (*Callback, error) {
	// Filled on the stack and copied out once, into one allocation with the
	// extras when they are few: this runs on every callback.
	var c Callback
	var seen uint32
	var extraAt uint64 // bit i: fields[i] is undocumented (for the first 64)
	extras := 0
	for i, f := range fields {
		var bit uint32
		v := f.Value
		switch f.Key {
		case "orderId":
			bit, c.OrderID = seenOrderID, v
		case "status":
			bit = seenStatus
			n, ok := parseStrictInt(v)
			if !ok || !Status(n).Known() {
				return nil, invalid("status", "not a known status")
			}
			c.Status = Status(n)
		case "amount":
			bit = seenAmount
			n, ok := parseStrictInt(v)
			if !ok || n < 0 {
				return nil, invalid("amount", "not a non-negative integer")
			}
			c.Amount = n
		case "finalAmount":
			bit = seenFinalAmount
			if !isNullText(v) {
				n, ok := parseStrictInt(v)
				if !ok || n < 0 {
					return nil, invalid("finalAmount", "not a non-negative integer")
				}
				c.FinalAmount = n
			}
		case "currency":
			bit, c.Currency = seenCurrency, nullToEmpty(v)
		case "type":
			bit, c.Type = seenType, TransactionType(nullToEmpty(v))
		case "message":
			bit, c.Message = seenMessage, nullToEmpty(v)
		case "errorCategory":
			bit, c.ErrorCategory = seenErrorCategory, ErrorCode(nullToEmpty(v))
		case "cascadeErrors":
			bit, c.CascadeErrors = seenCascadeErrors, nullToEmpty(v)
		case "isTrustedTransaction":
			bit, c.IsTrustedTransaction = seenIsTrusted, nullToEmpty(v)
		case "authorize_status":
			bit, c.AuthorizeStatus = seenAuthorizeStatus, nullToEmpty(v)
		case "paymentPhoneNumber":
			bit, c.PaymentPhoneNumber = seenPhoneNumber, nullToEmpty(v)
		case "paymentPhoneOperator":
			bit, c.PaymentPhoneOperator = seenPhoneOperator, nullToEmpty(v)
		case "eci":
			bit, c.ECI = seenECI, nullToEmpty(v)
		case "firstName":
			bit, c.FirstName = seenFirstName, nullToEmpty(v)
		case "lastName":
			bit, c.LastName = seenLastName, nullToEmpty(v)
		case "rrn":
			bit, c.RRN = seenRRN, nullToEmpty(v)
		case signing.Param:
			bit, c.Sign = seenSign, v
		default:
			extras++
			if i < 64 {
				extraAt |= 1 << i
			}
			continue
		}
		if seen&bit != 0 {
			return nil, invalid(f.Key, "repeated")
		}
		seen |= bit
	}
	for _, req := range [...]struct {
		bit  uint32
		name string
		val  string
	}{{seenOrderID, "orderId", c.OrderID}, {seenStatus, "status", "-"}, {seenAmount, "amount", "-"}, {seenSign, signing.Param, c.Sign}} {
		if seen&req.bit == 0 || req.val == "" {
			return nil, invalid(req.name, "missing")
		}
	}
	var out *Callback
	var extra []Field
	switch {
	case extras == 0:
		out = new(Callback)
	case extras <= 4:
		h := new(callbackWithExtra4)
		out, extra = &h.cb, h.extra[:0:extras]
	case extras <= 8:
		h := new(callbackWithExtra8)
		out, extra = &h.cb, h.extra[:0:extras]
	default:
		out, extra = new(Callback), make([]Field, 0, extras)
	}
	*out = c
	if extras > 0 {
		for i, f := range fields {
			if (i < 64 && extraAt&(1<<i) != 0) || (i >= 64 && !isCallbackKey(f.Key)) {
				extra = append(extra, f)
			}
		}
		out.Extra = extra
	}
	return out, nil
}

// A callback and the backing array of its Extra, allocated together. Extra's
// capacity is its length, so appending to it moves it out of the array.
type (
	callbackWithExtra4 struct {
		cb    Callback
		extra [4]Field
	}
	callbackWithExtra8 struct {
		cb    Callback
		extra [8]Field
	}
)

func isCallbackKey(k string) bool {
	switch k {
	case "orderId", "status", "amount", "finalAmount", "currency", "type", "message",
		"errorCategory", "cascadeErrors", "isTrustedTransaction", "authorize_status",
		"paymentPhoneNumber", "paymentPhoneOperator", "eci", "firstName", "lastName",
		"rrn", signing.Param:
		return true
	}
	return false
}

func invalid(field, reason string) error {
	return fmt.Errorf("%w: %w", ErrInvalidCallback, &FieldError{Field: field, Reason: reason})
}

func nullToEmpty(s string) string {
	if s == "null" {
		return ""
	}
	return s
}

// parseStrictInt accepts an optional '-' and 1 to 18 decimal digits with no
// leading zero: the gateway's own rendering of a number, and nothing that
// another parser might read differently.
func parseStrictInt(s string) (int64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) == 0 || len(s) > 18 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	if neg {
		if n == 0 {
			return 0, false
		}
		n = -n
	}
	return n, true
}
