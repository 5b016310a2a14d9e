package sandbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/internal/control"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// NextDecline is a decline waiting for the next payment it matches; see
// [Sandbox.QueueDecline].
type NextDecline struct {
	// Code is the error code the payment fails with; "" is DefaultDecline.
	// Any code will do, the document's or not.
	Code smartcore.ErrorCode
	// Cascade is the cascadeErrors check and the callback report, one
	// errorCategory per gate (gatePriority 0, 1, ...), any strings; nil
	// reports Code alone.
	Cascade []string
	// Amount limits the decline to payments of that amount in cents; 0
	// matches any.
	Amount int64
	// CardNumber limits it to payments with that card number; "" matches
	// any payment, wallets and recurrent charges included. Spaces and
	// dashes are dropped ("4012 0000 0000 3010" is 4012000000003010); what
	// is left must be 12 to 19 digits, a number a payment can carry. Only a
	// keyed hash of the digits is kept.
	CardNumber string
}

// MaxQueuedDeclines bounds the declines waiting at once ([Sandbox.QueueDecline]).
const MaxQueuedDeclines = 1000

// queuedDecline is a NextDecline as kept: the card as a hash.
type queuedDecline struct {
	code    smartcore.ErrorCode
	cascade []string
	amount  int64
	card    uint64
	anyCard bool
}

// QueueDecline makes the next payment that d matches fail with d's code
// and cascade, whatever its card: a host-to-host, wallet or authorize
// payment at once, a hosted-form payment when its card is submitted, a
// recurrent charge at once (success false, err the code). This is how a
// test makes a synchronous payment fail with the code it wants. Each
// queued decline applies once; the oldest matching one goes first, ahead
// of the test cards and Options.CardTimeLimit. It returns an error,
// queueing nothing, for a CardNumber that is not 12 to 19 digits and when
// [MaxQueuedDeclines] are already waiting.
func (s *Sandbox) QueueDecline(d NextDecline) error {
	pan, ok := layout.CardDigits(d.CardNumber)
	if d.CardNumber != "" && !ok {
		return errors.New("sandbox: QueueDecline: CardNumber is not 12 to 19 digits (spaces and dashes aside): no payment could match it")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.flow.declines) >= MaxQueuedDeclines {
		return fmt.Errorf("sandbox: QueueDecline: %d declines are already waiting", MaxQueuedDeclines)
	}
	q := queuedDecline{code: cmp.Or(d.Code, DefaultDecline), cascade: slices.Clone(d.Cascade), amount: d.Amount, anyCard: d.CardNumber == ""}
	if !q.anyCard {
		q.card = s.cardKey(pan)
	}
	s.flow.declines = append(s.flow.declines, q)
	return nil
}

// takeDecline removes and returns the oldest queued decline matching a
// payment of amount with card pan ("" for none). s.mu is held.
func (s *Sandbox) takeDecline(amount int64, pan string) (cardClass, bool) {
	var card uint64
	if pan != "" && len(s.flow.declines) > 0 {
		card = s.cardKey(pan) // once, not once per queued decline
	}
	for i, q := range s.flow.declines {
		if (q.amount == 0 || q.amount == amount) && (q.anyCard || pan != "" && card == q.card) {
			s.flow.declines = slices.Delete(s.flow.declines, i, i+1)
			return cardClass{decline: q.code, cascade: q.cascade}, true
		}
	}
	return cardClass{}, false
}

// setCascade keeps the cascade a failure of t was given; nil forgets it.
// s.mu is held.
func (s *Sandbox) setCascade(t *txn, cascade []string) {
	if len(cascade) == 0 {
		delete(s.flow.cascades, t)
		return
	}
	if s.flow.cascades == nil {
		s.flow.cascades = map[*txn][]string{}
	}
	s.flow.cascades[t] = slices.Clone(cascade)
}

// cascadeOf is t's cascadeErrors: nil without an error code, the gates it
// was given, else one gate failing with the code. s.mu is held.
func (s *Sandbox) cascadeOf(t *txn) []cascadeBody {
	if t.ErrorCode == "" {
		return nil
	}
	c := s.flow.cascades[t]
	if len(c) == 0 {
		c = []string{string(t.ErrorCode)}
	}
	out := make([]cascadeBody, len(c))
	for i, e := range c {
		out[i] = cascadeBody{GatePriority: i, ErrorCategory: e}
	}
	return out
}

// controller is the core as the control API (package control) sees it:
// each operation is the Go API's method of the same purpose.
type controller struct{ s *Sandbox }

func (c controller) Authorized(r *http.Request) bool { return c.s.authorized(r) }
func (c controller) Remote() bool                    { return c.s.cfg.remote }
func (c controller) BaseURL(r *http.Request) string  { return c.s.baseURL(r) }
func (c controller) Now() time.Time                  { return c.s.cfg.clock.Now() }
func (c controller) ClearFaults()                    { c.s.ClearFaults() }
func (c controller) Flush(ctx context.Context) error { return c.s.Flush(ctx) }

func (c controller) Order(id string) (layout.Txn, []string, []layout.Txn, bool) {
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.find(id)
	if t == nil {
		return layout.Txn{}, nil, nil, false
	}
	var cascade []string
	for _, e := range s.cascadeOf(t) {
		cascade = append(cascade, e.ErrorCategory)
	}
	var refunds []*txn
	for i := s.st.mru; i >= 0 && t.Type == smartcore.TypePayment; i = s.st.nodes[i].next {
		if r := s.st.nodes[i].t; r.Type == smartcore.TypeRefund && r.ParentTransaction == t.ProcessingID {
			refunds = append(refunds, r)
		}
	}
	slices.SortFunc(refunds, func(a, b *txn) int { return cmp.Compare(a.seq, b.seq) })
	views := make([]layout.Txn, len(refunds))
	for i, r := range refunds {
		views[i] = r.view()
	}
	return t.view(), cascade, views, true
}

func (c controller) Deliveries(orderID string) []delivery.Attempt {
	return c.s.shownDeliveries(orderID)
}

func (c controller) Complete(id string, a control.Action, code smartcore.ErrorCode, cascade []string) error {
	return c.s.complete(id, ShopperAction(a), code, cascade)
}

func (c controller) Settle(id string, failed bool, code smartcore.ErrorCode, cascade []string) error {
	if failed {
		return c.s.SettleFailed(id, code, cascade...)
	}
	return c.s.Settle(id)
}

func (c controller) QueueDecline(d control.NextDecline) error {
	return c.s.QueueDecline(NextDecline(d))
}

func (c controller) Resend(id string, kind delivery.Kind) error { return c.s.resend(id, kind) }

func (c controller) InjectFault(f control.Fault) error {
	kind := FaultKind(0)
	for k := FaultServerError; k <= FaultLostResponse; k++ {
		if k.String() == f.Kind {
			kind = k
		}
	}
	return c.s.InjectFault(Fault{OrderID: f.OrderID, Endpoint: f.Endpoint, Kind: kind, Delay: f.Delay, Times: f.Times, StatusCode: f.StatusCode})
}

// Advance moves a clock that can be moved: a FakeClock, as
// "smartcore sandbox --clock manual" runs on.
func (c controller) Advance(d time.Duration) error {
	clock, ok := c.s.cfg.clock.(interface{ Advance(time.Duration) })
	if !ok {
		return control.ErrClockNotManual
	}
	clock.Advance(d)
	return nil
}
