package smartcore

import (
	"fmt"
	"net/url"
	"strconv"

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
type Callback struct {
	OrderID              string          `json:"orderId" schema:"orderId"`
	Status               Status          `json:"status" schema:"status"`
	Amount               int64           `json:"amount" schema:"amount"`
	FinalAmount          int64           `json:"finalAmount,omitempty" schema:"finalAmount"`
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

// IdempotencyKey identifies the status change this callback reports: its
// type, order, status and amount. Redeliveries of the same change share it,
// so it is the default de-duplication key. The amount is part of it so that
// a callback the application acknowledged but refused (an amount that does
// not match the order) does not swallow a later, correct one; two partial
// refunds of one order for the same amount would share a key, so an
// application that makes those should key on something of its own.
func (c *Callback) IdempotencyKey() string {
	return string(c.Type) + ":" + c.OrderID + ":" + c.Status.String() + ":" + strconv.FormatInt(c.Amount, 10)
}

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
// them, to dst: the required orderId, status and amount, every other
// documented field that is not empty, then Extra. Sign and Raw are not
// included; signing is the signer's job.
func (c *Callback) AppendFields(dst []Field) []Field {
	dst = append(dst,
		Field{Key: "orderId", Value: c.OrderID},
		Field{Key: "status", Value: fmt.Sprint(int(c.Status))},
		Field{Key: "amount", Value: fmt.Sprint(c.Amount)},
	)
	if c.FinalAmount != 0 {
		dst = append(dst, Field{Key: "finalAmount", Value: fmt.Sprint(c.FinalAmount)})
	}
	for _, f := range [...]Field{
		{Key: "currency", Value: c.Currency},
		{Key: "type", Value: string(c.Type)},
		{Key: "message", Value: c.Message},
		{Key: "errorCategory", Value: string(c.ErrorCategory)},
		{Key: "cascadeErrors", Value: c.CascadeErrors},
		{Key: "isTrustedTransaction", Value: c.IsTrustedTransaction},
		{Key: "authorize_status", Value: c.AuthorizeStatus},
		{Key: "paymentPhoneNumber", Value: c.PaymentPhoneNumber},
		{Key: "paymentPhoneOperator", Value: c.PaymentPhoneOperator},
		{Key: "eci", Value: c.ECI},
		{Key: "firstName", Value: c.FirstName},
		{Key: "lastName", Value: c.LastName},
		{Key: "rrn", Value: c.RRN},
	} {
		if f.Value != "" {
			dst = append(dst, f)
		}
	}
	return append(dst, c.Extra...)
}
