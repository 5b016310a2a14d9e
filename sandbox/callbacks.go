package sandbox

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
)

// callback is one status change's notification, signed and encoded once so
// that every redelivery sends the same bytes.
type callback struct {
	orderID string
	status  smartcore.Status
	url     string
	// body is the form encoding of the signed fields, sign last. The
	// fields themselves are not kept: a long-running sandbox keeps one
	// callback per transaction, and the body alone is a third of their size.
	body string
}

// notify builds t's callback for its current status and queues it for
// delivery to t.CallbackURL. Without a callback_url the callback is only
// kept, for Redeliver to report. s.mu is held, which keeps an order's
// callbacks queued in the order its status changed.
func (s *Sandbox) notify(t *txn) {
	s.jr.state(t, false, s.cfg.clock.Now())
	cb := s.buildCallback(t)
	t.last = cb
	if cb.url != "" {
		s.cb.enqueue(cb, DeliveryNormal)
	}
}

// buildCallback renders t as the gateway's callback: the keys of the
// document's example, with "null" where it has "null" (and for fields the
// transaction does not have), errorCategory and the phone fields the
// document's table lists, then the signature over all of them.
//
// orderId is the merchant's order id, as the document's table says
// ("Merchant Order ID"): for a refund, the refunded payment's order id,
// with type Refund telling the two apart (the refund's own refund_id is
// the key of its delivery log, not part of the callback).
func (s *Sandbox) buildCallback(t *txn) *callback {
	null := func(v string) string {
		if v == "" {
			return "null"
		}
		return v
	}
	na := func(v string) string {
		if v == "" {
			return "N/A"
		}
		return v
	}
	message, cascade := "null", "null"
	if t.ErrorCode != "" {
		message = t.ErrorCode.Description()
		if message == "" {
			message = string(t.ErrorCode)
		}
		b, _ := json.Marshal([]cascadeBody{{GatePriority: 0, ErrorCategory: string(t.ErrorCode)}})
		cascade = string(b)
	}
	var card smartcore.CardInfo
	if t.Card != nil {
		card = *t.Card
	}
	orderID := t.OrderID
	if t.Type == smartcore.TypeRefund && t.ParentOrderID != "" {
		orderID = t.ParentOrderID
	}
	fields := []signing.Field{
		{Key: "orderId", Value: orderID},
		{Key: "status", Value: strconv.Itoa(int(t.Status))},
		{Key: "type", Value: string(t.Type)},
		{Key: "message", Value: message},
		{Key: "errorCategory", Value: null(string(t.ErrorCode))},
		{Key: "cascadeErrors", Value: cascade},
		{Key: "isTrustedTransaction", Value: "false"},
		{Key: "amount", Value: strconv.FormatInt(t.Amount, 10)},
		{Key: "finalAmount", Value: strconv.FormatInt(t.FinalAmount, 10)},
		{Key: "currency", Value: t.Currency},
		{Key: "authorize_status", Value: null(t.AuthorizeStatus)},
		{Key: "eci", Value: null(t.ECI)},
		{Key: "firstName", Value: null(t.FirstName)},
		{Key: "lastName", Value: null(t.LastName)},
		{Key: "rrn", Value: null(t.RRN)},
		{Key: "card_holder", Value: na(card.Holder)},
		{Key: "card_number", Value: na(card.Number)},
		{Key: "card_exp_month", Value: na(card.ExpMonth)},
		{Key: "card_exp_year", Value: na(card.ExpYear)},
	}
	if t.Method == MethodPhone {
		fields = append(fields,
			signing.Field{Key: "paymentPhoneNumber", Value: t.Phone},
			signing.Field{Key: "paymentPhoneOperator", Value: "null"})
	}
	fields = append(fields, signing.Field{Key: signing.Param, Value: s.signer.SignFields(fields)})
	// Clone: the encoder's buffer may be up to twice the body's length.
	body := strings.Clone(form.Encode(fields))
	return &callback{orderID: t.OrderID, status: t.Status, url: t.CallbackURL, body: body}
}

// tampered returns cb's body with its signature altered (the last hex digit
// changed), for SendBadSignature. The signature is the body's last field and
// hex digits are never escaped, so its last digit is the body's last byte.
func (cb *callback) tampered() string {
	last := byte('0')
	if strings.HasSuffix(cb.body, "0") {
		last = '1'
	}
	return cb.body[:len(cb.body)-1] + string(last)
}
