package webhook

import (
	"context"
	"errors"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
)

// Event describes one request that [New]'s handler or [Middleware]
// answered, for Options.Observer. It carries what metrics and traces need
// and nothing of the body: no signature, no amount, no card mask, no
// customer field.
type Event struct {
	// Outcome is how the request ended.
	Outcome EventOutcome
	// Reason says why a request was rejected, for EventRejected only (""
	// otherwise). The set is closed and small, so it suits a metric
	// attribute: "method_not_allowed" (405), "unsupported_media_type"
	// (415), "body_too_large" (413), "malformed_body", "duplicate_key",
	// "invalid_callback" (a required field missing or malformed; these
	// three 400), "missing_signature", "malformed_signature",
	// "invalid_signature" (401), or "other" (500: an error the verifier
	// does not name).
	Reason string
	// HTTPStatus is the status answered: 200, 409, 500, the rejection's
	// status, or the next handler's final status behind Middleware. It is 0
	// when no response was written: the application panicked (Middleware)
	// or aborted with http.ErrAbortHandler.
	HTTPStatus int
	// OrderID, Status and Type are the verified callback's; they are zero
	// for a rejected request, whose values are not trusted.
	OrderID string
	Status  smartcore.Status          // the callback's transaction status
	Type    smartcore.TransactionType // the callback's transaction type
	// Repeat is true when the callback was handed to the application as a
	// possible repeat ([RepeatFromContext]): its identity was processed
	// before and the protocol cannot tell a second event from a
	// redelivery. Outcome is then EventProcessed or EventHandlerError, as
	// the application answered.
	Repeat bool
	// Duration runs from the start of the request's handling to its answer,
	// the application's work included.
	Duration time.Duration
	// Err is the cause: the verification error (which never carries a value
	// of the body) for EventRejected, the application's error, panic or
	// abort for EventHandlerError, the Deduplicator's error for
	// EventDeduplicatorError; nil otherwise. Behind Middleware, a non-2xx
	// answer without a panic has no error, only its HTTPStatus.
	Err error
}

// EventOutcome is how one request ended; see [Event].
type EventOutcome int

// The outcomes of an [Event]. Every outcome but EventRejected is a
// verified callback.
const (
	// EventProcessed: the application accepted the callback and it was
	// acknowledged (200, or the 2xx of the next handler behind Middleware).
	EventProcessed EventOutcome = iota + 1
	// EventRejected: the request failed verification and never reached
	// the application; Reason says why.
	EventRejected
	// EventDuplicate: the Deduplicator reports the callback processed
	// before; it was acknowledged (200) without reaching the application.
	EventDuplicate
	// EventInFlight: another delivery of the callback is being processed;
	// it was answered 409 with Retry-After.
	EventInFlight
	// EventHandlerError: the application failed (an error, a panic, an
	// abort, or a non-2xx answer behind Middleware); the gateway will retry.
	EventHandlerError
	// EventDeduplicatorError: the Deduplicator failed, or Options.DedupKey
	// returned ""; answered 500 so that the gateway retries.
	EventDeduplicatorError
)

// String returns "processed", "rejected", "duplicate", "in_flight",
// "handler_error", "deduplicator_error", or "unknown" for any other value;
// the names suit metric attributes.
func (o EventOutcome) String() string {
	switch o {
	case EventProcessed:
		return "processed"
	case EventRejected:
		return "rejected"
	case EventDuplicate:
		return "duplicate"
	case EventInFlight:
		return "in_flight"
	case EventHandlerError:
		return "handler_error"
	case EventDeduplicatorError:
		return "deduplicator_error"
	}
	return "unknown"
}

// The reasons of an EventRejected event (Event.Reason), each with the
// status it is answered with.
const (
	reasonMethodNotAllowed   = "method_not_allowed"     // 405
	reasonUnsupportedMedia   = "unsupported_media_type" // 415
	reasonBodyTooLarge       = "body_too_large"         // 413
	reasonMalformedBody      = "malformed_body"         // 400
	reasonDuplicateKey       = "duplicate_key"          // 400
	reasonInvalidCallback    = "invalid_callback"       // 400: a required field missing or malformed
	reasonMissingSignature   = "missing_signature"      // 401
	reasonMalformedSignature = "malformed_signature"    // 401
	reasonInvalidSignature   = "invalid_signature"      // 401
	reasonOther              = "other"                  // 500: an error the verifier does not name
)

// rejections maps each verification error to its reason and status, in
// the order they are tested: the one rule behind both the status a
// rejected request gets and the reason its event reports.
var rejections = []struct {
	err    error
	reason string
	status int
}{
	{errMethodNotAllowed, reasonMethodNotAllowed, 405},
	{errUnsupportedMediaType, reasonUnsupportedMedia, 415},
	{errBodyTooLarge, reasonBodyTooLarge, 413},
	{errMalformedBody, reasonMalformedBody, 400},
	{signing.ErrDuplicateKey, reasonDuplicateKey, 400},
	{smartcore.ErrInvalidCallback, reasonInvalidCallback, 400},
	{signing.ErrMissingSignature, reasonMissingSignature, 401},
	{signing.ErrMalformedSignature, reasonMalformedSignature, 401},
	{signing.ErrInvalidSignature, reasonInvalidSignature, 401},
}

// rejection returns the reason and the status for a verification error.
func rejection(err error) (string, int) {
	for _, r := range rejections {
		if errors.Is(err, r.err) {
			return r.reason, r.status
		}
	}
	return reasonOther, 500
}

// errNextPanicked is the Err of the event of a request whose next handler
// (behind Middleware) panicked; the panic itself goes on up the stack.
var errNextPanicked = errors.New("webhook: next handler panicked")

// startTime returns the time a request's handling starts, or the zero time
// when there is no observer to tell.
func (s *settings) startTime() time.Time {
	if s.observer == nil {
		return time.Time{}
	}
	return time.Now()
}

// observe completes e with cb's identity and the time since start, and
// hands it to the observer, if any. cb may be nil (a rejected request).
func (s *settings) observe(ctx context.Context, start time.Time, cb *smartcore.Callback, e Event) {
	if s.observer == nil {
		return
	}
	if cb != nil {
		e.OrderID, e.Status, e.Type = cb.OrderID, cb.Status, cb.Type
	}
	e.Repeat = RepeatFromContext(ctx)
	e.Duration = time.Since(start)
	s.observer(ctx, e)
}
