package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// fakeClock is a settable clock for dedup.Memory.Now.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock               { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func claim(m dedup.Deduplicator, k string) dedup.KeyState {
	return claimFull(m, k).State
}

func claimFull(m dedup.Deduplicator, k string) dedup.Claim {
	c, err := m.Claim(context.Background(), k)
	if err != nil {
		panic(err)
	}
	return c
}

// not be acknowledged: if the first then fails, nothing would retry it.
func TestRedeliveryDuringProcessingIsNotAcknowledged(t *testing.T) {
	for _, shape := range []string{"handler", "middleware"} {
		t.Run(shape, func(t *testing.T) {
			entered, finish := make(chan struct{}), make(chan error)
			var mu sync.Mutex
			var processed []error
			process := func() error {
				entered <- struct{}{}
				err := <-finish
				mu.Lock()
				processed = append(processed, err)
				mu.Unlock()
				return err
			}
			opts := webhook.Options{Secrets: []string{secret}, Deduplicator: &dedup.Memory{}}
			var h http.Handler
			if shape == "handler" {
				hh, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
					return process()
				}), opts)
				require.NoError(t, err)
				h = hh
			} else {
				mw, err := webhook.Middleware(opts)
				require.NoError(t, err)
				h = mw(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					if process() != nil {
						w.WriteHeader(http.StatusInternalServerError)
					}
				}))
			}
			serve := func() *httptest.ResponseRecorder {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
				return w
			}
			first := make(chan int)
			go func() { first <- serve().Code }()
			<-entered

			dup := serve()
			require.Equal(t, http.StatusConflict, dup.Code, "a duplicate of a callback in flight is not acknowledged")
			require.Equal(t, "5", dup.Header().Get("Retry-After"))

			finish <- errors.New("database down")
			require.Equal(t, http.StatusInternalServerError, <-first)

			// The gateway's retry is processed, and acknowledged once done.
			second := make(chan int)
			go func() { second <- serve().Code }()
			<-entered
			finish <- nil
			require.Equal(t, http.StatusOK, <-second)
			require.Equal(t, http.StatusOK, serve().Code, "processed before: acknowledged")
			require.Len(t, processed, 2)
		})
	}
}

