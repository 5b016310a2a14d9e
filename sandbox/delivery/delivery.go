// Package delivery holds what the sandbox tells an observer about its
// callback deliveries: the [Event] of one attempt, the [Kind] of delivery
// it belongs to, and the [Attempt] its delivery log keeps. It imports the standard library only, so that
// a program's telemetry (package smartcoreotel) can take these events
// without linking the gateway emulator itself.
package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/smartcorekit/smartcore"
)

// Kind says why a callback was sent.
type Kind int

// The kinds of delivery.
const (
	// Normal is a status change's callback, retried per
	// sandbox.Options.RetrySchedule until the host answers 200.
	Normal Kind = iota
	// Redelivery was asked for with sandbox.Sandbox.Redeliver; it is
	// retried like a normal one.
	Redelivery
	// Duplicate is the same signed body sent once more by
	// sandbox.Sandbox.SendDuplicate; never retried.
	Duplicate
	// BadSignature carries a wrong signature on purpose
	// (sandbox.Sandbox.SendBadSignature); never retried.
	BadSignature
)

// String returns "normal", "redelivery", "duplicate" or "bad-signature".
func (k Kind) String() string {
	switch k {
	case Normal:
		return "normal"
	case Redelivery:
		return "redelivery"
	case Duplicate:
		return "duplicate"
	case BadSignature:
		return "bad-signature"
	}
	return fmt.Sprintf("delivery.Kind(%d)", int(k))
}

// Event describes one callback delivery attempt, for
// sandbox.Options.Observer. It names the callback_url's host only, never
// its path or query, and carries no body.
type Event struct {
	// OrderID is the callback's order.
	OrderID string
	// Status is the transaction status the callback reports.
	Status smartcore.Status
	// Kind says why the callback was sent.
	Kind Kind
	// Host is the callback_url's host (with its port, if any); "" when the
	// URL does not parse.
	Host string
	// Attempt counts from 1 within one delivery: 2 is its first retry.
	Attempt int
	// HTTPStatus is the host's answer; 0 when there was none.
	HTTPStatus int
	// Err is the transport error, or sandbox.ErrHostNotAllowed for a
	// refused delivery; nil when the host answered, whatever the status.
	Err error
	// Refused is set when nothing was sent because the host is not allowed.
	Refused bool
	// Duration is how long the attempt took, in real time whatever the
	// sandbox's Clock; 0 for a refused delivery.
	Duration time.Duration
}

// OK reports whether the host acknowledged the callback: answered 200, as
// the document requires ("HTTP/1.1 200 OK"); another 2xx is not.
func (e Event) OK() bool { return Acknowledged(e.HTTPStatus) }

// Acknowledged reports whether an HTTP status acknowledges a callback.
// The document says the merchant's server "must respond with: HTTP/1.1
// 200 OK", so only 200 does: a sandbox that took any 2xx would pass a
// host the gateway keeps retrying.
func Acknowledged(code int) bool { return code == 200 }

// Observer receives an [Event]; see sandbox.Options.Observer.
type Observer func(ctx context.Context, e Event)

// Attempt is one attempt to deliver a callback, as the sandbox's delivery
// log (Sandbox.Deliveries) records it.
type Attempt struct {
	// Time is when the attempt started, on the sandbox's clock.
	Time time.Time
	// Attempt counts from 1 within one delivery: 2 is its first retry.
	Attempt int
	// Kind says why the callback was sent.
	Kind Kind
	// Status is the transaction status the callback reports.
	Status smartcore.Status
	// URL is the callback_url.
	URL string
	// StatusCode is the host's HTTP status; 0 when there was no answer.
	StatusCode int
	// Err is why there was no answer (a transport error), or
	// sandbox.ErrHostNotAllowed for a refused delivery; nil when the host answered.
	Err error
	// Refused is set when nothing was sent because the host is not
	// allowed.
	Refused bool
	// Body is the form body that was (or would have been) sent, signed.
	// Card numbers in it are masked, as in every callback.
	Body string
	// Latency is how long the attempt took, in real time whatever the
	// sandbox's Clock; 0 when nothing was sent.
	Latency time.Duration
	// Answer is the start of the host's response body: at most
	// sandbox.AnswerPrefixBytes bytes, invalid UTF-8 replaced; "" without an answer.
	Answer string
}

// OK reports whether the host acknowledged the callback: answered 200,
// the document's "HTTP/1.1 200 OK". Any other status, 204 and the other
// 2xx included, is not an acknowledgement and is retried.
func (a Attempt) OK() bool { return Acknowledged(a.StatusCode) }
