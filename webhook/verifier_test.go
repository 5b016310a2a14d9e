package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
	"github.com/smartcorekit/smartcore/webhook"
)

func newRecorderServe(h http.Handler, body string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", body))
	return w
}

func TestVerifierSentinels(t *testing.T) {
	v, err := webhook.NewVerifier(secret)
	require.NoError(t, err)
	valid := docBody()
	unsigned := valid[:strings.LastIndex(valid, "&sign=")]
	tests := []struct {
		body string
		want error
	}{
		{"a=%", webhook.ErrMalformedBody},
		{"=x", webhook.ErrMalformedBody},
		{"&&", webhook.ErrMalformedBody},
		{unsigned, signing.ErrMissingSignature},
		{unsigned + "&sign=abc", signing.ErrMalformedSignature},
		{strings.Replace(valid, "200004", "200005", 1), signing.ErrInvalidSignature},
		{valid + "&rrn=1", signing.ErrDuplicateKey},
		{withDoc(func(v url.Values) { v.Set("orderId", "") }), smartcore.ErrInvalidCallback},
	}
	for _, tc := range tests {
		_, err := v.Verify([]byte(tc.body))
		require.ErrorIs(t, err, tc.want, tc.body)
	}
	cb, err := v.Verify([]byte(valid))
	require.NoError(t, err)
	require.Equal(t, "200004", cb.OrderID)

	_, err = webhook.NewVerifier()
	require.ErrorIs(t, err, signing.ErrNoSecret)
}

func TestVerifyKeepsTheBodyAsRaw(t *testing.T) {
	v, err := webhook.NewVerifier(secret)
	require.NoError(t, err)
	body := []byte(docBody())
	cb, err := v.Verify(body)
	require.NoError(t, err)
	require.Equal(t, int64(10000), cb.Amount)
	require.Len(t, webhook.Fields(cb), 21)
	require.Equal(t, docBody(), cb.Raw)
	body[0] = '!'
	require.Equal(t, docBody(), cb.Raw, "Raw is a copy: the caller may reuse its buffer")
}

// TestHandlerAllocations holds the handler to its allocations on a callback:
// the MaxBytesReader, the body, its string, the decoded escapes and the
// Callback. Under the race detector sync.Pool drops items at random, so the
// count is not checked there.
func TestHandlerAllocations(t *testing.T) {
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
	allocs := testing.AllocsPerRun(200, func() {
		rd.r.Reset(body)
		w.code = 0
		h.ServeHTTP(w, req)
	})
	require.Equal(t, 200, w.code)
	require.LessOrEqual(t, allocs, 4.0)
}

func raceEnabled() bool {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range info.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}
