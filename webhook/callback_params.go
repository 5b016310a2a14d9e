package webhook

import (
	"strconv"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
)

// callbackParam is one row of the document's table of callback parameters:
// its key and how the kit reads and writes it. ParseCallback decodes with
// it, tells an extra parameter by its absence from it, and AppendFields
// encodes with it, so that each key is spelled once.
type callbackParam struct {
	key string
	// required: ParseCallback refuses a callback without it or with it
	// empty.
	required bool
	// decode sets the parameter's field from the received text and reports
	// whether the text is one the document allows.
	decode func(c *smartcore.Callback, v string) bool
	// absent, when not nil, records that the callback did not carry it.
	absent func(c *smartcore.Callback)
	// encode returns the text AppendFields sends and whether to send it;
	// nil for sign, which is the signer's job.
	encode func(c *smartcore.Callback) (string, bool)
}

// callbackParams lists the callback parameters in the document's order,
// which is also the order AppendFields writes them in.
var callbackParams = [...]callbackParam{
	{
		key: "orderId", required: true,
		decode: func(c *smartcore.Callback, v string) bool { c.OrderID = v; return true },
		encode: func(c *smartcore.Callback) (string, bool) { return c.OrderID, true },
	},
	{
		key: "status", required: true,
		decode: func(c *smartcore.Callback, v string) bool {
			// Any integer: a status the document does not list is still
			// the gateway's word, for the application to see.
			n, ok := parseStrictInt(v)
			c.Status = smartcore.Status(n)
			return ok && int64(c.Status) == n
		},
		encode: func(c *smartcore.Callback) (string, bool) { return strconv.Itoa(int(c.Status)), true },
	},
	{
		key: "amount",
		decode: func(c *smartcore.Callback, v string) (ok bool) {
			c.Amount, c.AmountUnknown, ok = parseAmount(v)
			return ok
		},
		// The document requires amount, but a callback without one (as
		// without a value) still reports a status change the application
		// must see.
		absent: func(c *smartcore.Callback) { c.AmountUnknown = true },
		encode: func(c *smartcore.Callback) (string, bool) {
			if c.AmountUnknown {
				return "null", true
			}
			return strconv.FormatInt(c.Amount, 10), true
		},
	},
	{
		key: "finalAmount",
		decode: func(c *smartcore.Callback, v string) bool {
			n, unknown, ok := parseAmount(v)
			c.FinalAmount, c.HasFinalAmount = n, !unknown
			return ok
		},
		encode: func(c *smartcore.Callback) (string, bool) {
			return strconv.FormatInt(c.FinalAmount, 10), c.HasFinalAmount || c.FinalAmount != 0
		},
	},
	text("currency", func(c *smartcore.Callback) *string { return &c.Currency }),
	text("type", func(c *smartcore.Callback) *smartcore.TransactionType { return &c.Type }),
	text("message", func(c *smartcore.Callback) *string { return &c.Message }),
	text("errorCategory", func(c *smartcore.Callback) *smartcore.ErrorCode { return &c.ErrorCategory }),
	text("cascadeErrors", func(c *smartcore.Callback) *string { return &c.CascadeErrors }),
	text("isTrustedTransaction", func(c *smartcore.Callback) *string { return &c.IsTrustedTransaction }),
	text("authorize_status", func(c *smartcore.Callback) *string { return &c.AuthorizeStatus }),
	text("paymentPhoneNumber", func(c *smartcore.Callback) *string { return &c.PaymentPhoneNumber }),
	text("paymentPhoneOperator", func(c *smartcore.Callback) *string { return &c.PaymentPhoneOperator }),
	text("eci", func(c *smartcore.Callback) *string { return &c.ECI }),
	text("firstName", func(c *smartcore.Callback) *string { return &c.FirstName }),
	text("lastName", func(c *smartcore.Callback) *string { return &c.LastName }),
	text("rrn", func(c *smartcore.Callback) *string { return &c.RRN }),
	{
		key: signing.Param, required: true,
		decode: func(c *smartcore.Callback, v string) bool { c.Sign = v; return true },
	},
}

// text is the row of an optional text parameter: "null" decodes to "", and
// "" is not sent.
func text[T ~string](key string, field func(*smartcore.Callback) *T) callbackParam {
	return callbackParam{
		key: key,
		decode: func(c *smartcore.Callback, v string) bool {
			*field(c) = T(nullToEmpty(v))
			return true
		},
		encode: func(c *smartcore.Callback) (string, bool) {
			v := string(*field(c))
			return v, v != ""
		},
	}
}

// callbackParamsByLen holds the indexes of callbackParams by the length of
// their keys: a lookup, made for every field of every callback, compares a
// key with the one or two keys of its length rather than with all of them.
var callbackParamsByLen = func() [][]int {
	var byLen [][]int
	for i, p := range callbackParams {
		for len(byLen) <= len(p.key) {
			byLen = append(byLen, nil)
		}
		byLen[len(p.key)] = append(byLen[len(p.key)], i)
	}
	return byLen
}()

// callbackParamIndex returns the index of key in callbackParams, or -1 for
// a parameter the document does not list (an extra).
func callbackParamIndex(key string) int {
	if len(key) < len(callbackParamsByLen) {
		for _, i := range callbackParamsByLen[len(key)] {
			if callbackParams[i].key == key {
				return i
			}
		}
	}
	return -1
}
