package checkout

import (
	"context"
	"net/http"
	"time"

	"github.com/smartcorekit/smartcore"
)

// Event describes one request a handler of this package answered, for
// Options.Observer. It carries no card data, wallet token, DPAN, URL or
// customer field.
type Event struct {
	// Handler names what answered: HandlerForm ([New]), HandlerWallet
	// ([NewWalletHandler]) or HandlerResponder ([Responder]).
	Handler string
	// Step is where the customer was sent; "" when the request failed.
	Step Step
	// Status is the payment status the gateway reported; meaningful only
	// when Step is set.
	Status smartcore.Status
	// HTTPStatus is the status answered on success (303 for a redirect, 200
	// for a page or the wallet's JSON) and [StatusCode] of Err on failure,
	// which is what the default error handler answers.
	HTTPStatus int
	// OrderID is the order's id as Build (or the card request) gave it, ""
	// before that is known.
	OrderID string
	// Err is the failure, as the error handler received it; nil on success.
	// Its text is what the default error handler logs: the gateway's words
	// scrubbed by the client, field names, never card data.
	Err error
	// Duration runs from the request's arrival at the handler (for
	// Responder.Respond, from Respond's call) to its answer, the gateway
	// call included.
	Duration time.Duration
}

// The values of Event.Handler.
const (
	HandlerForm      = "form"
	HandlerWallet    = "wallet"
	HandlerResponder = "responder"
)

// startKey holds, in a request's context, when a handler began with it.
// It is set only when there is an observer.
type startKey struct{}

// begin marks r's start for the observer; without one it returns r as is.
func (s *settings) begin(r *http.Request) *http.Request {
	if s.observer == nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), startKey{}, time.Now()))
}

// observe completes e from r's context and hands it to the observer.
func (s *settings) observe(r *http.Request, e Event) {
	ctx := r.Context()
	e.Handler = s.handler
	if o, ok := OrderFromContext(ctx); ok {
		e.OrderID = o.OrderID
	}
	if start, ok := ctx.Value(startKey{}).(time.Time); ok {
		e.Duration = time.Since(start)
	}
	s.observer(ctx, e)
}

// observed returns onError followed by telling the observer of the
// failure; without an observer, onError itself.
func (s *settings) observed(onError func(http.ResponseWriter, *http.Request, error)) func(http.ResponseWriter, *http.Request, error) {
	if s.observer == nil {
		return onError
	}
	return func(w http.ResponseWriter, r *http.Request, err error) {
		onError(w, r, err)
		s.observe(r, Event{HTTPStatus: StatusCode(err), Err: err})
	}
}

// observeStep tells the observer the customer was sent to n's step with
// the given status.
func (s *settings) observeStep(r *http.Request, n Next, status int) {
	if s.observer != nil {
		s.observe(r, Event{Step: n.Step, Status: n.Status, HTTPStatus: status})
	}
}
