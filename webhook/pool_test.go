package webhook_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// TestHandlerAllocatedBytes holds the handler's garbage per callback, which
// the garbage collector pays for on another core, to at most 1,350 bytes:
// the body's string, the Callback with its extras, the decoded escapes and
// the http.MaxBytesReader. The read buffer is pooled.
func TestHandlerAllocatedBytes(t *testing.T) {
	if raceEnabled() {
		t.Skip("sync.Pool drops items under the race detector")
	}
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error { return nil }),
		webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	body := docBody()
	rd := &rewindBody{r: strings.NewReader(body)}
	req := formRequest("POST", "/cb", "")
	req.Body, req.ContentLength = rd, int64(len(body))
	w := &discardWriter{h: http.Header{}}
	serve := func() {
		rd.r.Reset(body)
		w.code = 0
		h.ServeHTTP(w, req)
	}
	// As testing.AllocsPerRun does, on one P and after a warm-up, with
	// bytes in place of allocations.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	serve()
	const runs = 200
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		serve()
	}
	runtime.ReadMemStats(&after)
	require.Equal(t, 200, w.code)
	require.LessOrEqual(t, (after.TotalAlloc-before.TotalAlloc)/runs, uint64(1350))
}

// TestHandlerCallbackOwnsItsMemory: the body is read into a pooled buffer,
// so a callback that the application keeps must not share it. The next
// requests reuse the buffer with other bytes; the kept callback's strings
// must not change.
func TestHandlerCallbackOwnsItsMemory(t *testing.T) {
	var kept []*smartcore.Callback
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		kept = append(kept, cb)
		return nil
	}), webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	bodies := make([]string, 3)
	for i := range bodies {
		cb := docCallback()
		cb.OrderID = strings.Repeat(string(rune('a'+i)), 6)
		cb.Extra[1].Value = cardNumber(i) // escaped in the body
		bodies[i] = webhooktest.Body(secret, cb)
	}
	for _, body := range bodies {
		req := formRequest("POST", "/cb", body)
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		require.Equal(t, 200, w.code)
	}
	require.Len(t, kept, len(bodies))
	for i, cb := range kept {
		require.Equal(t, bodies[i], cb.Raw)
		require.Equal(t, strings.Repeat(string(rune('a'+i)), 6), cb.OrderID)
		v, ok := webhook.Param(cb, "card_number")
		require.True(t, ok)
		require.Equal(t, cardNumber(i), v)
		require.Equal(t, "N/A", cb.Extra[0].Value)
	}
}

func cardNumber(i int) string { return "4012**" + strings.Repeat(string(rune('0'+i)), 10) }
