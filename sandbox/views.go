package sandbox

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/internal/dashboard"
	"github.com/smartcorekit/smartcore/sandbox/internal/journal"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
	"github.com/smartcorekit/smartcore/sandbox/internal/pages"
)

// gateway is the core as the hosted pages (package pages) and the
// dashboard (package dashboard) see it: it implements both Gateway
// interfaces, so that neither reaches the store or the journal, and the
// Sandbox's exported API does not grow for them.
type gateway struct{ s *Sandbox }

// testCards are the cards the payment form lists.
var testCards = func() pages.TestCards {
	tc := pages.TestCards{Success: CardSuccess, Challenge: CardChallenge}
	for _, pan := range []string{CardDeclined, CardInsufficientFunds, CardDoNotHonour, CardLimit} {
		tc.Declined = append(tc.Declined, pages.Declined{PAN: pan, Code: string(declineCode(pan))})
	}
	return tc
}()

// view is t as the pages show it.
func (t *Transaction) view() layout.Txn {
	return layout.Txn{OrderID: t.OrderID, ProcessingID: t.ProcessingID, Type: t.Type, Method: string(t.Method),
		Status: t.Status, Stage: string(t.Stage), Account: t.Account, Currency: t.Currency,
		Amount: t.Amount, FinalAmount: t.FinalAmount, AuthorizedAmount: t.AuthorizedAmount,
		CapturedAmount: t.CapturedAmount, RefundedAmount: t.RefundedAmount,
		AuthorizeStatus: t.AuthorizeStatus, ErrorCode: t.ErrorCode, Card: t.Card,
		FirstName: t.FirstName, LastName: t.LastName, Phone: t.Phone,
		ParentOrderID: t.ParentOrderID, ParentTransaction: t.ParentTransaction,
		Purpose: t.Purpose, MerchantSite: t.MerchantSite,
		CallbackURL: t.CallbackURL, SuccessURL: t.SuccessURL, FailURL: t.FailURL,
		CreatedAt: t.CreatedAt, EndDate: t.EndDate}
}

// view is a snapshot of t as the pages show it. s.mu is held.
func (t *txn) view() layout.Txn {
	snap := t.snapshot()
	return snap.view()
}

func (g gateway) Now() time.Time { return g.s.cfg.clock.Now() }

func (g gateway) NotFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, CodeNotFound, "no such endpoint or page")
}

func (g gateway) Txn(id string) (layout.Txn, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	t := g.s.st.byProcessingID(id)
	if t == nil {
		return layout.Txn{}, false
	}
	return t.view(), true
}

// FollowRedirect settles a payment waiting in StageRedirect (flow.go).
func (g gateway) FollowRedirect(id string) (layout.Txn, bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	t := g.s.st.byProcessingID(id)
	if t == nil || t.Stage != StageRedirect {
		return layout.Txn{}, false
	}
	g.s.page(t, "The shopper's browser opened form_url: 3-D Secure passed without a challenge", false)
	g.s.approve(t)
	return t.view(), true
}

// inStage runs act on the transaction id if it waits in stage, and
// returns it then; found is false for an unknown id.
func (g gateway) inStage(id, stage string, act func(*txn)) (snap layout.Txn, found bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	t := g.s.st.byProcessingID(id)
	if t == nil {
		return layout.Txn{}, false
	}
	if string(t.Stage) != stage {
		return layout.Txn{}, true
	}
	act(t)
	return t.view(), true
}

// EnterCard takes a card from the payment form (through the test-card
// rules, exactly as a host-to-host payment) or the tokenize form (saved
// for payouts: any valid number is; whether a withdrawal to it succeeds
// is decided then).
func (g gateway) EnterCard(id, stage string, c *pages.Card) (layout.Txn, bool) {
	s := g.s
	return g.inStage(id, stage, func(t *txn) {
		if c == nil {
			return
		}
		s.page(t, "Card form submitted: the card ending in "+last4(c.Number)+" was taken", false)
		t.Card = s.st.card(cardInfo(c.Number, c.Holder, c.ExpMonth, c.ExpYear))
		if t.Stage == StageTokenize {
			t.payoutDecline = withdrawalDecline(c.Number)
			s.approve(t)
			return
		}
		class := s.cardRule(t, c.Number)
		switch {
		case class.decline != "":
			s.fail(t, class.decline, class.cascade)
		case class.challenge:
			s.startChallenge(t) // flow.go: expires on the clock
		default:
			s.approve(t)
		}
	})
}

// Finish ends a wait as the shopper chose on a page: the card form's
// cancel fails with FORM_TIMEOUT_PROCESSING_ERROR, the only code the
// document has for a buyer who "has not passed the card data entry form";
// the challenge's buttons are ShopperActions.
func (g gateway) Finish(id, stage string, a pages.Action) (layout.Txn, bool) {
	s := g.s
	return g.inStage(id, stage, func(t *txn) {
		switch a {
		case pages.CancelForm:
			s.page(t, "The shopper pressed Cancel on the card form", true)
			s.decline(t, smartcore.ErrFormTimeoutProcessing)
		case pages.Approve:
			s.page(t, "3-D Secure: the shopper approved", false)
			s.challengeResult(t, Approve)
		case pages.Decline:
			s.page(t, "3-D Secure: the shopper declined", false)
			s.challengeResult(t, Decline)
		case pages.Cancel:
			s.page(t, "3-D Secure: the shopper pressed Cancel", true)
			s.challengeResult(t, Cancel)
		}
	})
}

