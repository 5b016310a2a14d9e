package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
)

func TestMiddleware(t *testing.T) {
	valid := docBody()
	tests := []struct {
		name     string
		body     string
		method   string
		next     func(w http.ResponseWriter, r *http.Request)
		wantCode int
		wantNext bool
	}{
		{name: "valid reaches next with callback and body", body: valid, wantCode: 204, wantNext: true,
			next: func(w http.ResponseWriter, r *http.Request) {
				cb, ok := webhook.FromContext(r.Context())
				if !ok || cb.OrderID != "200004" {
					http.Error(w, "no callback", 500)
					return
				}
				b, _ := io.ReadAll(r.Body)
				if string(b) != valid {
					http.Error(w, "body changed", 500)
					return
				}
				w.WriteHeader(204)
			}},
		{name: "implicit 200", body: valid, wantCode: 200, wantNext: true,
			next: func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "done") }},
		{name: "bad signature", body: strings.Replace(valid, "currency=EUR", "currency=USD", 1), wantCode: 401},
		{name: "wrong method", body: valid, method: "DELETE", wantCode: 405},
		{name: "next fails", body: valid, wantCode: 503, wantNext: true,
			next: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}})
			require.NoError(t, err)
			reached := false
			next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				reached = true
				if tc.next != nil {
					tc.next(w, r)
				}
			})
			method := "POST"
			if tc.method != "" {
				method = tc.method
			}
			w := httptest.NewRecorder()
			mw(next).ServeHTTP(w, formRequest(method, "/cb", tc.body))
			require.Equal(t, tc.wantCode, w.Code, w.Body.String())
			require.Equal(t, tc.wantNext, reached)
		})
	}
}

func TestMiddlewareDeduplicates(t *testing.T) {
	mem := &dedup.Memory{}
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Deduplicator: mem})
	require.NoError(t, err)
	calls, fail := 0, true
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if fail {
			w.WriteHeader(500)
		}
	}))
	codes := []int{}
	for range 3 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
		codes = append(codes, w.Code)
		fail = false
	}
	// The failed first delivery was released, the retry processed, the third acknowledged.
	require.Equal(t, []int{500, 200, 200}, codes)
	require.Equal(t, 2, calls)
}

func TestHandlerDeduplicates(t *testing.T) {
	mem := &dedup.Memory{}
	host := &recorder{err: errors.New("first attempt fails")}
	h, err := webhook.New(host, webhook.Options{Secrets: []string{secret}, Deduplicator: mem})
	require.NoError(t, err)
	serve := func() int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
		return w.Code
	}
	require.Equal(t, 500, serve())
	require.Equal(t, 0, mem.Len(), "a failed callback is released")
	host.err = nil
	require.Equal(t, 200, serve())
	require.Equal(t, 200, serve())
	require.Equal(t, 200, serve())
	require.Equal(t, int32(2), host.calls.Load(), "processed once after the failure")
	require.Equal(t, 1, mem.Len())
}

type failingDedup struct{}

func (failingDedup) Claim(context.Context, string) (dedup.Claim, error) {
	return dedup.Claim{}, errors.New("redis down")
}
func (failingDedup) Complete(context.Context, string, string) error { return nil }
func (failingDedup) Release(context.Context, string, string) error  { return nil }

func TestHandlerDeduplicatorErrorIs500(t *testing.T) {
	host := &recorder{}
	h, err := webhook.New(host, webhook.Options{Secrets: []string{secret}, Deduplicator: failingDedup{}})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
	require.Equal(t, 500, w.Code)
	require.Zero(t, host.calls.Load())
}

func TestContextRoundTrip(t *testing.T) {
	_, ok := webhook.FromContext(context.Background())
	require.False(t, ok)
	cb := &smartcore.Callback{OrderID: "x"}
	got, ok := webhook.FromContext(webhook.NewContext(context.Background(), cb))
	require.True(t, ok)
	require.Same(t, cb, got)
}

// A handler that aborts the response (http.ErrAbortHandler) acknowledged
// nothing: its claim must be released so that the gateway's retry is
// processed.
func TestAbortReleasesTheClaim(t *testing.T) {
	mem := &dedup.Memory{}
	calls := 0
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
		calls++
		if calls == 1 {
			panic(http.ErrAbortHandler)
		}
		return nil
	}), webhook.Options{Secrets: []string{secret}, Deduplicator: mem})
	require.NoError(t, err)
	require.PanicsWithValue(t, http.ErrAbortHandler, func() {
		h.ServeHTTP(httptest.NewRecorder(), formRequest("POST", "/cb", docBody()))
	})
	require.Equal(t, 0, mem.Len())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
	require.Equal(t, 200, w.Code)
	require.Equal(t, 2, calls)

	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Deduplicator: mem})
	require.NoError(t, err)
	aborting := mw(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	other := withDoc(func(v url.Values) { v.Set("orderId", "other") })
	require.Panics(t, func() { aborting.ServeHTTP(httptest.NewRecorder(), formRequest("POST", "/cb", other)) })
	require.Equal(t, 1, mem.Len(), "only the earlier, processed callback stays claimed")
}

