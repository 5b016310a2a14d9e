package sandbox

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
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
	Type         smartcore.TransactionType // Payment, Refund, Withdrawal, or TypeTokenize for a tokenize form
	Method       Method                    // the request that created the transaction
	Status       smartcore.Status          // the transaction status
	// Stage is what a pending transaction waits for (StageNone otherwise).
	Stage    Stage
	Account  string // the request's merchant account name; a refund's or recurrent charge's is its parent's
	Currency string // alpha-3 currency code; a withdrawal's or tokenize form's is guessed from the account name (else EUR)
	// Amount is the amount requested, in cents. FinalAmount is what moved:
	// the amount, or the captured amount, less refunds; 0 until success.
	Amount, FinalAmount int64
	// AuthorizedAmount and CapturedAmount are set for authorize flows.
	AuthorizedAmount, CapturedAmount int64
	// RefundedAmount is the total of the successful refunds of a payment.
	RefundedAmount  int64
	AuthorizeStatus string // authorize flows: AuthorizeAuthorized, AuthorizeCaptured or AuthorizeCancelled; "" before authorization and for others
	// ErrorCode explains a failed transaction.
	ErrorCode smartcore.ErrorCode
	// Card is the masked card; nil when no card is known (yet).
	Card                *smartcore.CardInfo
	FirstName, LastName string // the customer's (a withdrawal's payee's) names; a refund's or recurrent charge's are its parent's
	// Phone is a phoneBalance withdrawal's phone, or the form's prefilled
	// phone.
	Phone string
	// ParentOrderID and ParentTransaction (its ProcessingID) link a refund
	// or a recurrent charge to the payment it came from, and a token
	// withdrawal to its tokenize form.
	ParentOrderID, ParentTransaction string
	Recurrent                        bool   // the payment request's recurrent flag
	RecurPeriod                      string // a recurrent charge's recur_period; "" when none
	Purpose, Reason                  string // Purpose: the request's purpose; Reason: a refund's reason
	MerchantSite                     string // a payment's merchant_site; "" for other transactions
	CallbackURL, SuccessURL, FailURL string // the request's URLs; a refund or recurrent charge without callback_url uses its parent's, and a recurrent charge's return URLs are its parent's
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
	// node is the transaction's entry in store.nodes (its recency), and
	// the last 8 hex digits of its ProcessingID.
	node int32
	// seq orders transactions created at the same instant (Transactions);
	// it wraps after 2³² creations, which only matters within one instant.
	seq uint32
}

// Final reports whether the transaction can no longer change status.
func (t Transaction) Final() bool { return t.Status.IsFinal() }

// store holds one sandbox's transactions and balances. Its lock is the
// sandbox's; every method expects it held. byOrder and the recency list
// always hold the same transactions: evictLRU drops both entries at once.
//
// Recency is a doubly linked list threaded through nodes by index, most
// recently used at mru, least at lru: an index costs 4 bytes in txn where
// two pointers would push it into the next allocation size class. A node
// freed by an eviction is reused by the next transaction, so nodes never
// outgrows MaxTransactions.
//
// A processing id is 16 random hex digits and then the transaction's node
// index in 8 hex digits, so that it is found without a map of its own (a
// map entry per transaction would cost more than the rest of the index).
type store struct {
	byOrder map[string]*txn // merchant order_id (and refund_id)
	nodes   []node
	free    []int32 // indexes of unused nodes
	mru     int32   // most recently used node, or -1
	lru     int32   // least recently used node, or -1
	seq     uint32  // creations so far, for Transactions' order
	balance map[string]int64
	// evicted remembers which ids were evicted, for the not-found answer.
	evicted evictedSet
	// interned holds one copy of the strings that repeat across a
	// merchant's orders, and cards one copy of each masked card (see
	// intern).
	interned map[string]string
	cards    map[smartcore.CardInfo]*smartcore.CardInfo
}

// node is a transaction's place in the recency list.
type node struct {
	t          *txn
	prev, next int32 // towards mru and towards lru; -1 at the ends
}

// maxInterned bounds store.interned and store.cards: a merchant sends a
// handful of accounts, currencies, sites, return URLs, test customers and
// test cards, so the bound is only met by values that do not repeat, which
// are then simply not interned.
const maxInterned = 4096

func newStore() *store {
	return &store{
		byOrder:  map[string]*txn{},
		mru:      -1,
		lru:      -1,
		balance:  map[string]int64{},
		interned: map[string]string{},
		cards:    map[smartcore.CardInfo]*smartcore.CardInfo{},
	}
}

// len returns how many transactions the store holds.
func (s *store) len() int { return len(s.nodes) - len(s.free) }

// add stores t under its order id and a new processing id, as the most
// recently used transaction, and reports false, storing nothing, when the
// order id is taken.
func (s *store) add(t *txn) bool {
	if _, taken := s.byOrder[t.OrderID]; taken {
		return false
	}
	var i int32
	if n := len(s.free); n > 0 {
		i, s.free = s.free[n-1], s.free[:n-1]
	} else {
		i = int32(len(s.nodes))
		s.nodes = append(s.nodes, node{})
	}
	s.seq++
	t.node, t.seq = i, s.seq
	t.ProcessingID = randomHex(8) + fmt.Sprintf("%08x", uint32(i))
	s.intern(t)
	s.byOrder[t.OrderID] = t
	s.nodes[i] = node{t: t, prev: -1, next: -1}
	s.pushMRU(i)
	return true
}