func (g gateway) ChallengeShown(id string) {
	s := g.s
	s.mu.Lock()
	if t := s.st.held(id); t != nil {
		s.page(t, "3-D Secure challenge shown to the shopper", false)
	}
	s.mu.Unlock()
	s.challengeShown(id)
}

func (g gateway) Refused(id, fields string) {
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.st.held(id); t != nil {
		s.page(t, "Card form submitted and refused by the form's checks: "+fields, false)
	}
}

// page records in the journal what the shopper did on a hosted page of t,
// for the dashboard's timeline; cancelled marks the shopper's own cancel.
// s.mu is held.
func (s *Sandbox) page(t *txn, what string, cancelled bool) {
	s.jr.Page(t.OrderID, journal.Event{Time: s.cfg.clock.Now(), Msg: what, Cancelled: cancelled})
}

// last4 is the last four digits of a card number, all a page may say of it.
func last4(pan string) string { return pan[max(0, len(pan)-4):] }

// List walks the store without marking anything used and copies only
// what it returns, so that a refreshing dashboard costs little even with
// a full store.
func (g gateway) List(match func(layout.Txn) bool, limit int) (rows []layout.Txn, matched, held int) {
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var hits []*txn
	for i := s.st.mru; i >= 0; i = s.st.nodes[i].next {
		if t := s.st.nodes[i].t; match(g.dashView(&t.Transaction)) { // no copy of the card: match keeps nothing
			hits = append(hits, t)
		}
	}
	slices.SortFunc(hits, func(a, b *txn) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.seq, a.seq))
	})
	matched = len(hits)
	rows = make([]layout.Txn, 0, min(limit, matched))
	for _, t := range hits[:min(limit, matched)] {
		snap := t.snapshot()
		rows = append(rows, g.dashView(&snap))
	}
	return rows, matched, s.st.len()
}

// Peek looks without marking the transaction used (looking is not a use).
func (g gateway) Peek(id string) (t layout.Txn, resendable, ok bool) {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	x := g.s.st.held(id)
	if x == nil {
		return layout.Txn{}, false, false
	}
	snap := x.snapshot()
	return g.dashView(&snap), x.last != nil && x.last.url != "", true
}

// dashView is t as the dashboard shows it: with Cancelled, which only the
// journal knows for a form the shopper cancelled (the document's code is
// the form timeout's).
func (g gateway) dashView(t *Transaction) layout.Txn {
	v := t.view()
	v.Cancelled = t.ErrorCode == smartcore.Err3DSCancelProcessing ||
		t.ErrorCode == smartcore.ErrFormTimeoutProcessing && g.s.jr.Cancelled(t.OrderID)
	return v
}

func (g gateway) Deliveries(orderID string) []delivery.Attempt { return g.s.shownDeliveries(orderID) }

func (g gateway) Journal(orderID string) []journal.Event { return g.s.jr.Events(orderID) }

func (g gateway) BaseURL(r *http.Request) string { return g.s.baseURL(r) }

func (g gateway) Redeliver(orderID string) error        { return g.s.Redeliver(orderID) }
func (g gateway) SendDuplicate(orderID string) error    { return g.s.SendDuplicate(orderID) }
func (g gateway) SendBadSignature(orderID string) error { return g.s.SendBadSignature(orderID) }
func (g gateway) Settle(orderID string) error           { return g.s.Settle(orderID) }
func (g gateway) Flush(ctx context.Context) error       { return g.s.Flush(ctx) }

func (g gateway) Complete(orderID string, o dashboard.Outcome) error {
	a := map[dashboard.Outcome]ShopperAction{dashboard.Approve: Approve, dashboard.Decline: Decline, dashboard.Abandon: Abandon}[o]
	return g.s.Complete(orderID, a)
}

// journalState records t's state in the journal, for the dashboard.
// created marks its first state. s.mu is held (t is read).
func (s *Sandbox) journalState(t *txn, created bool, at time.Time) {
	s.jr.State(t.OrderID, journal.Event{Time: at, Created: created, Status: t.Status, Stage: string(t.Stage),
		AuthorizeStatus: t.AuthorizeStatus, ErrorCode: t.ErrorCode, FinalAmount: t.FinalAmount,
		RefundedAmount: t.RefundedAmount, Currency: t.Currency})
}

// journalAnswer completes the journal's event of the request x answered
// (exchange.write): its HTTP status and, when refused, the error code and
// message the sandbox wrote, which name fields but never carry a card
// number or a secret. An answer an injected FaultLostResponse drops is
// recorded as such.
func (s *Sandbox) journalAnswer(x *exchange, status int, body any) {
	var code, msg string
	switch e, ok := body.(errorBody); {
	case x.lost:
		code, msg = "FaultLostResponse", "processed, then the connection was dropped: the client saw no answer"
	case ok:
		code, msg = e.Err, e.Msg
	}
	s.jr.Answered(x.orderID, x.jseq, status, code, msg, s.cfg.clock.Now())
}
