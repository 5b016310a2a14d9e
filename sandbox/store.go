package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/smartcorekit/smartcore"
)

// TypeTokenize is the transaction type of a withdrawal tokenize form. The
// document names only Payment, Refund and Withdrawal; the sandbox reports a
// tokenization under this name in check and callbacks.
const TypeTokenize smartcore.TransactionType = "Tokenize"

// Method says which request created a transaction.
type Method string

// The methods a [Transaction] can have been created by.
const (
	MethodForm      Method = "form"          // initPayment (hosted form)
	MethodCard      Method = "card"          // initPaymentHost2Host with a card
	MethodApplePay  Method = "applePayDPan"  // initPaymentHost2Host with an Apple Pay DPAN
	MethodGooglePay Method = "googlePayDPan" // initPaymentHost2Host with a Google Pay DPAN
	MethodAuthorize Method = "authorize"     // authorize (two-step payment)
	MethodRecurrent Method = "recurrent"     // recurrent charge
	MethodRefund    Method = "refund"        // refund
	MethodTokenize  Method = "tokenize"      // withdrawal/tokenize-form
	MethodPayout    Method = "cardPayout"    // card withdrawal
	MethodPhone     Method = "phoneBalance"  // phone withdrawal
	MethodToken     Method = "token"         // withdrawal to a tokenized card
)

// Stage is what a pending transaction is waiting for.
type Stage string

// The stages of a pending transaction.
const (
	StageNone     Stage = ""         // not waiting: final, or authorized awaiting capture
	StageForm     Stage = "form"     // the customer has to enter a card on /pay/{id}
	Stage3DS      Stage = "3ds"      // the customer has to pass the 3-D Secure challenge
	StageTokenize Stage = "tokenize" // the customer has to enter a card on /tokenize/{id}
)

// Authorization states, reported as authorize_status by check and
// callbacks for transactions created by authorize (null for the others).
// The document shows only null; these names are the sandbox's.
const (
	AuthorizeAuthorized = "AUTHORIZED"
	AuthorizeCaptured   = "CAPTURED"
	AuthorizeCancelled  = "CANCELLED"
)

// Transaction is a snapshot of one transaction as the sandbox holds it. It
// never contains a full card number or a CVV.
type Transaction struct {
	// OrderID is the merchant's order_id; for a refund, its refund_id.
	OrderID string
	// ProcessingID is the sandbox's own id ("Processing Order ID in our
	// system"): it appears in page URLs, payment_id and parentTransaction.
	ProcessingID string
	Type         smartcore.TransactionType
	Method       Method
	Status       smartcore.Status
	// Stage is what a pending transaction waits for (StageNone otherwise).
	Stage    Stage
	Account  string
	Currency string
	// Amount is the amount requested, in cents. FinalAmount is what moved:
	// the amount, or the captured amount, less refunds; 0 until success.
	Amount, FinalAmount int64
	// AuthorizedAmount and CapturedAmount are set for authorize flows.
	AuthorizedAmount, CapturedAmount int64
	// RefundedAmount is the total of the successful refunds of a payment.
	RefundedAmount  int64
	AuthorizeStatus string
	// ErrorCode explains a failed transaction.
	ErrorCode smartcore.ErrorCode
	// Card is the masked card; nil when no card is known (yet).
	Card                *smartcore.CardInfo
	FirstName, LastName string
	// Phone is a phoneBalance withdrawal's phone, or the form's prefilled
	// phone.
	Phone string
	// ParentOrderID and ParentTransaction (its ProcessingID) link a refund
	// or a recurrent charge to the payment it came from, and a token
	// withdrawal to its tokenize form.
	ParentOrderID, ParentTransaction string
	Recurrent                        bool
	RecurPeriod                      string
	Purpose, Reason                  string
	MerchantSite                     string
	CallbackURL, SuccessURL, FailURL string
	// RRN and ECI are set on successful card transactions.
	RRN, ECI string
	// CreatedAt is when the request arrived; EndDate when the transaction
	// became final (zero before).
	CreatedAt, EndDate time.Time
}

// txn is a transaction as stored: the snapshot plus what the sandbox must
// remember but never shows.
type txn struct {
	Transaction
	// payoutDecline is, for a tokenized card, the code a withdrawal to it
	// fails with ("" when it succeeds): the card number itself is not kept.
	payoutDecline smartcore.ErrorCode
	// last is the most recent callback built for the transaction, which
	// Redeliver, SendDuplicate and SendBadSignature send again.
	last *callback
}

// Final reports whether the transaction can no longer change status.
func (t Transaction) Final() bool { return t.Status.IsFinal() }

// store holds one sandbox's transactions and balances. Its lock is the
// sandbox's; every method expects it held. byOrder, byID and order always
// hold the same transactions: remove drops all three entries at once.
type store struct {
	byOrder map[string]*txn // merchant order_id (and refund_id)
	byID    map[string]*txn // processing id
	order   []*txn          // creation order, for Transactions and eviction
	balance map[string]int64
}

func newStore() *store {
	return &store{
		byOrder: map[string]*txn{},
		byID:    map[string]*txn{},
		balance: map[string]int64{},
	}
}

// add stores t under its order id and a new processing id, and reports
// false, storing nothing, when the order id is taken.
func (s *store) add(t *txn) bool {
	if _, taken := s.byOrder[t.OrderID]; taken {
		return false
	}
	t.ProcessingID = s.newID()
	s.byOrder[t.OrderID] = t
	s.byID[t.ProcessingID] = t
	s.order = append(s.order, t)
	return true
}

// find looks a transaction up by merchant order id, refund id or
// processing id, in that order.
func (s *store) find(id string) *txn {
	if t, ok := s.byOrder[id]; ok {
		return t
	}
	return s.byID[id]
}

// newID returns a fresh processing id shaped like the document's
// ("64a7e106d46c5db10d082b13": 24 hex digits).
func (s *store) newID() string {
	for {
		id := randomHex(12)
		if _, taken := s.byID[id]; !taken {
			return id
		}
	}
}

// snapshot copies t so that callers cannot reach the stored card pointer.
func (t *txn) snapshot() Transaction {
	out := t.Transaction
	if out.Card != nil {
		c := *out.Card
		out.Card = &c
	}
	return out
}

// all returns snapshots of every transaction in creation order.
func (s *store) all() []Transaction {
	out := make([]Transaction, 0, len(s.order))
	for _, t := range s.order {
		out = append(out, t.snapshot())
	}
	return out
}

// payoutBalance returns account's balance, opening it with the initial
// balance on first use.
func (s *store) payoutBalance(account string, initial int64) int64 {
	b, ok := s.balance[account]
	if !ok {
		b = initial
		s.balance[account] = b
	}
	return b
}

// accountCurrency guesses a currency from an account name such as
// "EUR-sandbox-payout" (requests without a currency field), else EUR.
func accountCurrency(account string) string {
	if len(account) >= 3 && (len(account) == 3 || account[3] == '-') {
		cur := account[:3]
		if isUpperAlpha(cur) {
			return cur
		}
	}
	return "EUR"
}

func isUpperAlpha(s string) bool {
	return !slices.ContainsFunc([]byte(s), func(c byte) bool { return c < 'A' || c > 'Z' })
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// newUUID returns a random RFC 4122 version 4 UUID, the shape of the
// document's refund_id and payment_id.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newRRN returns a 12-digit retrieval reference number.
func newRRN() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	return string(b)
}
