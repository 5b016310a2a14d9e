package sandbox

import (
	"net/url"

	"github.com/smartcorekit/smartcore/sandbox/delivery"
)

// observe hands the event of one attempt of j to the observer, if any.
func (d *deliverer) observe(j *job, e delivery.Event) {
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
		d.observe(j, delivery.Event{Attempt: 1, Err: ErrHostNotAllowed, Refused: true})
	}()
}
