package sandbox

import (
	"container/list"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore"
)

// The journal is what the dashboard shows of a transaction besides its
// delivery log: the API requests that named it and its state changes. It
// is bounded twice, so that a long-running sandbox holding
// Options.MaxTransactions transactions does not keep a history for each:
// only the journalOrders orders most recently written to have one, and
// each keeps its last journalEvents events. Identical requests in a row (a
// host polling check) are counted on one event instead of filling it.
const (
	journalOrders = 1000
	journalEvents = 50
)

// eventKind says what a journal event records.
type eventKind uint8

const (
	eventRequest eventKind = iota + 1 // an API request naming the order
	eventState                        // the transaction was created or changed status
)

// event is one line of an order's journal. It never holds a request body,
// a card number or a secret: only the endpoint, the answer's HTTP status
// and, for a refused request, the error code and message the sandbox wrote.
type event struct {
	Kind eventKind
	Time time.Time
	seq  uint64

	// For eventRequest. HTTPStatus is 0 while the request is processed,
	// or when the client went away before an answer. Count is how many
	// identical requests in a row this event stands for, Last when the
	// latest of them was answered.
	Path       string
	HTTPStatus int
	Code, Msg  string
	Count      int
	Last       time.Time

	// For eventState: the transaction as it became.
	Created         bool
	Status          smartcore.Status
	Stage           Stage
	AuthorizeStatus string
	ErrorCode       smartcore.ErrorCode
	FinalAmount     int64
	RefundedAmount  int64
	Currency        string
}

// history is one order's journal.
type history struct {
	orderID string
	events  []event
	elem    *list.Element // in journal.recent
}

// journal keeps the recent orders' histories. Its zero value is ready to
// use. It never takes the sandbox's lock, so it can be written to with
// that lock held.
type journal struct {
	mu     sync.Mutex
	seq    uint64
	orders map[string]*history
	recent list.List // of *history, most recently written first
}

// received records that a request naming orderID arrived at path and
// returns the event's handle for answered; 0 (no event) when orderID is
// empty.
func (j *journal) received(orderID, path string, at time.Time) uint64 {
	if orderID == "" {
		return 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.add(orderID, event{Kind: eventRequest, Time: at, Path: path, Count: 1})
}

// answered completes the request event seq of orderID with its answer. An
// answer identical to the previous request's, with nothing in between,
// is counted on that event instead.
func (j *journal) answered(orderID string, seq uint64, status int, code, msg string, at time.Time) {
	if seq == 0 {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	h := j.orders[orderID]
	if h == nil {
		return
	}
	i := len(h.events) - 1
	for i >= 0 && h.events[i].seq != seq {
		i--
	}
	if i < 0 {
		return // dropped by the per-order bound meanwhile
	}
	e := &h.events[i]
	e.HTTPStatus, e.Code, e.Msg, e.Last = status, code, msg, at
	if i == len(h.events)-1 && i > 0 {
		if p := &h.events[i-1]; p.Kind == eventRequest && p.Path == e.Path &&
			p.HTTPStatus == e.HTTPStatus && p.Code == e.Code && p.Msg == e.Msg {
			p.Count++
			p.Last = at
			h.events = h.events[:i]
		}
	}
}

// state records t as it is now, unless that is what the order's last
// state event already says. created marks the transaction's first state.
// s.mu is held by the caller (t is read).
func (j *journal) state(t *txn, created bool, at time.Time) {
	e := event{Kind: eventState, Time: at, Created: created, Status: t.Status, Stage: t.Stage,
		AuthorizeStatus: t.AuthorizeStatus, ErrorCode: t.ErrorCode, FinalAmount: t.FinalAmount,
		RefundedAmount: t.RefundedAmount, Currency: t.Currency}
	j.mu.Lock()
	defer j.mu.Unlock()
	if h := j.orders[t.OrderID]; h != nil && !created {
		for i := len(h.events) - 1; i >= 0; i-- {
			if p := h.events[i]; p.Kind == eventState {
				if p.Status == e.Status && p.Stage == e.Stage && p.AuthorizeStatus == e.AuthorizeStatus &&
					p.ErrorCode == e.ErrorCode && p.FinalAmount == e.FinalAmount && p.RefundedAmount == e.RefundedAmount {
					return
				}
				break
			}
		}
	}
	j.add(t.OrderID, e)
}

// add appends e to orderID's history, making it the most recent one and
// applying both bounds, and returns e's handle. j.mu is held.
func (j *journal) add(orderID string, e event) uint64 {
	if j.orders == nil {
		j.orders = map[string]*history{}
	}
	h := j.orders[orderID]
	if h == nil {
		for len(j.orders) >= journalOrders {
			old := j.recent.Back()
			j.recent.Remove(old)
			delete(j.orders, old.Value.(*history).orderID)
		}
		h = &history{orderID: orderID}
		h.elem = j.recent.PushFront(h)
		j.orders[orderID] = h
	} else {
		j.recent.MoveToFront(h.elem)
	}
	if len(h.events) >= journalEvents {
		h.events = h.events[:copy(h.events, h.events[len(h.events)-journalEvents+1:])]
	}
	j.seq++
	e.seq = j.seq
	h.events = append(h.events, e)
	return e.seq
}

// forget drops orderID's history: the transaction was evicted, and a new
// order may reuse its id.
func (j *journal) forget(orderID string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if h := j.orders[orderID]; h != nil {
		j.recent.Remove(h.elem)
		delete(j.orders, orderID)
	}
}

// events returns a copy of orderID's history, oldest first; nil when the
// journal has none (never written, or pushed out by journalOrders).
func (j *journal) events(orderID string) []event {
	j.mu.Lock()
	defer j.mu.Unlock()
	h := j.orders[orderID]
	if h == nil {
		return nil
	}
	return append([]event(nil), h.events...)
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
	s.jr.answered(x.orderID, x.jseq, status, code, msg, s.cfg.clock.Now())
}
