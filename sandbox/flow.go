package sandbox

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/internal/rules"
)

// The stages of the document's asynchronous flows, besides the hosted
// forms' (see Stage).
const (
	// StageRedirect: a host-to-host payment or an authorize answered
	// status 1 with form_url, as the document's example does, and waits
	// for the shopper's browser to open it. Opening it settles the payment
	// (frictionless 3-D Secure: no challenge) and sends the browser to
	// success_url; nobody opening it within Options.ThreeDSTimeout fails it
	// with 3DS_REDIRECT_TIMEOUT_PROCESSING_ERROR.
	StageRedirect Stage = "redirect"
	// StagePending: a capture, cancel, refund, recurrent charge or
	// withdrawal answered "processing" and settles Options.PendingDelay
	// later on the sandbox clock, or at [Sandbox.Settle].
	StagePending Stage = "pending"
)

// PendingCents marks the amounts whose operations go pending: a capture,
// cancel (the authorized amount), refund, recurrent charge or withdrawal
// whose amount in cents ends in 77 (1077 = 10.77 EUR, 77, 5077, ...)
// answers status 1 and settles Options.PendingDelay later, as if
// Options.Pending were set for it alone.
const PendingCents = 77

// flows is what the sandbox's waiting transactions need beyond the store:
// the deadline or settlement of each one that waits on the clock, and the
// recent uses of cards for Options.CardTimeLimit. Guarded by Sandbox.mu;
// the zero value is ready.
//
// Waits live in a map rather than in txn so that a settled transaction,
// the vast majority, carries nothing for them.
type flows struct {
	waits map[*txn]*waiting
	// cardUses maps a keyed hash of a card number (never the number) to
	// the time it was last used for a payment.
	cardUses map[uint64]time.Time
	seed     maphash.Seed
	seeded   bool
	// declines are the queued declines (QueueDecline), oldest first.
	declines []queuedDecline
	// cascades holds the cascadeErrors given for failed transactions
	// (DeclineWith, SettleFailed, QueueDecline): only those have one, so
	// txn carries nothing for it. Entries go with their transaction's
	// eviction.
	cascades map[*txn][]string
	// recur holds the recur_freq and recur_exp of the payments that set
	// them, for their recurrent charges (see withRecurrence).
	recur map[*txn]*rules.Recurrence
}

// waiting is one transaction's wait on the clock.
type waiting struct {
	stage Stage
	timer Timer // nil when the wait never times out
	// shown is set once the 3-D Secure challenge page was shown: expiring
	// then means the customer did not come back, not that they never came.
	shown bool
	// settle completes a StagePending operation. s.mu is held.
	settle func()
}

// await puts t in stage, waiting on the clock for d (never, for a negative
// d), then expire or settle it: see due. It replaces any earlier wait of
// t. s.mu is held.
func (s *Sandbox) await(t *txn, stage Stage, d time.Duration, settle func()) {
	s.endWait(t)
	t.Stage = stage
	w := &waiting{stage: stage, settle: settle}
	if d >= 0 {
		w.timer = s.cfg.clock.AfterFunc(d, func() { s.due(t, w) })
	}
	if s.flow.waits == nil {
		s.flow.waits = map[*txn]*waiting{}
	}
	if len(s.flow.waits) >= 2*s.cfg.maxTxns {
		s.forgetEvictedWaits()
	}
	s.flow.waits[t] = w
}

// forgetEvictedWaits drops the waits of evicted transactions. Those with a
// timer would go at its deadline, but a wait that never times out
// (FormTimeout or ThreeDSTimeout negative) would stay forever. It runs when
// the map holds twice as many waits as the store can hold transactions, so
// that it costs O(1) per wait on average. s.mu is held.
func (s *Sandbox) forgetEvictedWaits() {
	for t, w := range s.flow.waits {
		if s.st.held(t.ProcessingID) != t {
			delete(s.flow.waits, t)
			if w.timer != nil {
				w.timer.Stop()
			}
		}
	}
}

