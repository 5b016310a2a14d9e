package webhook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// Handler is the http.Handler that receives callbacks; see [New].
type Handler struct {
	s    *settings
	next CallbackHandler
}

// New returns an http.Handler that verifies each callback and passes it to
// h. It answers 200 once h returned nil (or the Deduplicator says the
// callback was processed before), 500 when h returns an error or panics, and
// the statuses listed in the package doc for rejected requests, whose bodies
// carry no detail (that goes to Options.Logger).
//
// It returns an error when Options has no usable secret, when
// MaxBodyBytes is negative, or when h is nil.
func New(h CallbackHandler, opts Options) (*Handler, error) {
	if h == nil {
		return nil, fmt.Errorf("webhook: nil CallbackHandler")
	}
	s, err := opts.settings()
	if err != nil {
		return nil, err
	}
	return &Handler{s: s, next: h}, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cb, ok := h.s.verify(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	claimed, ok := h.s.claim(ctx, w, cb)
	if !ok {
		return
	}
	err := h.call(ctx, cb)
	if err != nil {
		h.s.release(ctx, cb, claimed)
	}
	if err == errAborted {
		// The application aborted the response on purpose: nothing was
		// acknowledged, so the claim is released above and the abort goes on.
		panic(http.ErrAbortHandler)
	}
	if err != nil {
		h.s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: callback handler failed",
			slog.String("order_id", cb.OrderID), slog.Int("status", int(cb.Status)), slog.Any("error", err))
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(okBody)
}

var okBody = []byte("OK")

// errAborted reports that the application panicked with
// http.ErrAbortHandler, which must reach net/http once the claim is released.
var errAborted = errors.New("webhook: callback handler aborted the response")

// call runs the application's handler, turning a panic into an error so
// that the gateway is answered 500 and retries.
func (h *Handler) call(ctx context.Context, cb *smartcore.Callback) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				err = errAborted
				return
			}
			err = fmt.Errorf("webhook: callback handler panicked: %v", p)
		}
	}()
	return h.next.HandleCallback(ctx, cb)
}

// verify reads and checks the request, answering it itself when it is
// rejected.
func (s *settings) verify(w http.ResponseWriter, r *http.Request) (*smartcore.Callback, bool) {
	body, err := readBody(w, r, s.maxBody)
	var cb *smartcore.Callback
	if err == nil {
		cb, err = s.verifier.verifyOwned(body)
	}
	if err != nil {
		s.reject(w, r, err)
		return nil, false
	}
	return cb, true
}

// reject answers a request that failed verification and logs why.
func (s *settings) reject(w http.ResponseWriter, r *http.Request, err error) {
	code := statusFor(err)
	if code == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	s.logger.LogAttrs(r.Context(), slog.LevelWarn, "smartcore webhook: rejected request",
		slog.Int("code", code), slog.String("reason", err.Error()),
		slog.String("remote_addr", r.RemoteAddr))
	http.Error(w, http.StatusText(code), code)
}
