package webhook

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
)

// retryAfterSeconds is what a duplicate of a callback still being processed
// is told to wait: long enough for a typical handler to finish.
const retryAfterSeconds = "5"

// claim is one callback's hold on its Deduplicator key. The zero value
// (no Deduplicator configured) does nothing.
type claim struct {
	s     *settings
	key   string
	token string // proves the hold to Complete and Release
}

// errEmptyKey is the error of a callback whose DedupKey returned "": one
// key shared by every such callback would acknowledge all but the first
// unread.
var errEmptyKey = errors.New("webhook: Options.DedupKey returned an empty key")

// claim asks the Deduplicator about cb and applies [Classify], answering
// the request itself when the callback must not reach the application: 200
// for a certain redelivery, 409 for one being processed now, 500 when the
// Deduplicator fails or the key is empty, and telling the observer (start
// is when the request's handling began). It returns ctx, marked
// ([WithRepeat]) when the callback is a possible repeat, and reports
// whether to go on. A possible repeat whose own key is done holds no
// claim: the key stays done whatever the application answers.
func (s *settings) claim(ctx context.Context, w http.ResponseWriter, cb *smartcore.Callback, start time.Time) (context.Context, claim, bool) {
	if s.dedup == nil {
		return ctx, claim{}, true
	}
	attrs := []slog.Attr{slog.String("order_id", cb.OrderID), slog.Int("status", int(cb.Status))}
	key := s.dedupKey(cb)
	if key == "" {
		s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: "+errEmptyKey.Error()+"; answered 500", attrs...)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		s.observe(ctx, start, cb, Event{Outcome: EventDeduplicatorError, HTTPStatus: http.StatusInternalServerError, Err: errEmptyKey})
		return ctx, claim{}, false
	}
	got, err := s.dedup.Claim(ctx, key)
	seen := SeenNew
	if err == nil && (got.State == dedup.KeyNew || got.State == dedup.KeyDone) {
		seen, err = Classify(ctx, cb, got.State == dedup.KeyDone, s.dedupKey, ProcessedIn(s.dedup))
		if err != nil && got.State == dedup.KeyNew {
			claim{s: s, key: key, token: got.Token}.release(ctx, cb)
		}
	}
	switch {
	case err != nil && !errors.Is(err, ErrInFlight):
		s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: deduplicator failed",
			append(attrs, slog.Any("error", err))...)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		s.observe(ctx, start, cb, Event{Outcome: EventDeduplicatorError, HTTPStatus: http.StatusInternalServerError, Err: err})
		return ctx, claim{}, false
	case err != nil || (got.State != dedup.KeyNew && got.State != dedup.KeyDone):
		// In flight elsewhere (this key, or one Classify looked up): that
		// delivery may still fail, so this one is not acknowledged; the
		// gateway's retry will find the key settled.
		s.logger.LogAttrs(ctx, slog.LevelInfo, "smartcore webhook: callback in flight, asked to retry", attrs...)
		w.Header().Set("Retry-After", retryAfterSeconds)
		http.Error(w, "callback is being processed; retry later", http.StatusConflict)
		s.observe(ctx, start, cb, Event{Outcome: EventInFlight, HTTPStatus: http.StatusConflict})
		return ctx, claim{}, false
	case seen == SeenRedelivery:
		s.logger.LogAttrs(ctx, slog.LevelInfo, "smartcore webhook: duplicate callback acknowledged", attrs...)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(okBody)
		s.observe(ctx, start, cb, Event{Outcome: EventDuplicate, HTTPStatus: http.StatusOK})
		return ctx, claim{}, false
	}
	if seen == SeenMaybe {
		s.logger.LogAttrs(ctx, slog.LevelInfo, "smartcore webhook: possible repeat handed to the application", attrs...)
		ctx = WithRepeat(ctx)
	}
	if got.State == dedup.KeyDone {
		return ctx, claim{}, true
	}
	return ctx, claim{s: s, key: key, token: got.Token}, true
}

// SettleTimeout bounds a Deduplicator's Complete and Release. They run
// after the request's context may have ended, so they get a context of
// their own: a store that hangs must not hold the gateway's answer (or a
// goroutine) for ever. Past it the failure is logged like any other.
// Package reconcile settles its claims within the same time.
const SettleTimeout = 10 * time.Second

// settleTimeout is SettleTimeout, shortened by tests.
var settleTimeout = SettleTimeout

// settleContext is the context Complete and Release run with.
func settleContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
}

// claimLostMessage begins the warning for a Complete or Release that found
// the claim gone ([dedup.ErrClaimLost]).
const claimLostMessage = "smartcore webhook: deduplicator lease ended before the callback finished: raise the Deduplicator's lease"

// complete marks the key done after the application succeeded. A failure
// is only logged: the work was done and is acknowledged, and answering 500
// would make the retry process it again once the lease ran out.
func (c claim) complete(ctx context.Context, cb *smartcore.Callback) {
	if c.s == nil {
		return
	}
	// The gateway may have hung up; the work is done all the same.
	sctx, cancel := settleContext(ctx)
	defer cancel()
	err := c.s.dedup.Complete(sctx, c.key, c.token)
	switch {
	case errors.Is(err, dedup.ErrClaimLost):
		c.s.logger.LogAttrs(ctx, slog.LevelWarn, claimLostMessage+"; the callback was processed but its key is not marked done, so a redelivery may be processed again",
			slog.String("order_id", cb.OrderID))
	case err != nil:
		c.s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: deduplicator complete failed; a replay within the lease is refused, after it processed again",
			slog.String("order_id", cb.OrderID), slog.Any("error", err))
	}
}

// release frees the key after the application failed. A failure leaves the
// key held until its lease runs out, after which the retry is processed.
func (c claim) release(ctx context.Context, cb *smartcore.Callback) {
	if c.s == nil {
		return
	}
	// The request's context may be what ended; the release must still run.
	sctx, cancel := settleContext(ctx)
	defer cancel()
	err := c.s.dedup.Release(sctx, c.key, c.token)
	switch {
	case errors.Is(err, dedup.ErrClaimLost):
		c.s.logger.LogAttrs(ctx, slog.LevelWarn, claimLostMessage+"; another delivery may hold the key, so it is left to that one",
			slog.String("order_id", cb.OrderID))
	case err != nil:
		c.s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: deduplicator release failed; the retry waits for the lease",
			slog.String("order_id", cb.OrderID), slog.Any("error", err))
	}
}
