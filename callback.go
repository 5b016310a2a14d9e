package smartcore

import "github.com/smartcorekit/smartcore/signing"

// Field is one form parameter of a callback, in the order received.
type Field = signing.Field

// Callback is the notification the gateway POSTs to callback_url when a
// transaction's status changes, decoded from its form fields. It is data
// only: package webhook verifies and decodes callbacks
// (webhook.ParseCallback), lists and reads their parameters
// (webhook.Fields, webhook.Param, webhook.DecodeParams), encodes them
// (webhook.AppendFields) and keys them for de-duplication
// (webhook.IdempotencyKey).
//
// Optional text fields the gateway sends as the string "null" decode to "";
// the exact received text is still in Raw (see webhook.Fields). Amounts are
// in cents.
//
// A verified callback is handed over even when a value is one the document
// does not list: Status may be outside -1..2 (Status.Known reports false,
// and package webhook's Router never sends it to a Succeeded, Failed or
// Pending route), and an amount may be missing (see AmountUnknown and
// HasFinalAmount).
type Callback struct {
	OrderID string `json:"orderId"` // merchant order id (orderId)
	Status  Status `json:"status"`  // transaction status (status), such as 2 (success) or -1 (fail)
	// Amount is the transaction amount in cents, or 0 when AmountUnknown.
	Amount int64 `json:"amount"`
	// AmountUnknown reports that the callback carried no amount: amount
	// was "null", empty or absent, as in a tokenization callback. Amount is
	// then 0, which is not an amount; an amount of "0" leaves AmountUnknown
	// false. The zero value, false, is what a callback built by hand means.
	AmountUnknown bool `json:"amountUnknown,omitempty"`
	// FinalAmount is the final processed amount in cents, or 0 when
	// HasFinalAmount is false.
	FinalAmount int64 `json:"finalAmount,omitempty"`
	// HasFinalAmount reports that the callback carried finalAmount as a
	// number ("0" included); it is false when finalAmount was "null", empty
	// or absent, which the document allows (it is optional).
	HasFinalAmount       bool            `json:"hasFinalAmount,omitempty"`
	Currency             string          `json:"currency,omitempty"`             // currency, alpha-3 code (currency); "" when absent
	Type                 TransactionType `json:"type,omitempty"`                 // transaction type (type): Payment, Refund, Withdrawal, ...
	Message              string          `json:"message,omitempty"`              // status message (message)
	ErrorCategory        ErrorCode       `json:"errorCategory,omitempty"`        // error category if the transaction failed (errorCategory)
	CascadeErrors        string          `json:"cascadeErrors,omitempty"`        // cascade processing errors (cascadeErrors), as text
	IsTrustedTransaction string          `json:"isTrustedTransaction,omitempty"` // whether the transaction is trusted (isTrustedTransaction), as text such as "false"
	AuthorizeStatus      string          `json:"authorize_status,omitempty"`     // authorization status (authorize_status)
	PaymentPhoneNumber   string          `json:"paymentPhoneNumber,omitempty"`   // payment phone number (paymentPhoneNumber)
	PaymentPhoneOperator string          `json:"paymentPhoneOperator,omitempty"` // payment phone operator (paymentPhoneOperator)
	ECI                  string          `json:"eci,omitempty"`                  // Electronic Commerce Indicator (eci)
	FirstName            string          `json:"firstName,omitempty"`            // customer first name (firstName)
	LastName             string          `json:"lastName,omitempty"`             // customer last name (lastName)
	RRN                  string          `json:"rrn,omitempty"`                  // Retrieval Reference Number (rrn)
	// Sign is the received signature (hex).
	Sign string `json:"sign,omitempty"`
	// Extra holds the parameters the document does not list (the gateway
	// also sends card_holder, card_number as a mask, ...), in the order
	// received. They are signed like the others.
	Extra []Field `json:"extra,omitempty"`
	// Raw is the form body the callback was verified and decoded from:
	// package webhook sets it to the body exactly as received, or, when it
	// verified fields or url.Values rather than a body, to their form
	// encoding. It is empty on a callback built by hand (and from
	// webhook.ParseCallback); encoders use the typed fields and Extra.
	Raw string `json:"-"`
}

// Succeeded reports whether the transaction succeeded.
func (c *Callback) Succeeded() bool { return c.Status == StatusSuccess }

// Failed reports whether the transaction failed.
func (c *Callback) Failed() bool { return c.Status == StatusFail }
