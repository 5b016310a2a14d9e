// Package conformance is one table of tests that every way of serving the
// kit's handlers must pass: plain net/http and each framework adapter
// (adapters/smartcoregin, smartcoreecho, smartcoreechov4), and chi
// (adapters/chiexample), which mounts the core as it is. Each case sends
// the same request to the core net/http handler and to the framework's
// stack, and requires the same answer — status, the headers that carry
// meaning (Allow, Location, Content-Type, Retry-After) and, where it is
// deterministic, the body — and that a rejected request never reaches the
// handler behind a middleware.
//
// Adapters differ from net/http in ways that are easy to get wrong and that
// only show up in such a comparison: a middleware that answers but lets the
// framework's chain go on, a request context that the framework's handler
// never sees, a framework error that the kit takes for a success, or a
// client address taken from a header anyone can send. The cases here are
// written once so that every adapter is held to the same answers.
//
// The package is imported by tests only: it depends on package testing.
package conformance

import (
	"net/http"
	"net/netip"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/ratelimit"
	"github.com/smartcorekit/smartcore/validate"
	"github.com/smartcorekit/smartcore/webhook"
)

// Path is where every stack a Harness builds is served. Stacks must accept
// every method there (gin's Any, echo's Any, a method-less ServeMux
// pattern): the kit answers a wrong method itself (405 with Allow), and the
// cases check that answer rather than the framework's 404 or 405.
const Path = "/smartcore"

// Secret signs the synthetic callbacks.
const Secret = "qwerty"

// Harness builds a framework's stacks, each served at [Path], the way an
// application using that framework would. Every field is required.
// Builders fail t (t.Fatal) when the adapter refuses the options.
type Harness struct {
	// Name names the framework in sub-test names.
	Name string

	// Webhook serves the adapter's webhook handler for h.
	Webhook func(t testing.TB, h webhook.CallbackHandler, opts webhook.Options) http.Handler

	// WebhookMiddleware serves the adapter's webhook middleware in front of
	// a handler of the framework that reads the callback with the
	// adapter's accessor and the body from the request, reports them to
	// next, and answers as next's [Answer] says.
	WebhookMiddleware func(t testing.TB, opts webhook.Options, next func(Seen[smartcore.Callback]) Answer) http.Handler

	// Validate serves the adapter's validation middleware for
	// smartcore.RefundRequest in front of a handler built as for
	// WebhookMiddleware, reading the request with the adapter's accessor.
	Validate func(t testing.TB, opts validate.Options, next func(Seen[smartcore.RefundRequest]) Answer) http.Handler

	// Checkout serves the adapter's checkout (payment form) handler.
	Checkout func(t testing.TB, opts checkout.Options) http.Handler

	// RateLimit serves the adapter's rate limiting middleware in front of a
	// handler built as for WebhookMiddleware, reading the client address
	// the middleware decided with the adapter's accessor.
	RateLimit func(t testing.TB, opts ratelimit.Options, next func(Seen[netip.Addr]) Answer) http.Handler
}

// Seen is what the handler behind a middleware saw.
type Seen[T any] struct {
	Value *T     // what the adapter's accessor returned
	OK    bool   // the accessor's second result
	Body  []byte // the request body, read in full by the handler
}

// Answer is how the handler behind a middleware answers.
type Answer struct {
	// Status is written the framework's way (w.WriteHeader, c.Status,
	// c.NoContent) when Err is nil. Zero means 200.
	Status int
	// Err, when set, is reported the framework's way instead: returned
	// from an echo handler, c.AbortWithError(500, err) in gin, a 500 in
	// net/http. The kit must see it as a failure.
	Err error
	// PanicAfterWriting, when set, makes the handler write Status and a
	// short body the framework's way and then panic: the kit must not
	// acknowledge the callback although a 200 was written.
	PanicAfterWriting bool
}

// Code returns the status to write for a, 200 when unset.
func (a Answer) Code() int {
	if a.Status == 0 {
		return http.StatusOK
	}
	return a.Status
}