func TestDeduplicatorCompleteFailureStillAcknowledges(t *testing.T) {
	var logs bytes.Buffer
	host := &recorder{}
	h, err := webhook.New(host, webhook.Options{Secrets: []string{secret}, Deduplicator: completeFails{},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
	require.Equal(t, 200, w.Code, "the work was done")
	require.Contains(t, logs.String(), "complete failed")
}

// A store that hangs must not hold the gateway's answer: Complete runs
// with a deadline even after the request's context has ended.
func TestHangingCompleteDoesNotHoldTheAnswer(t *testing.T) {
	defer webhook.SetSettleTimeout(50 * time.Millisecond)()
	var logs bytes.Buffer
	h, err := webhook.New(&recorder{}, webhook.Options{Secrets: []string{secret}, Deduplicator: completeHangs{},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	done := make(chan int)
	go func() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
		done <- w.Code
	}()
	select {
	case code := <-done:
		require.Equal(t, 200, code, "the work was done")
		require.Contains(t, logs.String(), "deadline exceeded")
	case <-time.After(10 * time.Second):
		t.Fatal("the answer waited for a hanging Complete")
	}
}

// completeHangs is a store whose Complete waits until its context ends.
type completeHangs struct{}

func (completeHangs) Claim(context.Context, string) (dedup.Claim, error) {
	return dedup.Claim{State: dedup.KeyNew, Token: "t"}, nil
}
func (completeHangs) Complete(ctx context.Context, _, _ string) error {
	<-ctx.Done()
	return ctx.Err()
}
func (completeHangs) Release(context.Context, string, string) error { return nil }

type completeFails struct{}

func (completeFails) Claim(context.Context, string) (dedup.Claim, error) {
	return dedup.Claim{State: dedup.KeyNew, Token: "t"}, nil
}
func (completeFails) Complete(context.Context, string, string) error { return errors.New("redis down") }
func (completeFails) Release(context.Context, string, string) error  { return nil }

func TestHandlerPanicLogsStackAndAnswers500(t *testing.T) {
	var logs bytes.Buffer
	mem := &dedup.Memory{}
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
		panic("boom")
	}), webhook.Options{Secrets: []string{secret}, Deduplicator: mem, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
	require.Equal(t, 500, w.Code)
	require.Contains(t, logs.String(), "boom")
	require.Contains(t, logs.String(), "TestHandlerPanicLogsStackAndAnswers500", "the stack is logged")
	require.Equal(t, 0, mem.Len(), "released")
}

// Served by a real server, so that 1xx responses go out as net/http sends
// them, behind an outer recoverer as Sentry or OpenTelemetry would be.
func TestMiddlewareSettlesOnTheFinalStatus(t *testing.T) {
	tests := []struct {
		name      string
		next      http.HandlerFunc
		wantPanic any
		wantCode  int            // 0: not checked (the connection may be cut)
		wantNo200 bool           // the gateway must not have read a 200
		wantState dedup.KeyState // of the callback's key afterwards
	}{
		{name: "103 then 200 completes", wantCode: 200, wantState: dedup.KeyDone,
			next: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(103); w.WriteHeader(200) }},
		{name: "103 then 500 releases", wantCode: 500, wantState: dedup.KeyNew,
			next: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(103); w.WriteHeader(500) }},
		{name: "103 then a body is an implicit 200", wantCode: 200, wantState: dedup.KeyDone,
			next: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(103); _, _ = w.Write([]byte("ok")) }},
		{name: "panic before answering releases and goes on", wantPanic: "boom", wantCode: 500, wantState: dedup.KeyNew,
			next: func(http.ResponseWriter, *http.Request) { panic("boom") }},
		{name: "panic after a buffered 200 releases: the gateway never got it", wantPanic: "late", wantState: dedup.KeyNew,
			next: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(200); panic("late") }},
		{name: "panic after a 200 and 5,000 bytes releases: nothing was sent", wantPanic: "late", wantNo200: true, wantState: dedup.KeyNew,
			// net/http alone sends the status once the body passes 2 KiB,
			// even on a panic.
			next: func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(200)
				_, _ = w.Write(bytes.Repeat([]byte("x"), 5000))
				panic("late")
			}},
		{name: "panic after a 200 and 100,000 bytes keeps the key: it was sent", wantPanic: "late", wantCode: 200, wantState: dedup.KeyDone,
			next: func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(200)
				_, _ = w.Write(bytes.Repeat([]byte("x"), 100_000))
				panic("late")
			}},
		{name: "a long answer after returning arrives whole", wantCode: 200, wantState: dedup.KeyDone,
			next: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("X-Kept", "yes")
				_, _ = w.Write(bytes.Repeat([]byte("x"), 100_000))
			}},
		{name: "panic after a flushed 200 keeps the acknowledged key", wantPanic: "late", wantState: dedup.KeyDone,
			next: func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(200)
				w.(http.Flusher).Flush()
				panic("late")
			}},
		{name: "panic after a flush through ResponseController keeps the key", wantPanic: "late", wantState: dedup.KeyDone,
			next: func(w http.ResponseWriter, _ *http.Request) {
				_, _ = w.Write([]byte("OK"))
				if err := http.NewResponseController(w).Flush(); err != nil {
					panic(err)
				}
				panic("late")
			}},
		{name: "abort before answering releases and goes on", wantPanic: http.ErrAbortHandler, wantCode: 500, wantState: dedup.KeyNew,
			next: func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := &dedup.Memory{}
			mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Deduplicator: mem})
			require.NoError(t, err)
			recovered := make(chan any, 1)
			outer := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					defer func() {
						p := recover()
						recovered <- p
						if p != nil {
							w.WriteHeader(500) // ignored when something was sent
						}
					}()
					next.ServeHTTP(w, r)
				})
			}
			srv := httptest.NewServer(outer(mw(tc.next)))
			defer srv.Close()
			res, err := http.Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader(docBody()))
			if tc.wantCode != 0 {
				require.NoError(t, err)
				require.Equal(t, tc.wantCode, res.StatusCode)
			}
			if tc.wantNo200 && err == nil {
				require.NotEqual(t, 200, res.StatusCode, "the gateway read a 200")
			}
			if err == nil {
				if tc.wantPanic == nil && tc.wantCode == 200 {
					body, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					if len(body) > 2 {
						require.Len(t, body, 100_000)
						require.Equal(t, "yes", res.Header.Get("X-Kept"))
					}
				}
				// Read to the end, as a gateway does: closing early would
				// make the server's writes fail while it is still sending.
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
			require.Equal(t, tc.wantPanic, <-recovered, "the panic reaches the outer recoverer")
			v, err := webhook.NewVerifier(secret)
			require.NoError(t, err)
			cb, err := v.Verify([]byte(docBody()))
			require.NoError(t, err)
			require.Equal(t, tc.wantState, claim(mem, webhook.IdempotencyKey(cb)))
		})
	}
}

func TestNewRefusesTypedNilHandlers(t *testing.T) {
	opts := webhook.Options{Secrets: []string{secret}}
	for name, h := range map[string]webhook.CallbackHandler{
		"nil":                      nil,
		"CallbackHandlerFunc(nil)": webhook.CallbackHandlerFunc(nil),
		"(*Router)(nil)":           (*webhook.Router)(nil),
	} {
		_, err := webhook.New(h, opts)
		require.Error(t, err, name)
	}
	_, err := webhook.New(&webhook.Router{}, opts)
	require.NoError(t, err)
}

func TestRouterHandleFuncNilRemovesTheRoute(t *testing.T) {
	var rt webhook.Router
	fallback := 0
	rt.Fallback = webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { fallback++; return nil })
	rt.HandleFunc(webhook.AnyType, webhook.AnyOutcome, func(context.Context, *smartcore.Callback) error {
		return errors.New("removed route called")
	})
	rt.HandleFunc(webhook.AnyType, webhook.AnyOutcome, nil)
	require.NoError(t, rt.HandleCallback(context.Background(), docCallback()), "no nil route to call")
	require.Equal(t, 1, fallback)
}

