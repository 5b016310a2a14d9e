package webhook

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
)

// Middleware returns middleware that verifies a callback the way [New] does
// and, when it is valid, calls the next handler with the callback in the
// request context ([FromContext]) and the body readable again from the
// start. Rejected requests never reach the next handler.
//
// The next handler's status decides the outcome: 2xx acknowledges the
// callback; anything else, or a panic (answered 500 when nothing was written
// yet), releases it in the Deduplicator so that the gateway's retry is
// processed.
//
// It returns an error for the same Options as New.
func Middleware(opts Options) (func(http.Handler) http.Handler, error) {
	s, err := opts.settings()
	if err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			raw, err := readBody(w, r, s.maxBody)
			if err != nil {
				s.reject(w, r, err)
				return
			}
			// raw is only read from now on (the next handler gets it through
			// a bytes.Reader), so the callback may share it.
			cb, err := s.verifier.verifyOwned(raw)
			if err != nil {
				s.reject(w, r, err)
				return
			}
			ctx := r.Context()
			claimed, ok := s.claim(ctx, w, cb)
			if !ok {
				return
			}
			r = r.WithContext(NewContext(ctx, cb))
			r.Body = io.NopCloser(bytes.NewReader(raw))
			r.ContentLength = int64(len(raw))
			rec := &statusRecorder{ResponseWriter: w}
			defer func() {
				p := recover()
				if p == nil && rec.status >= 200 && rec.status < 300 {
					return
				}
				s.release(ctx, cb, claimed)
				if p == nil {
					return
				}
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: next handler panicked",
					slog.String("order_id", cb.OrderID), slog.Any("panic", p))
				if rec.status == 0 {
					http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(rec, r)
			if rec.status == 0 {
				rec.status = http.StatusOK // net/http's implicit 200
			}
		})
	}, nil
}

// statusRecorder notes the status the next handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer's
// Flush, Hijack and deadlines.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
