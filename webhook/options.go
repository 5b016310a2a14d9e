package webhook

import (
	"context"
	"errors"
	"log/slog"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
)

// DefaultMaxBodyBytes is the body limit when Options.MaxBodyBytes is zero.
// A real callback is well under 2 KiB.
const DefaultMaxBodyBytes = 64 << 10

// Options configures [New] and [Middleware].
type Options struct {
	// Secrets are the merchant's secrets. A callback signed with any of them
	// is accepted, so a new secret can be added before the gateway switches
	// to it and the old one removed after. Required: none, or an empty one,
	// is a construction error.
	Secrets []string

	// MaxBodyBytes caps the body; a larger one is answered 413.
	// Default: DefaultMaxBodyBytes (64 KiB).
	MaxBodyBytes int64

	// Logger receives a line for every rejected request and every failure of
	// the application, with the reason but never the secret or a value of
	// the body. Default: nothing is logged.
	Logger *slog.Logger

	// Deduplicator, when set, makes sure a redelivered callback is not
	// handed to the application again where the protocol can tell it is
	// one, that a callback it cannot tell from a second event is handed
	// over flagged ([RepeatFromContext]; see [Classify]), and that a
	// redelivery is acknowledged only after the first delivery completed
	// (see [dedup.Deduplicator] for the contract).
	// Default: none (every verified delivery is handed over).
	Deduplicator dedup.Deduplicator

	// DedupKey names a callback's identity for the Deduplicator; give the
	// same function to reconcile's Options.Key. A key of "" is an error:
	// the callback is answered 500 and logged. Default: IdempotencyKey
	// (type, order id and status for a final status; a hash of the signed
	// values otherwise).
	DedupKey func(*smartcore.Callback) string

	// Observer, when set, is called once per request, after it was
	// answered, with what became of it (see [Event]), for metrics and
	// traces; package smartcoreotel provides one for OpenTelemetry. It runs
	// on the request's goroutine with the request's context, so it must be
	// quick and safe for concurrent use.
	// Default: nil, and nothing is measured.
	Observer func(ctx context.Context, e Event)
}

// CallbackHandler is the application's side: it processes a verified
// callback. Returning an error answers the gateway 500 so that it retries.
type CallbackHandler interface {
	// HandleCallback processes the verified callback cb. Returning an
	// error answers the gateway 500 so that it retries.
	HandleCallback(ctx context.Context, cb *smartcore.Callback) error
}

// CallbackHandlerFunc adapts a function to [CallbackHandler].
type CallbackHandlerFunc func(ctx context.Context, cb *smartcore.Callback) error

// HandleCallback calls f(ctx, cb).
func (f CallbackHandlerFunc) HandleCallback(ctx context.Context, cb *smartcore.Callback) error {
	return f(ctx, cb)
}

// settings is Options with defaults applied and the verifier built.
type settings struct {
	verifier *Verifier
	maxBody  int64
	logger   *slog.Logger
	dedup    dedup.Deduplicator
	dedupKey func(*smartcore.Callback) string
	observer func(context.Context, Event)
}

func (o Options) settings() (*settings, error) {
	v, err := NewVerifier(o.Secrets...)
	if err != nil {
		return nil, err
	}
	s := &settings{verifier: v, maxBody: o.MaxBodyBytes, logger: o.Logger, dedup: o.Deduplicator, dedupKey: o.DedupKey, observer: o.Observer}
	if s.maxBody < 0 {
		return nil, errors.New("webhook: negative MaxBodyBytes")
	}
	if s.maxBody == 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.dedupKey == nil {
		s.dedupKey = IdempotencyKey
	}
	return s, nil
}
