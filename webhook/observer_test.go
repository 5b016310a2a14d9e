package webhook_test

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
)

// events collects what an Observer is told. With a real server the
// observer runs after the answer went out, so tests wait for each event.
type events chan webhook.Event

func (c events) observe(_ context.Context, e webhook.Event) { c <- e }

func (c events) next(t *testing.T) webhook.Event {
	t.Helper()
	select {
	case e := <-c:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
		return webhook.Event{}
	}
}

// inFlightDedup always reports another delivery holding the key.
type inFlightDedup struct{}

func (inFlightDedup) Claim(context.Context, string) (dedup.Claim, error) {
	return dedup.Claim{State: dedup.KeyInFlight}, nil
}
func (inFlightDedup) Complete(context.Context, string, string) error { return nil }
func (inFlightDedup) Release(context.Context, string, string) error  { return nil }

// noSecrets fails the test when an event carries the secret, the
// signature, the card mask or the body.
func noSecrets(t *testing.T, e webhook.Event, body string) {
	t.Helper()
	text := fmt.Sprintf("%+v %#v", e, e)
	if e.Err != nil {
		text += e.Err.Error()
	}
	sign := docValues().Get("sign")
	for _, s := range []string{secret, sign, "401200******3010", "401200", body} {
		if s != "" {
			require.NotContains(t, text, s)
		}
	}
}

// docWith is the document's callback edited after signing.
func docWith(edit func(url.Values)) string {
	v := docValues()
	edit(v)
	return v.Encode()
}

func TestObserverHandlerOutcomes(t *testing.T) {
	failing := errors.New("database down")
	slow := func(err error) webhook.CallbackHandler {
		return webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
			time.Sleep(5 * time.Millisecond)
			return err
		})
	}
	badSign := docWith(func(v url.Values) { v.Set("sign", strings.Repeat("ab", 32)) })
	unsigned := docWith(func(v url.Values) { v.Del("sign") })
	for _, tc := range []struct {
		name        string
		handler     webhook.CallbackHandler
		dedup       dedup.Deduplicator
		method, ct  string
		body        string
		repeat      int // requests sent; the event of the last is checked
		want        webhook.EventOutcome
		reason      string
		status      int
		err         error
		minDuration time.Duration
	}{
		{name: "processed", handler: slow(nil), want: webhook.EventProcessed, status: 200, minDuration: 5 * time.Millisecond},
		{name: "handler error", handler: slow(failing), want: webhook.EventHandlerError, status: 500, err: failing, minDuration: 5 * time.Millisecond},
		{name: "duplicate", handler: slow(nil), dedup: &dedup.Memory{}, repeat: 2, want: webhook.EventDuplicate, status: 200},
		{name: "in flight", handler: slow(nil), dedup: inFlightDedup{}, want: webhook.EventInFlight, status: 409},
		{name: "deduplicator error", handler: slow(nil), dedup: failingDedup{}, want: webhook.EventDeduplicatorError, status: 500},
		{name: "method", method: http.MethodGet, want: webhook.EventRejected, reason: "method_not_allowed", status: 405, err: webhook.ErrMethodNotAllowed},
		{name: "media type", ct: "application/json", want: webhook.EventRejected, reason: "unsupported_media_type", status: 415, err: webhook.ErrUnsupportedMediaType},
		{name: "too large", body: "a=" + strings.Repeat("x", 70<<10), want: webhook.EventRejected, reason: "body_too_large", status: 413, err: webhook.ErrBodyTooLarge},
		{name: "malformed", body: "a=%zz", want: webhook.EventRejected, reason: "malformed_body", status: 400, err: webhook.ErrMalformedBody},
		{name: "duplicate key", body: docBody() + "&currency=EUR", want: webhook.EventRejected, reason: "duplicate_key", status: 400, err: signing.ErrDuplicateKey},
		{name: "invalid callback", body: withDoc(func(v url.Values) { v.Del("status") }), want: webhook.EventRejected, reason: "invalid_callback", status: 400, err: smartcore.ErrInvalidCallback},
		{name: "missing signature", body: unsigned, want: webhook.EventRejected, reason: "missing_signature", status: 401, err: signing.ErrMissingSignature},
		{name: "invalid signature", body: badSign, want: webhook.EventRejected, reason: "invalid_signature", status: 401, err: signing.ErrInvalidSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := make(events, 4)
			h := tc.handler
			if h == nil {
				h = slow(nil)
			}
			handler, err := webhook.New(h, webhook.Options{Secrets: []string{secret}, Deduplicator: tc.dedup, Observer: got.observe})
			require.NoError(t, err)
			srv := httptest.NewServer(handler)
			defer srv.Close()
			method, ct, body := tc.method, tc.ct, tc.body
			if method == "" {
				method = http.MethodPost
			}
			if ct == "" {
				ct = "application/x-www-form-urlencoded"
			}
			if body == "" {
				body = docBody()
			}
			var e webhook.Event
			for range max(tc.repeat, 1) {
				req, err := http.NewRequest(method, srv.URL, strings.NewReader(body))
				require.NoError(t, err)
				req.Header.Set("Content-Type", ct)
				resp, err := srv.Client().Do(req)
				require.NoError(t, err)
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				require.Equal(t, tc.status, resp.StatusCode)
				e = got.next(t)
			}
			require.Equal(t, tc.want, e.Outcome, e.Outcome.String())
			require.Equal(t, tc.reason, e.Reason)
			require.Equal(t, tc.status, e.HTTPStatus)
			if tc.err != nil {
				require.ErrorIs(t, e.Err, tc.err)
			}
			if tc.want == webhook.EventRejected {
				require.Empty(t, e.OrderID, "a rejected request's values are not trusted")
				require.Zero(t, e.Type)
			} else {
				require.Equal(t, "200004", e.OrderID)
				require.Equal(t, smartcore.StatusSuccess, e.Status)
				require.Equal(t, smartcore.TypeWithdrawal, e.Type)
			}
			require.Positive(t, e.Duration)
			require.GreaterOrEqual(t, e.Duration, tc.minDuration)
			noSecrets(t, e, body)
			select {
			case extra := <-got:
				t.Fatalf("a second event for one request: %+v", extra)
			default:
			}
		})
	}
}

