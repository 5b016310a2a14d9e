package webhook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/smartcorekit/smartcore"
)

// Handler is the http.Handler that receives callbacks; see [New].
type Handler struct {
	s    *settings
	next CallbackHandler
}

// New returns an http.Handler that verifies each callback and passes it to
// h. It answers 200 once h returned nil (or, with a Deduplicator, when the
// callback is certainly a redelivery; a possible repeat is passed to h
// flagged, see [RepeatFromContext]), 409 with Retry-After while another
// delivery of the same callback is being processed, 500 when h returns an
// error or panics (the stack is logged), and the statuses listed in the
// package doc for rejected requests, whose bodies carry no detail (that goes
// to Options.Logger).
//
// It returns an error when Options has no usable secret, when
// MaxBodyBytes is negative, or when h is nil, including a typed nil such as
// CallbackHandlerFunc(nil) or (*Router)(nil).
func New(h CallbackHandler, opts Options) (*Handler, error) {
	if isNil(h) {
		return nil, fmt.Errorf("webhook: nil CallbackHandler")
	}
	s, err := opts.settings()
	if err != nil {
		return nil, err
	}
	return &Handler{s: s, next: h}, nil
}

// isNil reports whether h is nil or an interface holding a nil pointer,
// func, map or the like, which would panic on its first callback.
func isNil(h CallbackHandler) bool {
	if h == nil {
		return true
	}
	switch v := reflect.ValueOf(h); v.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Map, reflect.Slice, reflect.Chan, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := h.s.startTime()
	cb, ok := h.s.verify(w, r, start)
	if !ok {
		return
	}
	ctx, c, ok := h.s.claim(r.Context(), w, cb, start)
	if !ok {
		return
	}
	err := h.call(ctx, cb)
	if err == nil {
		c.complete(ctx, cb)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(okBody)
		h.s.observe(ctx, start, cb, Event{Outcome: EventProcessed, HTTPStatus: http.StatusOK})
		return
	}
	c.release(ctx, cb)
	if err == errAborted {
		// The application aborted the response on purpose: nothing was
		// acknowledged, so the claim is released and the abort goes on.
		h.s.observe(ctx, start, cb, Event{Outcome: EventHandlerError, Err: http.ErrAbortHandler})
		panic(http.ErrAbortHandler)
	}
	h.s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: callback handler failed",
		slog.String("order_id", cb.OrderID), slog.Int("status", int(cb.Status)), slog.Any("error", err))
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
	h.s.observe(ctx, start, cb, Event{Outcome: EventHandlerError, HTTPStatus: http.StatusInternalServerError, Err: err})
}

var okBody = []byte("OK")

// errAborted reports that the application panicked with
// http.ErrAbortHandler, which must reach net/http once the claim is released.
var errAborted = errors.New("webhook: callback handler aborted the response")

// call runs the application's handler, turning a panic into an error (with
// the stack, for the log) so that the gateway is answered 500 and retries.
func (h *Handler) call(ctx context.Context, cb *smartcore.Callback) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				err = errAborted
				return
			}
			err = fmt.Errorf("webhook: callback handler panicked: %v\n%s", p, debug.Stack())
		}
	}()
	return h.next.HandleCallback(ctx, cb)
}

// verify reads and checks the request, answering it itself when it is
// rejected. start is when the request's handling began, for the observer.
func (s *settings) verify(w http.ResponseWriter, r *http.Request, start time.Time) (*smartcore.Callback, bool) {
	buf := getBodyBuffer()
	body, err := readBody(w, r, s.maxBody, *buf)
	var cb *smartcore.Callback
	if err == nil {
		// The verifier copies body into the callback's own string, so the
		// buffer can go back to the pool once it returns.
		cb, err = s.verifier.Verify(body)
	}
	putBodyBuffer(buf, body)
	if err != nil {
		s.reject(w, r, err, start)
		return nil, false
	}
	return cb, true
}

// reject answers a request that failed verification, logs why and tells
// the observer.
func (s *settings) reject(w http.ResponseWriter, r *http.Request, err error, start time.Time) {
	reason, code := rejection(err)
	if code == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	s.logger.LogAttrs(r.Context(), slog.LevelWarn, "smartcore webhook: rejected request",
		slog.Int("code", code), slog.String("reason", err.Error()),
		slog.String("remote_addr", r.RemoteAddr))
	http.Error(w, http.StatusText(code), code)
	s.observe(r.Context(), start, nil, Event{Outcome: EventRejected, Reason: reason, HTTPStatus: code, Err: err})
}