func TestIdempotencyKey(t *testing.T) {
	key := func(secret string, kv ...string) string {
		fields := make([]smartcore.Field, 0, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			fields = append(fields, smartcore.Field{Key: kv[i], Value: kv[i+1]})
		}
		v, err := webhook.NewVerifier(secret)
		require.NoError(t, err)
		cb, err := v.Verify([]byte(webhooktest.Encode(webhooktest.SignFields(secret, fields))))
		require.NoError(t, err)
		return webhook.IdempotencyKey(cb)
	}
	// A status that is not final is keyed on every signed value.
	base := []string{"orderId", "o1", "status", "1", "amount", "500", "type", "Payment", "message", "pending 1"}
	k := key(secret, base...)
	require.Len(t, k, 64)
	require.Equal(t, k, key("another secret", base...), "survives a secret rotation")
	require.NotEqual(t, k, key(secret, "orderId", "o1", "status", "1", "amount", "500", "type", "Payment", "message", "pending 2"))
	// Two status-1 callbacks differing only in authorize_status.
	require.NotEqual(t,
		key(secret, "orderId", "o1", "status", "1", "amount", "5", "authorize_status", "pending"),
		key(secret, "orderId", "o1", "status", "1", "amount", "5", "authorize_status", "authorized"))
	// Values regrouped around the signed string's unescaped '|' verify with
	// the same signature, so they are the same callback and must not be
	// processed again: "5|a|b|c|1" either way, or with a value dropped.
	regrouped := key(secret, "amount", "5", "orderId", "a", "p", "b|c", "status", "1")
	require.Equal(t, regrouped, key(secret, "amount", "5", "orderId", "a|b", "p", "c", "status", "1"))
	require.Equal(t, regrouped, key(secret, "amount", "5", "orderId", "a|b|c", "status", "1"))
	// A replay with an extra key renamed (same place in the sorted order)
	// verifies, and must be the same callback.
	require.Equal(t,
		key(secret, "orderId", "o", "status", "1", "amount", "5", "card_holder", "N/A"),
		key(secret, "orderId", "o", "status", "1", "amount", "5", "card_holdes", "N/A"))

	// A final status is keyed on type (lower-cased), order id and status
	// alone, so that a callback and a check answer meet.
	require.Equal(t, "state:7:payment:2:o1:2", key(secret, "orderId", "o1", "status", "2", "amount", "500", "type", "Payment", "message", "a"))
	require.Equal(t, "state:7:payment:2:o1:2", key("another secret", "orderId", "o1", "status", "2", "amount", "900", "type", "payment"))
	require.Equal(t, "state:7:payment:2:o1:-1", key(secret, "orderId", "o1", "status", "-1", "amount", "500", "type", "Payment"))
	require.Equal(t, "state:6:refund:2:o1:2", key(secret, "orderId", "o1", "status", "2", "amount", "500", "type", "Refund"))
	require.Equal(t, "state:0::2:o1:2", key(secret, "orderId", "o1", "status", "2", "amount", "500"), "no type")
	// Length prefixes keep ids with colons apart.
	require.NotEqual(t,
		key(secret, "type", "a", "orderId", "b:1:c", "status", "2", "amount", "5"),
		key(secret, "type", "a:1:b", "orderId", "c", "status", "2", "amount", "5"))
	require.Empty(t, webhook.IdempotencyKey(nil))
}

// A delivery that outlived its lease must not free the key of the delivery
// that took it over: the next redelivery waits (409) for that one instead
// of being processed a third time alongside it.
func TestStaleReleaseDoesNotFreeANewerClaim(t *testing.T) {
	var logs bytes.Buffer
	clock := newClock()
	var mu sync.Mutex
	mem := &dedup.Memory{Lease: time.Minute, Now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return clock.now()
	}}
	calls := 0
	bEntered, bFinish := make(chan struct{}), make(chan error)
	var h http.Handler
	serve := func() int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
		return w.Code
	}
	bCode := make(chan int, 1)
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		switch n {
		case 1: // A: runs past its lease while B takes the key, then fails
			mu.Lock()
			clock.add(2 * time.Minute)
			mu.Unlock()
			go func() { bCode <- serve() }()
			<-bEntered
			return errors.New("A failed")
		case 2: // B: still running when C arrives
			close(bEntered)
			return <-bFinish
		}
		return nil
	}), webhook.Options{Secrets: []string{secret}, Deduplicator: mem, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	require.NoError(t, err)

	require.Equal(t, http.StatusInternalServerError, serve(), "A failed")
	require.Equal(t, http.StatusConflict, serve(), "C waits for B, which still holds the key")
	bFinish <- nil
	require.Equal(t, http.StatusOK, <-bCode)
	require.Equal(t, http.StatusOK, serve(), "B completed the key")
	require.Equal(t, 2, calls, "C was never processed")
	require.Contains(t, logs.String(), "level=WARN")
	require.Contains(t, logs.String(), "raise the Deduplicator's lease")
}
