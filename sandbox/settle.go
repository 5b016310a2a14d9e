package sandbox

import (
	"cmp"
	"fmt"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// ShopperAction is what the customer does on a hosted page (card form,
// 3-D Secure challenge or tokenize form), which [Sandbox.Complete] plays
// without a browser to end a pending transaction.
type ShopperAction int

// The shopper's actions for [Sandbox.Complete]. What each leads to depends
// on what the transaction waits for:
//
//	         card form (/pay)               3-D Secure (challenge or form_url)  tokenize form
//	Approve  paid with CardSuccess          approved                            CardSuccess saved
//	Decline  EMITTER_DENIAL_PROCESSING_…    AUTHENTICATION_PROCESSING_ERROR     EMITTER_DENIAL_PROCESSING_…
//	Cancel   FORM_TIMEOUT_PROCESSING_ERROR  3DS_CANCEL_PROCESSING_ERROR         FORM_TIMEOUT_PROCESSING_ERROR
//	Abandon  FORM_TIMEOUT_PROCESSING_ERROR  as when the clock expires it        FORM_TIMEOUT_PROCESSING_ERROR
//
// Abandon (the shopper leaves the page open until it times out) does what
// Options.FormTimeout and Options.ThreeDSTimeout do on the clock: on 3-D
// Secure, 3DS_TIMEOUT_PROCESSING_ERROR once the challenge page was shown,
// 3DS_REDIRECT_TIMEOUT_PROCESSING_ERROR before (and always for a
// frictionless form_url nobody opened). A successful authorize becomes
// authorized (status 1, authorize_status AUTHORIZED) rather than paid. A
// pending operation (StagePending) is not the customer's to end: see
// [Sandbox.Settle].
const (
	Approve ShopperAction = iota + 1
	Decline
	Cancel
	Abandon
)

// String returns "approve", "decline", "cancel", "abandon" or
// "ShopperAction(N)".
func (a ShopperAction) String() string {
	switch a {
	case Approve:
		return "approve"
	case Decline:
		return "decline"
	case Cancel:
		return "cancel"
	case Abandon:
		return "abandon"
	}
	return fmt.Sprintf("ShopperAction(%d)", int(a))
}

// Complete ends a pending transaction as if the customer had acted on its
// hosted page (card form, 3-D Secure challenge or tokenize form), without a
// browser; see [ShopperAction] for what each action does. The status change
// sends a callback like any other.
//
// It returns an error wrapping ErrUnknownOrder for an unknown order id,
// ErrNotPending when the transaction waits for nobody, and a plain error for
// an action that is not one of the constants.
func (s *Sandbox) Complete(orderID string, outcome ShopperAction) error {
	return s.complete(orderID, outcome, "", nil)
}

// DeclineWith ends a pending transaction as [Sandbox.Complete] with
// Decline does, but failing it with code (any code, the document's or not;
// "" is Decline's code for the stage) and, when cascade is given, one
// cascadeErrors entry per gate (gatePriority 0, 1, ...; any strings, as the
// document's example uses categories outside its Dictionary). check and the
// callback report them; without cascade, cascadeErrors holds code alone.
// Errors as for Complete.
func (s *Sandbox) DeclineWith(orderID string, code smartcore.ErrorCode, cascade ...string) error {
	return s.complete(orderID, Decline, code, cascade)
}

// complete is Complete and DeclineWith, and the dashboard's and the
// control API's buttons: one path, one set of checks.
func (s *Sandbox) complete(orderID string, outcome ShopperAction, code smartcore.ErrorCode, cascade []string) error {
	if outcome < Approve || outcome > Abandon {
		return fmt.Errorf("sandbox: Complete: invalid shopper action %v", outcome)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.find(orderID)
	if t == nil {
		return fmt.Errorf("%w: %q", ErrUnknownOrder, orderID)
	}
	switch t.Stage {
	case StageForm, StageTokenize:
		switch outcome {
		case Approve:
			t.Card = cardInfo(CardSuccess, "", "", "")
			t.payoutDecline = ""
			s.approve(t)
		case Decline:
			s.fail(t, cmp.Or(code, DefaultDecline), cascade)
		default:
			if outcome == Cancel {
				// The document gives a cancel the timeout's code; the
				// journal keeps what it was, for the dashboard.
				s.page(t, "Cancelled, as if by the shopper", true)
			}
			s.decline(t, smartcore.ErrFormTimeoutProcessing)
		}
	case Stage3DS, StageRedirect:
		if outcome == Decline {
			s.fail(t, cmp.Or(code, smartcore.ErrAuthenticationProcessing), cascade)
			break
		}
		s.challengeResult(t, outcome)
	case StagePending:
		return fmt.Errorf("%w: %q has an operation pending, which Settle ends", ErrNotPending, orderID)
	default:
		return fmt.Errorf("%w: %q has status %d", ErrNotPending, orderID, int(t.Status))
	}
	return nil
}

// challengeResult ends a 3-D Secure step (a challenge, or a frictionless
// form_url). s.mu is held.
func (s *Sandbox) challengeResult(t *txn, outcome ShopperAction) {
	switch outcome {
	case Approve:
		s.approve(t)
	case Decline:
		s.decline(t, smartcore.ErrAuthenticationProcessing)
	case Cancel:
		s.decline(t, smartcore.Err3DSCancelProcessing)
	default:
		s.expire(t)
	}
}

// approve makes a transaction succeed: an authorize becomes authorized,
// everything else successful. s.mu is held.
func (s *Sandbox) approve(t *txn) {
	if t.Method == MethodAuthorize {
		s.authorizeHeld(t)
		return
	}
	s.succeed(t, t.Amount)
}

// succeed makes t successful with finalAmount moved. s.mu is held.
func (s *Sandbox) succeed(t *txn, finalAmount int64) {
	s.endWait(t)
	t.Status = smartcore.StatusSuccess
	t.Stage = StageNone
	t.ErrorCode = ""
	t.FinalAmount = finalAmount
	t.EndDate = s.cfg.clock.Now()
	s.stampCard(t)
	s.notify(t)
}

// authorizeHeld records a successful authorization: the amount is held
// (status 1, processing) until capture or cancel. s.mu is held.
func (s *Sandbox) authorizeHeld(t *txn) {
	s.endWait(t)
	t.Status = smartcore.StatusProcessing
	t.Stage = StageNone
	t.AuthorizeStatus = AuthorizeAuthorized
	t.AuthorizedAmount = t.Amount
	s.stampCard(t)
	s.notify(t)
}

// decline makes t fail with code. s.mu is held.
func (s *Sandbox) decline(t *txn, code smartcore.ErrorCode) { s.fail(t, code, nil) }

// fail makes t fail with code and, when not empty, the gates' cascade
// (see cascadeOf). s.mu is held.
func (s *Sandbox) fail(t *txn, code smartcore.ErrorCode, cascade []string) {
	s.endWait(t)
	s.setCascade(t, cascade)
	t.Status = smartcore.StatusFail
	t.Stage = StageNone
	t.ErrorCode = code
	t.FinalAmount = 0
	t.EndDate = s.cfg.clock.Now()
	s.notify(t)
}

// stampCard gives a card transaction the references a card network would:
// an RRN and ECI 05 (authenticated). s.mu is held.
func (s *Sandbox) stampCard(t *txn) {
	if t.Card == nil || t.Card.Number == "" || t.RRN != "" || t.Type == TypeTokenize {
		return
	}
	t.RRN = newRRN()
	t.ECI = "05"
}

// create stores a new transaction, stamping its creation time. It refuses
// a reused order id with PLATFORM_ERROR_DUPLICATED_ORDER_ID; otherwise a
// full store first evicts its least recently used transaction (see
// makeRoom). s.mu is held.
func (s *Sandbox) create(t *txn) *apiError {
	t.CreatedAt = s.cfg.clock.Now()
	if _, taken := s.st.byOrder[t.OrderID]; taken {
		return duplicate(t.OrderID)
	}
	s.makeRoom()
	if !s.st.add(t) {
		return duplicate(t.OrderID)
	}
	s.journalState(t, true, t.CreatedAt)
	return nil
}

func duplicate(orderID string) *apiError {
	return refuse(http.StatusBadRequest, codeDuplicate, "order_id "+quote(orderID)+" is already used")
}