// find looks a transaction up by merchant order id, refund id or
// processing id, in that order, and marks it used: every request and Go
// call that names a transaction goes through find.
func (s *store) find(id string) *txn {
	t, ok := s.byOrder[id]
	if !ok {
		t = s.held(id)
	}
	if t != nil {
		s.touch(t)
	}
	return t
}

// byProcessingID looks a transaction up by processing id only, as the
// hosted pages do, and marks it used.
func (s *store) byProcessingID(id string) *txn {
	t := s.held(id)
	if t != nil {
		s.touch(t)
	}
	return t
}

// held returns the transaction whose processing id is id, reading its node
// index from the id's last 8 hex digits, or nil.
func (s *store) held(id string) *txn {
	if len(id) != 24 {
		return nil
	}
	i, err := strconv.ParseUint(id[16:], 16, 32)
	if err != nil || i >= uint64(len(s.nodes)) {
		return nil
	}
	if t := s.nodes[i].t; t != nil && t.ProcessingID == id {
		return t
	}
	return nil
}

// touch makes t the most recently used transaction.
func (s *store) touch(t *txn) {
	if s.mru == t.node {
		return
	}
	s.unlink(t.node)
	s.pushMRU(t.node)
}

func (s *store) pushMRU(i int32) {
	n := &s.nodes[i]
	n.prev, n.next = -1, s.mru
	if s.mru >= 0 {
		s.nodes[s.mru].prev = i
	}
	s.mru = i
	if s.lru < 0 {
		s.lru = i
	}
}

func (s *store) unlink(i int32) {
	n := &s.nodes[i]
	if n.prev >= 0 {
		s.nodes[n.prev].next = n.next
	} else {
		s.mru = n.next
	}
	if n.next >= 0 {
		s.nodes[n.next].prev = n.prev
	} else {
		s.lru = n.prev
	}
	n.prev, n.next = -1, -1
}

// evictLRU removes the least recently used transaction from every index,
// remembers its ids as evicted (among the last remember evictions) and
// returns it; nil when the store is empty.
func (s *store) evictLRU(remember int) *txn {
	i := s.lru
	if i < 0 {
		return nil
	}
	t := s.nodes[i].t
	s.unlink(i)
	s.nodes[i] = node{}
	s.free = append(s.free, i)
	if s.byOrder[t.OrderID] == t {
		delete(s.byOrder, t.OrderID)
	}
	s.evicted.add(remember, t.OrderID, t.ProcessingID)
	return t
}

// wasEvicted reports whether id is not held but was the order id, refund
// id or processing id of a transaction evicted recently (see evictedSet).
func (s *store) wasEvicted(id string) bool {
	if _, held := s.byOrder[id]; held || s.held(id) != nil {
		return false
	}
	return s.evicted.has(id)
}

// intern replaces the fields of t that repeat across a merchant's orders
// with one shared copy, so that a long-running sandbox does not keep a copy
// per transaction: the account, currency, site, URLs, names and purpose,
// and the masked card. A stored card is never changed in place (a refund
// already shares its payment's), so transactions may share one.
func (s *store) intern(t *txn) {
	for _, f := range []*string{&t.Account, &t.Currency, &t.MerchantSite, &t.CallbackURL, &t.SuccessURL, &t.FailURL,
		&t.FirstName, &t.LastName, &t.Purpose} {
		if *f == "" {
			continue
		}
		if v, ok := s.interned[*f]; ok {
			*f = v
		} else if len(s.interned) < maxInterned {
			s.interned[*f] = *f
		}
	}
	t.Card = s.card(t.Card)
}

// card returns the shared copy of c (c itself the first time, or nil).
func (s *store) card(c *smartcore.CardInfo) *smartcore.CardInfo {
	if c == nil {
		return nil
	}
	if v, ok := s.cards[*c]; ok {
		return v
	}
	if len(s.cards) < maxInterned {
		s.cards[*c] = c
	}
	return c
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
	held := make([]*txn, 0, s.len())
	for i := s.mru; i >= 0; i = s.nodes[i].next {
		held = append(held, s.nodes[i].t)
	}
	slices.SortFunc(held, func(a, b *txn) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.seq, b.seq))
	})
	out := make([]Transaction, len(held))
	for i, t := range held {
		out[i] = t.snapshot()
	}
	return out
}

// payoutBalance returns account's balance: initial for an account whose
// balance never changed. Reading stores nothing, so that balance requests
// for any number of account names cost no memory; only a change (a payout,
// SetBalance) adds an entry.
func (s *store) payoutBalance(account string, initial int64) int64 {
	if b, ok := s.balance[account]; ok {
		return b
	}
	return initial
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
