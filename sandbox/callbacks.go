package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
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
	s.journalState(t, false, s.cfg.clock.Now())
	cb := s.buildCallback(t)
	t.last = cb
	if cb.url != "" {
		s.cb.enqueue(cb, delivery.Normal)
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
		b, _ := json.Marshal(s.cascadeOf(t))
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
	fields := []field{
		{"orderId", orderID},
		{"status", strconv.Itoa(int(t.Status))},
		{"type", string(t.Type)},
		{"message", message},
		{"errorCategory", null(string(t.ErrorCode))},
		{"cascadeErrors", cascade},
		{"isTrustedTransaction", "false"},
		{"amount", strconv.FormatInt(t.Amount, 10)},
		{"finalAmount", strconv.FormatInt(t.FinalAmount, 10)},
		{"currency", t.Currency},
		{"authorize_status", null(t.AuthorizeStatus)},
		{"eci", null(t.ECI)},
		{"firstName", null(t.FirstName)},
		{"lastName", null(t.LastName)},
		{"rrn", null(t.RRN)},
		{"card_holder", na(card.Holder)},
		{"card_number", na(card.Number)},
		{"card_exp_month", na(card.ExpMonth)},
		{"card_exp_year", na(card.ExpYear)},
	}
	if t.Method == MethodPhone {
		fields = append(fields,
			field{"paymentPhoneNumber", t.Phone},
			field{"paymentPhoneOperator", "null"})
	}
	if s.cfg.minimal {
		// Only the rows the document's callback table marks required.
		fields = []field{{"orderId", orderID}, {"status", strconv.Itoa(int(t.Status))},
			{"amount", strconv.FormatInt(t.Amount, 10)}}
	}
	fields = append(fields, field{"sign", getSign(fields, s.cfg.secret)})
	return &callback{orderID: t.OrderID, status: t.Status, url: t.CallbackURL, body: formBody(fields)}
}

// field is one key and value of a callback body.
type field struct{ key, value string }

// getSign is the document's getSign ("Signature generation"): the values
// ordered by key, joined with "|", HMAC-SHA256 with the secret, in hex. It
// is written here from the document, not taken from package signing, so
// that a mistake in the kit's signing shows up as a callback the kit
// rejects instead of being made on both sides.
//
// JavaScript's sort() orders keys by UTF-16 code units. Every key the
// sandbox sends is one of the fixed ASCII names in buildCallback, and for
// ASCII, UTF-16 code-unit order is byte order, so strings.Compare is the
// document's order here (it would not be for keys beyond U+FFFF).
func getSign(fields []field, secret string) string {
	sorted := slices.Clone(fields) // one allocation; SortedFunc grows its slice step by step
	slices.SortFunc(sorted, func(a, b field) int { return strings.Compare(a.key, b.key) })
	mac := hmac.New(sha256.New, []byte(secret))
	for i, f := range sorted {
		if i > 0 {
			_, _ = io.WriteString(mac, "|")
		}
		_, _ = io.WriteString(mac, f.value)
	}
	return hex.EncodeToString(mac.Sum(nil))
}

// formBody encodes fields as application/x-www-form-urlencoded, in order.
func formBody(fields []field) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(f.key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(f.value))
	}
	// Clone: the builder's buffer may be up to twice the body's length,
	// and a callback is kept as long as its transaction.
	return strings.Clone(b.String())
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
