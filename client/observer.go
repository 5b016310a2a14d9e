package client

import (
	"context"
	"errors"
	"time"

	"github.com/smartcorekit/smartcore"
)

// CallEvent describes one finished call of a [Client] method, for the
// observer set with [WithObserver]. It names the endpoint and what came
// back, never a request or response body, a header or a credential.
type CallEvent struct {
	// Endpoint is the API path called, "/initPayment" or "/check".
	Endpoint string
	// PCI reports that the endpoint is served by the PCI DSS host.
	PCI bool
	// OrderID is the request's order_id ("" for Balance). It is the
	// merchant's own identifier, not card data.
	OrderID string
	// HTTPStatus is the status of the last answer received; 0 when none
	// came back (nothing sent, a transport failure).
	HTTPStatus int
	// Code is the error code of an *APIError refusal, "" otherwise. The
	// gateway may send codes the document does not list ([smartcore.ErrorCode.Known]).
	Code smartcore.ErrorCode
	// Err is what the call returned: nil, a validation error, a transport
	// error, an *APIError, or an *OutcomeUnknownError. The client's errors
	// are scrubbed of secrets and card data.
	Err error
	// Attempts is how many HTTP requests the call made: 1 plus its retries,
	// and 0 when nothing was sent (an invalid request, a context that ended
	// before the first attempt).
	Attempts int
	// Duration runs from the call's start to its return, validation,
	// rate-limit waits and retry waits included.
	Duration time.Duration
}

// OutcomeUnknown reports whether the call's outcome is not known: a
// state-changing call that may have been processed (errors.Is(Err,
// [ErrOutcomeUnknown])).
func (e CallEvent) OutcomeUnknown() bool { return errors.Is(e.Err, ErrOutcomeUnknown) }

// WithObserver makes the client call fn once per finished call of any of
// its methods (requests that fail validation included; a nil request or a
// nil client is not a call) with a [CallEvent]. fn runs on the caller's
// goroutine with the call's context before the method returns, so it must
// be quick and safe for concurrent use. Package smartcoreotel provides one
// for OpenTelemetry. A nil fn is an error; without this option nothing is
// measured.
func WithObserver(fn func(ctx context.Context, e CallEvent)) Option {
	return func(c *clientConfig) error {
		if fn == nil {
			return errors.New("WithObserver: nil func")
		}
		c.observer = fn
		return nil
	}
}

// callStats is what the attempts of one call report to its observer.
type callStats struct {
	attempts int
	status   int // the last answer's status
}

// observe hands the call's event to the observer, if any.
func (c *Client) observe(ctx context.Context, ep endpoint, orderID string, start time.Time, st callStats, err error) {
	if c.observer == nil {
		return
	}
	e := CallEvent{
		Endpoint: ep.path, PCI: ep.pci, OrderID: orderID, HTTPStatus: st.status,
		Err: err, Attempts: st.attempts, Duration: time.Since(start),
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		e.Code = apiErr.Code
	}
	c.observer(ctx, e)
}