// stopWaits stops every wait's timer, for Close: after it no form expires
// and no pending operation settles by itself (Settle still works).
func (s *Sandbox) stopWaits() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.flow.waits {
		if w.timer != nil {
			w.timer.Stop()
		}
	}
}

// endWait forgets t's wait, if any, and stops its timer. Every path that
// settles a transaction (succeed, decline, authorizeHeld) goes through it.
// s.mu is held.
func (s *Sandbox) endWait(t *txn) {
	w, ok := s.flow.waits[t]
	if !ok {
		return
	}
	delete(s.flow.waits, t)
	if w.timer != nil {
		w.timer.Stop()
	}
}

// due runs when w's time is up: a pending operation settles, a page the
// customer did not finish expires. Nothing happens when t has moved on
// meanwhile or was evicted.
func (s *Sandbox) due(t *txn, w *waiting) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flow.waits[t] != w {
		return
	}
	if s.st.held(t.ProcessingID) != t {
		delete(s.flow.waits, t)
		return
	}
	if w.stage == StagePending {
		w.settle()
		return
	}
	s.expire(t)
}

// expire fails t for the customer's absence at its stage, with the
// document's code for it. s.mu is held.
func (s *Sandbox) expire(t *txn) {
	switch t.Stage {
	case StageForm, StageTokenize:
		s.decline(t, smartcore.ErrFormTimeoutProcessing)
	case Stage3DS:
		if w := s.flow.waits[t]; w != nil && w.shown {
			s.decline(t, smartcore.Err3DSTimeoutProcessing)
		} else {
			s.decline(t, smartcore.Err3DSRedirectTimeoutProcessing)
		}
	case StageRedirect:
		s.decline(t, smartcore.Err3DSRedirectTimeoutProcessing)
	}
}

// waitForm puts t on a hosted form (StageForm or StageTokenize) that
// expires after Options.FormTimeout. s.mu is held.
func (s *Sandbox) waitForm(t *txn, stage Stage) {
	s.await(t, stage, s.cfg.formTimeout, nil)
}

// startChallenge puts t on the 3-D Secure challenge, which expires after
// Options.ThreeDSTimeout. The hosted form calls it when the challenge card
// is entered. s.mu is held.
func (s *Sandbox) startChallenge(t *txn) {
	s.await(t, Stage3DS, s.cfg.threeDSTimeout, nil)
}

// challengeShown records that the challenge page of the transaction with
// processing id id was shown to the customer (see waiting.shown). The
// challenge and ACS pages call it.
func (s *Sandbox) challengeShown(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.st.held(id); t != nil {
		if w := s.flow.waits[t]; w != nil && w.stage == Stage3DS {
			w.shown = true
		}
	}
}

// goesPending reports whether an operation on amount answers "processing"
// and settles later: always with Options.Pending, else for amounts ending
// in PendingCents.
func (s *Sandbox) goesPending(amount int64) bool {
	return s.cfg.pendingAll || amount%100 == PendingCents
}

// pend makes t wait, StagePending, for settle to run Options.PendingDelay
// later or at Settle. s.mu is held.
func (s *Sandbox) pend(t *txn, settle func()) {
	s.await(t, StagePending, s.cfg.pendingDelay, settle)
}

// Settle settles a pending operation now instead of when
// Options.PendingDelay has passed: the capture, cancel, refund, recurrent
// charge or withdrawal of orderID (merchant order id, refund id or
// processing id) completes and its callback is sent.
//
// It returns an error wrapping ErrUnknownOrder for an unknown order and
// ErrNotPending when no operation of that order is pending.
func (s *Sandbox) Settle(orderID string) error { return s.settle(orderID, false, "", nil) }

