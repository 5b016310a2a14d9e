package smartcore

import (
	"net/url"

	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
)

// Field is one form parameter of a callback, in the order received.
type Field = signing.Field

// Callback is the notification the gateway POSTs to callback_url when a
// transaction's status changes, decoded from its form fields.
//
// Optional text fields the gateway sends as the string "null" decode to "";
// the exact received text is still in Raw (see Fields). Amounts are in
// cents.
//
// A verified callback is handed over even when a value is one the document
// does not list: Status may be outside -1..2 (Status.Known reports false,
// and package webhook's Router never sends it to a Succeeded, Failed or
// Pending route), and an amount may be missing (see AmountUnknown and
// HasFinalAmount).
type Callback struct {
	OrderID string `json:"orderId" schema:"orderId"`
	Status  Status `json:"status" schema:"status"`
	// Amount is the transaction amount in cents, or 0 when AmountUnknown.
	Amount int64 `json:"amount" schema:"amount"`
	// AmountUnknown reports that the callback carried no amount: amount
	// was "null", empty or absent, as in a tokenization callback. Amount is
	// then 0, which is not an amount; an amount of "0" leaves AmountUnknown
	// false. The zero value, false, is what a callback built by hand means.
	AmountUnknown bool `json:"amountUnknown,omitempty" schema:"-"`
	// FinalAmount is the final processed amount in cents, or 0 when
	// HasFinalAmount is false.
	FinalAmount int64 `json:"finalAmount,omitempty" schema:"finalAmount"`
	// HasFinalAmount reports that the callback carried finalAmount as a
	// number ("0" included); it is false when finalAmount was "null", empty
	// or absent, which the document allows (it is optional).
	HasFinalAmount       bool            `json:"hasFinalAmount,omitempty" schema:"-"`
	Currency             string          `json:"currency,omitempty" schema:"currency"`
	Type                 TransactionType `json:"type,omitempty" schema:"type"`
	Message              string          `json:"message,omitempty" schema:"message"`
	ErrorCategory        ErrorCode       `json:"errorCategory,omitempty" schema:"errorCategory"`
	CascadeErrors        string          `json:"cascadeErrors,omitempty" schema:"cascadeErrors"`
	IsTrustedTransaction string          `json:"isTrustedTransaction,omitempty" schema:"isTrustedTransaction"`
	AuthorizeStatus      string          `json:"authorize_status,omitempty" schema:"authorize_status"`
	PaymentPhoneNumber   string          `json:"paymentPhoneNumber,omitempty" schema:"paymentPhoneNumber"`
	PaymentPhoneOperator string          `json:"paymentPhoneOperator,omitempty" schema:"paymentPhoneOperator"`
	ECI                  string          `json:"eci,omitempty" schema:"eci"`
	FirstName            string          `json:"firstName,omitempty" schema:"firstName"`
	LastName             string          `json:"lastName,omitempty" schema:"lastName"`
	RRN                  string          `json:"rrn,omitempty" schema:"rrn"`
	// Sign is the received signature (hex).
	Sign string `json:"sign,omitempty" schema:"sign"`
	// Extra holds the parameters the document does not list (the gateway
	// also sends card_holder, card_number as a mask, ...), in the order
	// received. They are signed like the others.
	Extra []Field `json:"extra,omitempty" schema:"-"`
	// Raw is the form body the callback was verified and decoded from:
	// package webhook sets it to the body exactly as received, or, when it
	// verified fields or url.Values rather than a body, to their form
	// encoding. It is empty on a callback built by hand (and from
	// ParseCallback); encoders use the typed fields and Extra.
	Raw string `json:"-" schema:"-"`
}

// Succeeded reports whether the transaction succeeded.
func (c *Callback) Succeeded() bool { return c.Status == StatusSuccess }

// Failed reports whether the transaction failed.
func (c *Callback) Failed() bool { return c.Status == StatusFail }

// Fields returns the callback's parameters: with Raw set, every parameter
// exactly as received, in order, sign included; otherwise the typed fields
// and Extra as AppendFields encodes them. It returns nil when Raw is set
// but is not a well-formed form body, which one set by package webhook
// always is.
func (c *Callback) Fields() []Field {
	fields, err := c.appendReceived(nil)
	if err != nil {
		return nil
	}
	return fields
}

// appendReceived appends the parameters Fields returns to dst.
func (c *Callback) appendReceived(dst []Field) ([]Field, error) {
	if c.Raw == "" {
		return c.AppendFields(dst), nil
	}
	return form.Parse(c.Raw, dst)
}

// Get returns the value of the parameter key as received (for a parsed
// callback) or as it would be encoded (for one built by hand), and whether
// it is present. With several (which a verified callback never has) it
// returns the first; with a malformed Raw, "" and false.
func (c *Callback) Get(key string) (string, bool) {
	// Listed on the stack: a lookup allocates only to decode escapes.
	var stack [32]Field
	fields, err := c.appendReceived(stack[:0])
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

// Values returns the callback's parameters (see Fields) as url.Values.
func (c *Callback) Values() url.Values {
	fields := c.Fields()
	v := make(url.Values, len(fields))
	for _, f := range fields {
		v[f.Key] = append(v[f.Key], f.Value)
	}
	return v
}

// AppendFields appends the callback's parameters, as the gateway would send
// them, to dst: the required orderId, status and amount ("null" when
// AmountUnknown), finalAmount when HasFinalAmount or not 0, every other
// documented field that is not empty, then Extra. Sign and Raw are not
// included; signing is the signer's job.
func (c *Callback) AppendFields(dst []Field) []Field {
	for i := range callbackParams {
		p := &callbackParams[i]
		if p.encode == nil {
			continue
		}
		if v, ok := p.encode(c); ok {
			dst = append(dst, Field{Key: p.key, Value: v})
		}
	}
	return append(dst, c.Extra...)
}
