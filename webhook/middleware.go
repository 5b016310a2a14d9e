package webhook

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// Middleware returns middleware that verifies a callback the way [New] does
// and, when it is valid, calls the next handler with the callback in the
// request context ([FromContext]) and the body readable again from the
// start. Rejected requests never reach the next handler; certain
// redeliveries are answered as New answers them, and a possible repeat
// reaches it with [RepeatFromContext] true in r.Context().
//
// The next handler's final status decides the outcome: 2xx acknowledges the
// callback and completes its Deduplicator key; anything else releases the
// key so that the gateway's retry is processed. Informational statuses
// (1xx, such as 103 Early Hints) are not final. The final status and the
// first 64 KiB of the body are held back until the next handler returns or
// flushes, so that a panic before then sends the gateway nothing: the panic
// releases the key, unless a 2xx had already gone out (a flush, or a longer
// body), and goes on up the stack so that an outer recoverer (Sentry,
// OpenTelemetry, net/http itself) sees it. A header set after WriteHeader
// but before the answer goes out goes out with it.
//
// It returns an error for the same Options as New.
func Middleware(opts Options) (func(http.Handler) http.Handler, error) {
	s, err := opts.settings()
	if err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := s.startTime()
			raw, err := readBody(w, r, s.maxBody, nil) // next reads it: not pooled
			if err != nil {
				s.reject(w, r, err, start)
				return
			}
			cb, err := s.verifier.Verify(raw)
			if err != nil {
				s.reject(w, r, err, start)
				return
			}
			ctx, c, ok := s.claim(r.Context(), w, cb, start)
			if !ok {
				return
			}
			r = r.WithContext(NewContext(ctx, cb))
			r.Body = io.NopCloser(bytes.NewReader(raw))
			r.ContentLength = int64(len(raw))
			rec := &statusRecorder{ResponseWriter: w}
			returned := false
			defer func() {
				if returned {
					return
				}
				// next panicked. The panic is not recovered, so it goes on
				// up with its stack intact; only the key is settled here. A
				// status still held back never reaches the gateway.
				sent := 0
				if rec.reached {
					sent = rec.status
				}
				s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: next handler panicked",
					slog.String("order_id", cb.OrderID), slog.Int("sent_status", sent))
				settle(ctx, c, cb, sent)
				// What was held is dropped; an outer recoverer that renders
				// its 500 through this writer must reach the client.
				rec.discard()
				s.observe(ctx, start, cb, Event{Outcome: settledOutcome(sent), HTTPStatus: sent, Err: errNextPanicked})
			}()
			next.ServeHTTP(rec, r)
			returned = true
			status := rec.status
			if status == 0 {
				status = http.StatusOK // net/http's implicit 200
			}
			// The key is settled before the answer goes out, so that a
			// retry after it finds the key done.
			settle(ctx, c, cb, status)
			if err := rec.finish(); err != nil {
				s.logger.LogAttrs(ctx, slog.LevelWarn, "smartcore webhook: answer not delivered",
					slog.String("order_id", cb.OrderID), slog.Any("error", err))
			}
			s.observe(ctx, start, cb, Event{Outcome: settledOutcome(status), HTTPStatus: status})
		})
	}, nil
}

// settle completes the key when the final status sent acknowledged the
// callback, and releases it otherwise (0: nothing was sent).
func settle(ctx context.Context, c claim, cb *smartcore.Callback, status int) {
	if acknowledged(status) {
		c.complete(ctx, cb)
	} else {
		c.release(ctx, cb)
	}
}

// acknowledged reports whether the final status the next handler sent
// acknowledges the callback to the gateway.
func acknowledged(status int) bool { return status >= 200 && status < 300 }

// settledOutcome is the event outcome of a callback the next handler
// answered with status (0: nothing was sent).
func settledOutcome(status int) EventOutcome {
	if acknowledged(status) {
		return EventProcessed
	}
	return EventHandlerError
}

// maxHeld is how much of the next handler's body statusRecorder holds back.
// It is well over the 2 KiB that net/http itself buffers before it sends
// the status, so whatever passes through is as good as sent.
const maxHeld = 64 << 10