// SettleFailed settles a pending operation now as failed: the transaction
// becomes status -1 with code ("" means PROCESSING_ERROR) and, when given,
// one cascadeErrors entry per gate, as for [Sandbox.DeclineWith]. Nothing
// moves: a refund gives the payment back what it had taken from its
// finalAmount, a withdrawal leaves the balance alone, a capture captures
// nothing (authorize_status stays AUTHORIZED; the order can no longer be
// captured or cancelled). Errors as for Settle.
func (s *Sandbox) SettleFailed(orderID string, code smartcore.ErrorCode, cascade ...string) error {
	return s.settle(orderID, true, cmp.Or(code, smartcore.ErrProcessing), cascade)
}

func (s *Sandbox) settle(orderID string, failed bool, code smartcore.ErrorCode, cascade []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.find(orderID)
	if t == nil {
		return fmt.Errorf("%w: %q", ErrUnknownOrder, orderID)
	}
	w := s.flow.waits[t]
	if w == nil || w.stage != StagePending {
		return fmt.Errorf("%w: %q has no pending operation", ErrNotPending, orderID)
	}
	if !failed {
		w.settle()
		return nil
	}
	if p := s.st.held(t.ParentTransaction); t.Type == smartcore.TypeRefund && p != nil {
		p.RefundedAmount -= t.Amount
		p.FinalAmount += t.Amount
	}
	s.fail(t, code, cascade)
	return nil
}

// cardRule is the rule for a payment t with pan: a queued decline that
// matches (QueueDecline) first, then the document's 60-second rule when
// Options.CardTimeLimit is set, then the test cards. Every payment by card
// number (host-to-host, authorize, the hosted form) goes through it.
// s.mu is held.
func (s *Sandbox) cardRule(t *txn, pan string) cardClass {
	if q, ok := s.takeDecline(t.Amount, pan); ok {
		return q
	}
	if s.cfg.cardTimeLimit && s.cardUsedRecently(pan) {
		return cardClass{decline: smartcore.ErrCardTimeLimitProcessing}
	}
	return paymentClass(pan)
}

// cardKey is a keyed hash of pan, which the sandbox keeps instead of the
// number. s.mu is held.
func (s *Sandbox) cardKey(pan string) uint64 {
	f := &s.flow
	if !f.seeded {
		f.seed, f.seeded = maphash.MakeSeed(), true
		f.cardUses = map[uint64]time.Time{}
	}
	return maphash.String(f.seed, pan)
}

// cardUsedRecently records a use of pan now and reports whether the card
// was used less than CardTimeLimit before. Only a keyed hash of the number
// is kept, and uses older than the limit are dropped as the map grows.
// s.mu is held.
func (s *Sandbox) cardUsedRecently(pan string) bool {
	key, f := s.cardKey(pan), &s.flow
	now := s.cfg.clock.Now()
	if len(f.cardUses) >= 1024 {
		for k, at := range f.cardUses {
			if now.Sub(at) >= CardTimeLimit {
				delete(f.cardUses, k)
			}
		}
	}
	last, seen := f.cardUses[key]
	f.cardUses[key] = now
	return seen && now.Sub(last) < CardTimeLimit
}

// withRecurrence runs charge, which creates the payment t, with t's
// recur_freq and recur_exp kept for its recurrent charges (the parent's
// terms: see rules.Recurrence) from before its answer is written. They
// are dropped when t was not stored, and when it is evicted (makeRoom).
func (s *Sandbox) withRecurrence(t *txn, r smartcore.Recurrence, charge func()) {
	terms := rules.NewRecurrence(r.RecurFreq, r.RecurExp)
	if terms == nil {
		charge()
		return
	}
	s.mu.Lock()
	if s.flow.recur == nil {
		s.flow.recur = map[*txn]*rules.Recurrence{}
	}
	s.flow.recur[t] = terms
	s.mu.Unlock()
	charge()
	s.mu.Lock()
	if s.st.held(t.ProcessingID) != t {
		delete(s.flow.recur, t)
	}
	s.mu.Unlock()
}
