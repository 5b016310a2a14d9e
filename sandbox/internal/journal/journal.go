// Package journal keeps what the sandbox's dashboard shows of a
// transaction besides its delivery log: the API requests that named it and
// its state changes. It is bounded twice, so that a long-running sandbox
// holding Options.MaxTransactions transactions does not keep a history
// for each: only the [Orders] orders most recently written to have one,
// and each keeps its last [EventsPerOrder] events. Identical requests in a
// row (a host polling check) are counted on one event instead of filling
// it.
package journal

import (
	"container/list"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore"
)

// The journal's bounds.
const (
	// Orders is how many orders have a history: the most recently
	// written to.
	Orders = 1000
	// EventsPerOrder is how many events an order's history keeps: the
	// latest.
	EventsPerOrder = 50
)

// Kind says what a journal event records.
type Kind uint8

// The kinds of event.
const (
	Request Kind = iota + 1 // an API request naming the order
	State                   // the transaction was created or changed status
	Page                    // the shopper did something on a hosted page
)

// Event is one line of an order's journal. It never holds a request body,
// a card number or a secret: only the endpoint, the answer's HTTP status
// and, for a refused request, the error code and message the sandbox wrote.
type Event struct {
	Kind Kind
	Time time.Time
	seq  uint64

	// For Page: what the shopper did, in plain words (Msg, never a card
	// number or a code), and whether it was the shopper's own cancel.
	// Identical page events in a row are counted on one (Count, Last).
	Cancelled bool

	// For Request. HTTPStatus is 0 while the request is processed,
	// or when the client went away before an answer. Count is how many
	// identical requests in a row this event stands for, Last when the
	// latest of them was answered.
	Path       string
	HTTPStatus int
	Code, Msg  string
	Count      int
	Last       time.Time

	// For State: the transaction as it became.
	Created         bool
	Status          smartcore.Status
	Stage           string
	AuthorizeStatus string
	ErrorCode       smartcore.ErrorCode
	FinalAmount     int64
	RefundedAmount  int64
	Currency        string
}

// history is one order's journal.
type history struct {
	orderID string
	events  []Event
	elem    *list.Element // in journal.recent
}

// Journal keeps the recent orders' histories. Its zero value is ready to
// use. It never takes the sandbox's lock, so it can be written to with
// that lock held.
type Journal struct {
	mu     sync.Mutex
	seq    uint64
	orders map[string]*history
	recent list.List // of *history, most recently written first
}

// Received records that a request naming orderID arrived at path and
// returns the event's handle for answered; 0 (no event) when orderID is
// empty.
func (j *Journal) Received(orderID, path string, at time.Time) uint64 {
	if orderID == "" {
		return 0
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.add(orderID, Event{Kind: Request, Time: at, Path: path, Count: 1})
}

// Answered completes the request event seq of orderID with its answer. An
// answer identical to the previous request's, with nothing in between,
// is counted on that event instead.
func (j *Journal) Answered(orderID string, seq uint64, status int, code, msg string, at time.Time) {
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
		if p := &h.events[i-1]; p.Kind == Request && p.Path == e.Path &&
			p.HTTPStatus == e.HTTPStatus && p.Code == e.Code && p.Msg == e.Msg {
			p.Count++
			p.Last = at
			h.events = h.events[:i]
		}
	}
}

// State records e, an event of kind State (set here) describing the
// order's transaction as it is now, unless that is what the order's last
// state event already says. e.Created marks the transaction's first state.
func (j *Journal) State(orderID string, e Event) {
	e.Kind = State
	j.mu.Lock()
	defer j.mu.Unlock()
	if h := j.orders[orderID]; h != nil && !e.Created {
		for i := len(h.events) - 1; i >= 0; i-- {
			if p := h.events[i]; p.Kind == State {
				if p.Status == e.Status && p.Stage == e.Stage && p.AuthorizeStatus == e.AuthorizeStatus &&
					p.ErrorCode == e.ErrorCode && p.FinalAmount == e.FinalAmount && p.RefundedAmount == e.RefundedAmount {
					return
				}
				break
			}
		}
	}
	j.add(orderID, e)
}

// Page records what the shopper did on a hosted page (e.Msg; the kind is
// set here). The same as the order's last event is counted on it.
func (j *Journal) Page(orderID string, e Event) {
	if orderID == "" {
		return
	}
	e.Kind, e.Count, e.Last = Page, 1, e.Time
	j.mu.Lock()
	defer j.mu.Unlock()
	if h := j.orders[orderID]; h != nil && len(h.events) > 0 {
		if p := &h.events[len(h.events)-1]; p.Kind == Page && p.Msg == e.Msg && p.Cancelled == e.Cancelled {
			p.Count++
			p.Last = e.Time
			j.recent.MoveToFront(h.elem)
			return
		}
	}
	j.add(orderID, e)
}

// Cancelled reports whether the shopper cancelled orderID on a hosted
// page, as far as its history, if it still has one, tells.
func (j *Journal) Cancelled(orderID string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	h := j.orders[orderID]
	if h == nil {
		return false
	}
	for _, e := range h.events {
		if e.Kind == Page && e.Cancelled {
			return true
		}
	}
	return false
}

// add appends e to orderID's history, making it the most recent one and
// applying both bounds, and returns e's handle. j.mu is held.
func (j *Journal) add(orderID string, e Event) uint64 {
	if j.orders == nil {
		j.orders = map[string]*history{}
	}
	h := j.orders[orderID]
	if h == nil {
		for len(j.orders) >= Orders {
			old := j.recent.Back()
			j.recent.Remove(old)
			delete(j.orders, old.Value.(*history).orderID)
		}
		// Room for a payment's usual three events (its request, creation
		// and outcome) in one allocation.
		h = &history{orderID: orderID, events: make([]Event, 0, 4)}
		h.elem = j.recent.PushFront(h)
		j.orders[orderID] = h
	} else {
		j.recent.MoveToFront(h.elem)
	}
	if len(h.events) >= EventsPerOrder {
		h.events = h.events[:copy(h.events, h.events[len(h.events)-EventsPerOrder+1:])]
	}
	j.seq++
	e.seq = j.seq
	h.events = append(h.events, e)
	return e.seq
}

// Forget drops orderID's history: the transaction was evicted, and a new
// order may reuse its id.
func (j *Journal) Forget(orderID string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if h := j.orders[orderID]; h != nil {
		j.recent.Remove(h.elem)
		delete(j.orders, orderID)
	}
}

// Events returns a copy of orderID's history, oldest first; nil when the
// journal has none (never written, or pushed out by Orders).
func (j *Journal) Events(orderID string) []Event {
	j.mu.Lock()
	defer j.mu.Unlock()
	h := j.orders[orderID]
	if h == nil {
		return nil
	}
	return append([]Event(nil), h.events...)
}