func TestObserverHandlerAbortAndPanic(t *testing.T) {
	got := make(events, 2)
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
		panic(http.ErrAbortHandler)
	}), webhook.Options{Secrets: []string{secret}, Observer: got.observe})
	require.NoError(t, err)
	require.Panics(t, func() { h.ServeHTTP(httptest.NewRecorder(), formRequest("POST", "/cb", docBody())) })
	e := got.next(t)
	require.Equal(t, webhook.EventHandlerError, e.Outcome)
	require.Zero(t, e.HTTPStatus, "nothing was answered")
	require.ErrorIs(t, e.Err, http.ErrAbortHandler)

	h, err = webhook.New(&recorder{panic: true}, webhook.Options{Secrets: []string{secret}, Observer: got.observe})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", docBody()))
	e = got.next(t)
	require.Equal(t, webhook.EventHandlerError, e.Outcome)
	require.Equal(t, 500, e.HTTPStatus)
	require.ErrorContains(t, e.Err, "host bug")
}

func TestObserverMiddleware(t *testing.T) {
	for _, tc := range []struct {
		name   string
		next   http.HandlerFunc
		body   string
		want   webhook.EventOutcome
		reason string
		status int
	}{
		{name: "processed", next: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }, want: webhook.EventProcessed, status: 204},
		{name: "implicit 200", next: func(http.ResponseWriter, *http.Request) {}, want: webhook.EventProcessed, status: 200},
		{name: "refused", next: func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(503) }, want: webhook.EventHandlerError, status: 503},
		{name: "rejected", body: docWith(func(v url.Values) { v.Set("sign", "zz") }), want: webhook.EventRejected, reason: "malformed_signature", status: 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := make(events, 2)
			mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Observer: got.observe})
			require.NoError(t, err)
			next := tc.next
			if next == nil {
				next = func(http.ResponseWriter, *http.Request) { t.Error("a rejected request reached next") }
			}
			srv := httptest.NewServer(mw(next))
			defer srv.Close()
			body := tc.body
			if body == "" {
				body = docBody()
			}
			resp, err := srv.Client().Post(srv.URL, "application/x-www-form-urlencoded", strings.NewReader(body))
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tc.status, resp.StatusCode)
			e := got.next(t)
			require.Equal(t, tc.want, e.Outcome, e.Outcome.String())
			require.Equal(t, tc.reason, e.Reason)
			require.Equal(t, tc.status, e.HTTPStatus)
			noSecrets(t, e, body)
		})
	}

	got := make(events, 1)
	mw, err := webhook.Middleware(webhook.Options{Secrets: []string{secret}, Observer: got.observe})
	require.NoError(t, err)
	panicking := mw(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("host bug") }))
	require.PanicsWithValue(t, "host bug", func() {
		panicking.ServeHTTP(httptest.NewRecorder(), formRequest("POST", "/cb", docBody()))
	})
	e := got.next(t)
	require.Equal(t, webhook.EventHandlerError, e.Outcome)
	require.Zero(t, e.HTTPStatus)
	require.ErrorContains(t, e.Err, "panicked")
	require.Equal(t, "200004", e.OrderID)
}

func TestEventOutcomeString(t *testing.T) {
	for o, want := range map[webhook.EventOutcome]string{
		webhook.EventProcessed: "processed", webhook.EventRejected: "rejected",
		webhook.EventDuplicate: "duplicate", webhook.EventInFlight: "in_flight",
		webhook.EventHandlerError: "handler_error", webhook.EventDeduplicatorError: "deduplicator_error",
		0: "unknown",
	} {
		require.Equal(t, want, o.String())
	}
}

// An observer costs the handler no allocation: the event is passed by
// value and the handler allocates the same with or without one.
func TestObserverAddsNoAllocation(t *testing.T) {
	if raceEnabled() {
		t.Skip("sync.Pool drops items under the race detector")
	}
	body := docBody()
	allocs := func(opts webhook.Options) float64 {
		h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }), opts)
		require.NoError(t, err)
		r := formRequest("POST", "/cb", body)
		w := &discardWriter{h: http.Header{}}
		return testing.AllocsPerRun(100, func() {
			r.Body = io.NopCloser(strings.NewReader(body))
			h.ServeHTTP(w, r)
		})
	}
	var seen int
	without := allocs(webhook.Options{Secrets: []string{secret}})
	with := allocs(webhook.Options{Secrets: []string{secret}, Observer: func(_ context.Context, e webhook.Event) { seen += int(e.Outcome) }})
	require.Positive(t, seen)
	require.Equal(t, without, with)
}
