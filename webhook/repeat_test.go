package webhook_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/dedup/deduptest"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// Every event reaches the application through the handler, and the
// repeats arrive flagged.
func TestEveryEventReachesTheHandler(t *testing.T) {
	deduptest.RunEvents(t, func(t *testing.T, e deduptest.Events) http.Handler {
		h, err := webhook.New(e.App, webhook.Options{Secrets: []string{e.Secret}, Deduplicator: &dedup.Memory{}, DedupKey: e.Key})
		require.NoError(t, err)
		return h
	})
}

// The same behind Middleware: the flag reaches the next handler's context.
func TestEveryEventReachesTheMiddleware(t *testing.T) {
	deduptest.RunEvents(t, func(t *testing.T, e deduptest.Events) http.Handler {
		mw, err := webhook.Middleware(webhook.Options{Secrets: []string{e.Secret}, Deduplicator: &dedup.Memory{}, DedupKey: e.Key})
		require.NoError(t, err)
		return mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cb, ok := webhook.FromContext(r.Context())
			require.True(t, ok)
			if err := e.App.HandleCallback(r.Context(), cb); err != nil {
				http.Error(w, "failed", http.StatusInternalServerError)
			}
		}))
	})
}

// A DedupKey that returns "" is an error, logged and answered 500, never a
// key shared by every callback; the observer sees it.
func TestEmptyDedupKeyIsAnError(t *testing.T) {
	var logs bytes.Buffer
	calls := 0
	var events []webhook.Event
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { calls++; return nil }),
		webhook.Options{Secrets: []string{secret}, Deduplicator: &dedup.Memory{},
			DedupKey: func(*smartcore.Callback) string { return "" },
			Logger:   slog.New(slog.NewTextHandler(&logs, nil)),
			Observer: func(_ context.Context, e webhook.Event) { events = append(events, e) }})
	require.NoError(t, err)
	for _, id := range []string{"A", "B", "C"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, &smartcore.Callback{OrderID: id, Status: smartcore.StatusSuccess, Amount: 5}))
		require.Equal(t, http.StatusInternalServerError, w.Code, id)
	}
	require.Zero(t, calls)
	require.Contains(t, logs.String(), "level=ERROR")
	require.Contains(t, logs.String(), "DedupKey returned an empty key")
	require.Len(t, events, 3)
	require.Equal(t, webhook.EventDeduplicatorError, events[0].Outcome)
}

// A flagged delivery is counted as one (Event.Repeat), and a repeat whose
// other final status is being processed now is answered 409: whether it is
// news is not known yet.
func TestRepeatObservedAndInFlightProbe(t *testing.T) {
	mem := &dedup.Memory{}
	var events []webhook.Event
	var repeats []bool
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(ctx context.Context, _ *smartcore.Callback) error {
		repeats = append(repeats, webhook.RepeatFromContext(ctx))
		return nil
	}), webhook.Options{Secrets: []string{secret}, Deduplicator: mem,
		Observer: func(_ context.Context, e webhook.Event) { events = append(events, e) }})
	require.NoError(t, err)
	send := func(cb *smartcore.Callback) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, cb))
		return w.Code
	}
	refund := &smartcore.Callback{OrderID: "r", Status: smartcore.StatusSuccess, Type: smartcore.TypeRefund, Amount: 5}
	require.Equal(t, http.StatusOK, send(refund))
	require.Equal(t, http.StatusOK, send(refund))
	require.Equal(t, []bool{false, true}, repeats)
	require.Len(t, events, 2)
	require.False(t, events[0].Repeat)
	require.True(t, events[1].Repeat)
	require.Equal(t, webhook.EventProcessed, events[1].Outcome)

	paid := &smartcore.Callback{OrderID: "p", Status: smartcore.StatusSuccess, Type: smartcore.TypePayment, Amount: 5}
	require.Equal(t, http.StatusOK, send(paid))
	failed := *paid
	failed.Status = smartcore.StatusFail
	c, err := mem.Claim(context.Background(), webhook.IdempotencyKey(&failed)) // being processed elsewhere
	require.NoError(t, err)
	require.Equal(t, dedup.KeyNew, c.State)
	require.Equal(t, http.StatusConflict, send(paid))
	require.Equal(t, webhook.EventInFlight, events[len(events)-1].Outcome)
	require.NoError(t, mem.Release(context.Background(), webhook.IdempotencyKey(&failed), c.Token))
	require.Equal(t, http.StatusOK, send(paid), "a redelivery")
	require.Len(t, repeats, 3, "the redelivery was not handed over")
}

func TestClassify(t *testing.T) {
	ctx := context.Background()
	done := map[string]bool{}
	lookup := func(_ context.Context, k string) (bool, error) { return done[k], nil }
	cb := func(typ smartcore.TransactionType, s smartcore.Status) *smartcore.Callback {
		return &smartcore.Callback{OrderID: "o", Type: typ, Status: s}
	}
	seen := func(c *smartcore.Callback, wasDone bool, key func(*smartcore.Callback) string) webhook.Seen {
		s, err := webhook.Classify(ctx, c, wasDone, key, lookup)
		require.NoError(t, err)
		return s
	}
	k := webhook.IdempotencyKey
	require.Equal(t, webhook.SeenRedelivery, seen(cb("PAYMENT", 2), true, k), "type compared without case")
	require.Equal(t, webhook.SeenMaybe, seen(cb("Refund", 2), true, k))
	require.Equal(t, webhook.SeenMaybe, seen(cb("", -1), true, k))
	require.Equal(t, webhook.SeenNew, seen(cb("Payment", 2), false, k))
	done[k(cb("", 2))] = true
	require.Equal(t, webhook.SeenMaybe, seen(cb("Payment", 2), false, k), "came untyped before")
	// A key that ignores the status cannot tell 2 from -1: the type decides.
	byOrder := func(c *smartcore.Callback) string { return c.OrderID }
	require.Equal(t, webhook.SeenRedelivery, seen(cb("Payment", 2), true, byOrder))
	require.Equal(t, webhook.SeenMaybe, seen(cb("Refund", 2), true, byOrder))
	require.Equal(t, "maybe", webhook.SeenMaybe.String())
	_, err := webhook.Classify(ctx, nil, false, k, lookup)
	require.Error(t, err)
}
