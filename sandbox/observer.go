package sandbox

import (
	"context"
	"net/url"
	"time"

	"github.com/smartcorekit/smartcore"
)

// DeliveryEvent describes one callback delivery attempt, for
// Options.Observer. It names the callback_url's host only, never its path
// or query, and carries no body.
type DeliveryEvent struct {
	// OrderID and Status are the callback's order and the status it reports.
	OrderID string
	Status  smartcore.Status // the transaction status the callback reports
	// Kind says why the callback was sent.
	Kind DeliveryKind
	// Host is the callback_url's host (with its port, if any); "" when the
	// URL does not parse.
	Host string
	// Attempt counts from 1 within one delivery: 2 is its first retry.
	Attempt int
	// HTTPStatus is the host's answer; 0 when there was none.
	HTTPStatus int
	// Err is the transport error, or ErrHostNotAllowed for a refused
	// delivery; nil when the host answered, whatever the status.
	Err error
	// Refused is set when nothing was sent because the host is not allowed.
	Refused bool
	// Duration is how long the attempt took, in real time whatever the
	// sandbox's Clock; 0 for a refused delivery.
	Duration time.Duration
}

// OK reports whether the host acknowledged the callback: answered 200, as
// the document requires (see [Delivery.OK]); another 2xx is not.
func (e DeliveryEvent) OK() bool { return acknowledged(e.HTTPStatus) }

// DeliveryObserver receives a [DeliveryEvent]; see Options.Observer.
type DeliveryObserver func(ctx context.Context, e DeliveryEvent)

// observe hands the event of one attempt of j to the observer, if any.
func (d *deliverer) observe(j *job, e DeliveryEvent) {
	if d.observer == nil {
		return
	}
	e.OrderID, e.Status, e.Kind = j.cb.orderID, j.cb.status, j.kind
	if u, err := url.Parse(j.cb.url); err == nil {
		e.Host = u.Host
	}
	d.observer(d.ctx, e)
}

// observeRefused tells the observer of a refused delivery from a goroutine
// of its own: it is decided under the sandbox's locks, which the observer
// must be free to take (calling Deliveries, say). d.mu is held.
func (d *deliverer) observeRefused(j *job) {
	if d.observer == nil || d.closed {
		return
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		d.observe(j, DeliveryEvent{Attempt: 1, Err: ErrHostNotAllowed, Refused: true})
	}()
}