// A framework may render the answer through the writer it gave the next
// handler after the middleware returned (echo.WrapMiddleware renders a
// handler's error so): that answer must reach the client as written.
func TestMiddlewareLetsLaterWritesThrough(t *testing.T) {
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	var inner http.ResponseWriter
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mw(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { inner = w })).ServeHTTP(w, r)
		inner.WriteHeader(http.StatusInternalServerError)
		_, _ = inner.Write([]byte("database down"))
	})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.Equal(t, "database down", w.Body.String())
}

// The same after a panic: a recoverer inside the framework (echo's
// Recover) renders its 500 through the writer the handler had, and what
// the handler wrote before panicking is dropped.
func TestMiddlewareLetsARecoverersAnswerThrough(t *testing.T) {
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	var inner http.ResponseWriter
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if recover() != nil {
				inner.WriteHeader(http.StatusInternalServerError)
				_, _ = inner.Write([]byte("internal error"))
			}
		}()
		mw(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			inner = w
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte("half"))
			panic("database down")
		})).ServeHTTP(w, r)
	})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.Equal(t, "internal error", w.Body.String())
}

// A flush that did not happen (a writer in between that cannot flush)
// sends nothing: a panic after it must release the key, not complete it.
func TestMiddlewareFailedFlushIsNotSent(t *testing.T) {
	mem := &dedup.Memory{}
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Deduplicator: mem})
	require.NoError(t, err)
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		_, _ = w.Write([]byte("OK")) // a short body after it still waits in a buffer
		panic("late")
	})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() { _ = recover() }()
		mw(next).ServeHTTP(noFlush{w}, r) // hides the server's Flush
	})
	h.ServeHTTP(httptest.NewRecorder(), formRequest("POST", "/cb", docBody()))
	require.Equal(t, 0, mem.Len(), "released: nothing reached the gateway")
}

// noFlush is a ResponseWriter wrapper with neither Flush nor Unwrap.
type noFlush struct{ w http.ResponseWriter }

func (n noFlush) Header() http.Header         { return n.w.Header() }
func (n noFlush) Write(b []byte) (int, error) { return n.w.Write(b) }
func (n noFlush) WriteHeader(code int)        { n.w.WriteHeader(code) }

// A handler that hijacks after writing has its answer sent first, as
// net/http sends it without the middleware.
func TestMiddlewareHijackSendsWhatWasWritten(t *testing.T) {
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	srv := httptest.NewServer(mw(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("OK"))
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	})))
	defer srv.Close()
	res, err := http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader(docBody()))
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
}

// Behind a writer that cannot flush, or one that buffers everything
// (http.TimeoutHandler), a panic after a 200 must leave the gateway
// without a 200 and the key released, served for real.
func TestMiddlewarePanicBehindBufferingWriters(t *testing.T) {
	for _, tc := range []struct {
		name string
		wrap func(http.Handler) http.Handler
		body int
	}{
		{"no flush, short body", hideFlush, 0},
		{"no flush, 3 KiB", hideFlush, 3 << 10},
		{"TimeoutHandler, 70 KiB", func(h http.Handler) http.Handler { return http.TimeoutHandler(h, 5*time.Second, "timeout") }, 70 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := &dedup.Memory{}
			mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Deduplicator: mem})
			require.NoError(t, err)
			next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusOK)
				if f, ok := w.(http.Flusher); ok {
					f.Flush()
				}
				_, _ = w.Write(bytes.Repeat([]byte("x"), tc.body))
				panic("late")
			})
			recovering := func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					defer func() {
						if recover() != nil {
							http.Error(w, "internal error", http.StatusInternalServerError)
						}
					}()
					h.ServeHTTP(w, r)
				})
			}
			srv := httptest.NewServer(recovering(tc.wrap(mw(next))))
			defer srv.Close()
			res, err := http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader(docBody()))
			if err == nil {
				res.Body.Close()
				require.NotEqual(t, http.StatusOK, res.StatusCode, "the gateway read a 200")
			}
			require.Equal(t, 0, mem.Len(), "released")
		})
	}
}

// hideFlush serves h through a writer with neither Flush nor Unwrap.
func hideFlush(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(noFlush{w}, r) })
}