// statusRecorder notes the final status the next handler answered with and
// holds it back, with the start of the body, until the handler returns,
// flushes or writes more than maxHeld: a handler that panics before then
// has sent nothing. (net/http alone cannot promise that: past 2 KiB of body
// it has written the status, and sends it even on a panic.)
type statusRecorder struct {
	http.ResponseWriter
	status  int
	held    []byte
	passed  bool // the status went to the ResponseWriter
	through int  // body bytes handed to the ResponseWriter
	reached bool // the status will reach the client even if the handler panics
}

func (r *statusRecorder) WriteHeader(code int) {
	switch {
	case code < 200:
		// 1xx responses (100 Continue, 103 Early Hints) may precede the
		// final one, decide nothing, and go out at once.
		r.ResponseWriter.WriteHeader(code)
	case r.passed:
		r.ResponseWriter.WriteHeader(code) // superfluous: net/http logs it
	case r.status == 0:
		r.status = code
	}
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if !r.passed && len(r.held)+len(b) <= maxHeld {
		r.held = append(r.held, b...)
		return len(b), nil
	}
	if err := r.pass(); err != nil {
		return 0, err
	}
	n, err := r.ResponseWriter.Write(b)
	r.through += n
	if !r.reached && r.through > maxHeld {
		// A writer in between may buffer it all (http.TimeoutHandler
		// does): only a flush that happens sends the status for sure.
		r.reached = http.NewResponseController(r.ResponseWriter).Flush() == nil
	}
	return n, err
}

// pass hands the held status and body to the ResponseWriter, once. A
// handler that wrote nothing has nothing to pass: the answer is left to
// whatever wraps the middleware, or to net/http's implicit 200.
func (r *statusRecorder) pass() error {
	if r.passed || r.status == 0 {
		return nil
	}
	r.passed = true
	r.ResponseWriter.WriteHeader(r.status)
	held := r.held
	r.held = nil
	if len(held) == 0 {
		return nil
	}
	n, err := r.ResponseWriter.Write(held)
	r.through += n
	return err
}

// finish passes what is held and lets whatever is written later through,
// so that nothing written to this writer is lost. The key was settled on
// the status the handler had answered when it returned: a framework that
// renders a handler's error only after that (echo.WrapMiddleware) needs the
// kit's adapter, which renders it in time.
func (r *statusRecorder) finish() error {
	err := r.pass()
	r.passed = true
	return err
}

// discard drops what is held and lets whatever is written later through.
func (r *statusRecorder) discard() {
	if !r.passed {
		r.status, r.held = 0, nil
	}
	r.passed = true
}

// Flush sends what was written so far, implementing http.Flusher. From
// then on the status has reached the client, even if the handler panics.
func (r *statusRecorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	// Behind a writer that cannot flush, the answer stays held: handed
	// on, it would wait in a buffer that a recoverer's answer or a panic
	// may or may not replace.
	if !supports[http.Flusher](r.ResponseWriter) && !supports[interface{ FlushError() error }](r.ResponseWriter) {
		return
	}
	if r.pass() == nil && http.NewResponseController(r.ResponseWriter).Flush() == nil {
		r.reached = true
	}
}

// Hijack passes what is held and hands the connection over, as net/http
// sends what was written before a hijack. It implements http.Hijacker,
// returning the underlying writer's error when it cannot hijack.
func (r *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if !supports[http.Hijacker](r.ResponseWriter) {
		return nil, nil, http.ErrNotSupported // HTTP/2, or a writer that hides it
	}
	if err := r.pass(); err != nil {
		return nil, nil, err
	}
	conn, rw, err := http.NewResponseController(r.ResponseWriter).Hijack()
	if err == nil && r.status != 0 {
		r.reached = true
	}
	return conn, rw, err
}

// supports reports whether w, or a writer it wraps (Unwrap, as
// http.ResponseController follows it), implements I.
func supports[I any](w http.ResponseWriter) bool {
	for {
		if _, ok := w.(I); ok {
			return true
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return false
		}
		w = u.Unwrap()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer's
// Hijack and deadlines.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
