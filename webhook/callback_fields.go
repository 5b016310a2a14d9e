package webhook

import (
	"net/url"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
)

// AppendFields appends cb's parameters, as the gateway would send them, to
// dst and returns the extended slice: the required orderId, status and
// amount ("null" when AmountUnknown), finalAmount when HasFinalAmount or
// not 0, every other documented field that is not empty, then Extra. Sign
// and Raw are not included; signing is the signer's job. Any Status is
// encoded as its number; no callback is refused.
func AppendFields(dst []smartcore.Field, cb *smartcore.Callback) []smartcore.Field {
	for i := range callbackParams {
		p := &callbackParams[i]
		if p.encode == nil {
			continue
		}
		if v, ok := p.encode(cb); ok {
			dst = append(dst, smartcore.Field{Key: p.key, Value: v})
		}
	}
	return append(dst, cb.Extra...)
}

// Fields returns cb's parameters: with Raw set, every parameter exactly as
// received, in order, sign included; otherwise the typed fields and Extra
// as [AppendFields] encodes them. It returns nil when Raw is set but is not
// a well-formed form body, which one set by this package always is.
func Fields(cb *smartcore.Callback) []smartcore.Field {
	fields, err := appendReceived(nil, cb)
	if err != nil {
		return nil
	}
	return fields
}

// appendReceived appends the parameters Fields returns to dst.
func appendReceived(dst []smartcore.Field, cb *smartcore.Callback) ([]smartcore.Field, error) {
	if cb.Raw == "" {
		return AppendFields(dst, cb), nil
	}
	return form.Parse(cb.Raw, dst)
}

// Param returns the value of cb's parameter key as received (for a
// verified callback) or as it would be encoded (for one built by hand),
// and whether it is present: the way to read a parameter the document does
// not list, such as the gateway's card_holder. With several (which a
// verified callback never has) it returns the first; with a malformed Raw,
// "" and false.
func Param(cb *smartcore.Callback, key string) (string, bool) {
	// Listed on the stack: a lookup allocates only to decode escapes.
	var stack [32]smartcore.Field
	fields, err := appendReceived(stack[:0], cb)
	if err != nil {
		return "", false
	}
	for _, f := range fields {
		if f.Key == key {
			return f.Value, true
		}
	}
	return "", false
}

// values returns cb's parameters (see Fields) as url.Values.
func values(cb *smartcore.Callback) url.Values {
	fields := Fields(cb)
	v := make(url.Values, len(fields))
	for _, f := range fields {
		v[f.Key] = append(v[f.Key], f.Value)
	}
	return v
}
