package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// recorder is a CallbackHandler that remembers what reached it.
type recorder struct {
	calls atomic.Int32
	last  atomic.Pointer[smartcore.Callback]
	err   error
	panic bool
}

func (r *recorder) HandleCallback(_ context.Context, cb *smartcore.Callback) error {
	r.calls.Add(1)
	r.last.Store(cb)
	if r.panic {
		panic("host bug")
	}
	return r.err
}

func formRequest(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// signedValues signs arbitrary values (repeated keys kept) and returns the body.
func signedBody(v url.Values) string { return webhooktest.BodyValues(secret, v) }

func withDoc(edit func(url.Values)) string {
	v := docValues()
	v.Del("sign")
	edit(v)
	return signedBody(v)
}

func TestHandlerRejectsAndAccepts(t *testing.T) {
	valid := docBody()
	tampered := strings.Replace(valid, "amount=10000", "amount=10001", 1)
	unsigned := withDoc(func(url.Values) {})
	unsigned = unsigned[:strings.LastIndex(unsigned, "&sign=")]

	tests := []struct {
		name     string
		req      func() *http.Request
		opts     func(*webhook.Options)
		hostErr  error
		panics   bool
		wantCode int
		wantCall bool
	}{
		{name: "valid", req: func() *http.Request { return formRequest("POST", "/cb", valid) }, wantCode: 200, wantCall: true},
		{name: "charset in content type", req: func() *http.Request {
			r := formRequest("POST", "/cb", valid)
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
			return r
		}, wantCode: 200, wantCall: true},
		{name: "upper-case hex signature", req: func() *http.Request {
			i := strings.LastIndex(valid, "sign=") + 5
			return formRequest("POST", "/cb", valid[:i]+strings.ToUpper(valid[i:]))
		}, wantCode: 200, wantCall: true},
		{name: "rotated secret", opts: func(o *webhook.Options) { o.Secrets = []string{"new-secret", secret} },
			req: func() *http.Request { return formRequest("POST", "/cb", valid) }, wantCode: 200, wantCall: true},
		{name: "wrong secret", opts: func(o *webhook.Options) { o.Secrets = []string{"other"} },
			req: func() *http.Request { return formRequest("POST", "/cb", valid) }, wantCode: 401},
		{name: "tampered amount", req: func() *http.Request { return formRequest("POST", "/cb", tampered) }, wantCode: 401},
		{name: "missing signature", req: func() *http.Request { return formRequest("POST", "/cb", unsigned) }, wantCode: 401},
		{name: "empty signature", req: func() *http.Request { return formRequest("POST", "/cb", unsigned+"&sign=") }, wantCode: 401},
		{name: "signature not hex", req: func() *http.Request {
			return formRequest("POST", "/cb", unsigned+"&sign="+strings.Repeat("zz", 32))
		}, wantCode: 401},
		{name: "signature in the query only", req: func() *http.Request {
			sig := docValues().Get("sign")
			return formRequest("POST", "/cb?sign="+sig, unsigned)
		}, wantCode: 401},
		{name: "duplicate key", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Add("amount", "1") }))
		}, wantCode: 400},
		{name: "duplicate sign", req: func() *http.Request {
			return formRequest("POST", "/cb", valid+"&sign="+docValues().Get("sign"))
		}, wantCode: 400},
		{name: "missing orderId", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Del("orderId") }))
		}, wantCode: 400},
		{name: "missing status", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Del("status") }))
		}, wantCode: 400},
		{name: "missing amount", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Del("amount") }))
		}, wantCode: 200, wantCall: true}, // amount unknown; see fidelity_test.go
		{name: "status with plus sign", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Set("status", "+2") }))
		}, wantCode: 400},
		{name: "unknown status", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Set("status", "7") }))
		}, wantCode: 200, wantCall: true}, // see fidelity_test.go
		{name: "amount in exponent form", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Set("amount", "1e4") }))
		}, wantCode: 400},
		{name: "negative amount", req: func() *http.Request {
			return formRequest("POST", "/cb", withDoc(func(v url.Values) { v.Set("amount", "-5") }))
		}, wantCode: 200, wantCall: true}, // a Long
		{name: "bad escape", req: func() *http.Request { return formRequest("POST", "/cb", "orderId=%zz&"+valid) }, wantCode: 400},
		{name: "empty body", req: func() *http.Request { return formRequest("POST", "/cb", "") }, wantCode: 400},
		{name: "GET", req: func() *http.Request { return formRequest("GET", "/cb?"+valid, "") }, wantCode: 405},
		{name: "PUT", req: func() *http.Request { return formRequest("PUT", "/cb", valid) }, wantCode: 405},
		{name: "JSON content type", req: func() *http.Request {
			r := formRequest("POST", "/cb", valid)
			r.Header.Set("Content-Type", "application/json")
			return r
		}, wantCode: 415},
		{name: "no content type", req: func() *http.Request {
			r := formRequest("POST", "/cb", valid)
			r.Header.Del("Content-Type")
			return r
		}, wantCode: 415},
		{name: "content type prefix only", req: func() *http.Request {
			r := formRequest("POST", "/cb", valid)
			r.Header.Set("Content-Type", "application/x-www-form-urlencodedX")
			return r
		}, wantCode: 415},
		{name: "body over limit, declared", opts: func(o *webhook.Options) { o.MaxBodyBytes = 100 },
			req: func() *http.Request { return formRequest("POST", "/cb", valid) }, wantCode: 413},
		{name: "body over limit, chunked", opts: func(o *webhook.Options) { o.MaxBodyBytes = 100 },
			req: func() *http.Request {
				r := formRequest("POST", "/cb", "")
				r.Body = io.NopCloser(strings.NewReader(valid))
				r.ContentLength = -1
				return r
			}, wantCode: 413},
		{name: "valid, chunked", req: func() *http.Request {
			r := formRequest("POST", "/cb", "")
			r.Body = io.NopCloser(strings.NewReader(valid))
			r.ContentLength = -1
			return r
		}, wantCode: 200, wantCall: true},
		{name: "body longer than declared", req: func() *http.Request {
			r := formRequest("POST", "/cb", valid+"&x=1")
			r.ContentLength = int64(len(valid))
			return r
		}, wantCode: 400},
		{name: "large declared body, streamed", opts: func(o *webhook.Options) { o.MaxBodyBytes = 1 << 20 },
			req: func() *http.Request {
				r := formRequest("POST", "/cb", "")
				r.Body = io.NopCloser(strings.NewReader(valid + "&pad=" + strings.Repeat("p", 8<<10)))
				r.ContentLength = int64(len(valid) + 5 + 8<<10)
				return r
			}, wantCode: 401}, // read whole (the pad is unsigned), not cut
		{name: "body shorter than declared", req: func() *http.Request {
			r := formRequest("POST", "/cb", valid)
			r.ContentLength = int64(len(valid)) + 10
			return r
		}, wantCode: 400},
		{name: "host error", hostErr: errors.New("db down"),
			req: func() *http.Request { return formRequest("POST", "/cb", valid) }, wantCode: 500, wantCall: true},
		{name: "host panic", panics: true,
			req: func() *http.Request { return formRequest("POST", "/cb", valid) }, wantCode: 500, wantCall: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			opts := webhook.Options{Secrets: []string{secret}, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}
			if tc.opts != nil {
				tc.opts(&opts)
			}
			host := &recorder{err: tc.hostErr, panic: tc.panics}
			h, err := webhook.New(host, opts)
			require.NoError(t, err)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tc.req())
			require.Equal(t, tc.wantCode, w.Code, "body %q, logs %s", w.Body.String(), logs.String())
			require.Equal(t, tc.wantCall, host.calls.Load() == 1, "host called %d times", host.calls.Load())
			if tc.wantCode == 405 {
				require.Equal(t, "POST", w.Header().Get("Allow"))
			}
			if tc.wantCode != 200 {
				// No verification detail in the answer: just the status text.
				require.Equal(t, http.StatusText(tc.wantCode)+"\n", w.Body.String())
				require.NotEmpty(t, logs.String(), "a rejection or failure is logged")
			}
			require.NotContains(t, logs.String(), secret)
			require.NotContains(t, logs.String(), docValues().Get("sign"))
		})
	}
}

func TestHandlerDecodesExactlyTheVerifiedValues(t *testing.T) {
	host := &recorder{}
	h, err := webhook.New(host, webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)

	// A query string must not change what the application sees.
	r := formRequest("POST", "/cb?amount=1&orderId=evil&status=-1", docBody())
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	require.Equal(t, 200, w.Code)
	require.Equal(t, "OK", w.Body.String())

	cb := host.last.Load()
	require.Equal(t, "200004", cb.OrderID)
	require.Equal(t, int64(10000), cb.Amount)
	require.Equal(t, int64(10000), cb.FinalAmount)
	require.Equal(t, smartcore.StatusSuccess, cb.Status)
	require.Equal(t, smartcore.TypeWithdrawal, cb.Type)
	require.Equal(t, "EUR", cb.Currency)
	require.Equal(t, "", cb.Message, `"null" decodes to empty`)
	require.Equal(t, "false", cb.IsTrustedTransaction)
	require.Len(t, cb.Extra, 4)
	require.Equal(t, smartcore.Field{Key: "card_number", Value: "401200******3010"}, cb.Extra[1])
	msg, ok := webhook.Param(cb, "message")
	require.True(t, ok)
	require.Equal(t, "null", msg, "Raw keeps the exact received text")
	require.Len(t, webhook.Fields(cb), 21)
	require.Equal(t, docBody(), cb.Raw)
	require.NotEmpty(t, cb.Sign)
}

func TestHandlerKeepsSignedUnknownFieldsAndEscapes(t *testing.T) {
	host := &recorder{}
	h, err := webhook.New(host, webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	v := url.Values{
		"orderId": {"o|1 +%&="}, "status": {"-1"}, "amount": {"0"},
		"errorCategory": {string(smartcore.ErrInsufficientFundsProcessing)},
		"message":       {"Недостаточно средств 😀"}, "finalAmount": {"null"},
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, formRequest("POST", "/cb", signedBody(v)))
	require.Equal(t, 200, w.Code)
	cb := host.last.Load()
	require.Equal(t, "o|1 +%&=", cb.OrderID)
	require.Equal(t, smartcore.StatusFail, cb.Status)
	require.True(t, cb.Failed())
	require.Equal(t, int64(0), cb.FinalAmount)
	require.Equal(t, "Недостаточно средств 😀", cb.Message)
	require.Equal(t, smartcore.ErrInsufficientFundsProcessing, cb.ErrorCategory)
	require.Empty(t, cb.Extra)
}

func TestNewRefusesBadOptions(t *testing.T) {
	_, err := webhook.New(&recorder{}, webhook.Options{})
	require.Error(t, err)
	_, err = webhook.New(&recorder{}, webhook.Options{Secrets: []string{""}})
	require.Error(t, err)
	_, err = webhook.New(nil, webhook.Options{Secrets: []string{secret}})
	require.Error(t, err)
	_, err = webhook.New(&recorder{}, webhook.Options{Secrets: []string{secret}, MaxBodyBytes: -1})
	require.Error(t, err)
	_, err = webhook.Middleware(webhook.Options{})
	require.Error(t, err)
}

func TestHandlerNeverLogsCardNumbers(t *testing.T) {
	var logs bytes.Buffer
	host := &recorder{err: errors.New("fail")}
	h, err := webhook.New(host, webhook.Options{Secrets: []string{secret}, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	require.NoError(t, err)
	pan := "4012000000003010"
	v := docValues()
	v.Del("sign")
	v.Set("card_number", pan)
	v.Set("card_cvv", "123")
	for _, body := range []string{signedBody(v), signedBody(v) + "0", "card_number=" + pan + "&card_number=" + pan} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, formRequest("POST", "/cb", body))
		require.NotEqual(t, 200, w.Code)
		require.NotContains(t, w.Body.String(), pan)
	}
	require.NotEmpty(t, logs.String())
	require.NotContains(t, logs.String(), pan)
	require.NotContains(t, logs.String(), secret)
}

// TestHandlerCallbackOutlivesTheRequest keeps callbacks after their requests
// are answered, as an application that queues them does: the strings share
// the request's body, so no later request may reuse that memory.
func TestHandlerCallbackOutlivesTheRequest(t *testing.T) {
	var kept []*smartcore.Callback
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		kept = append(kept, cb)
		return nil
	}), webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	bodies := make([]string, 50)
	for i := range bodies {
		cb := docCallback()
		cb.OrderID = fmt.Sprintf("order-%03d", i)
		cb.Extra[0].Value = fmt.Sprintf("Holder %d/%d", i, i) // escaped: decoded apart from the body
		bodies[i] = webhooktest.Body(secret, cb)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, formRequest("POST", "/cb", bodies[i]))
		require.Equal(t, 200, w.Code)
	}
	for i, cb := range kept {
		require.Equal(t, fmt.Sprintf("order-%03d", i), cb.OrderID)
		require.Equal(t, fmt.Sprintf("Holder %d/%d", i, i), cb.Extra[0].Value)
		require.Equal(t, bodies[i], cb.Raw)
	}
}

// TestHandlerDoesNotAllocateADeclaredLength sends headers that promise a
// large body and then a few bytes: the handler must not have allocated what
// was promised.
func TestHandlerDoesNotAllocateADeclaredLength(t *testing.T) {
	h, err := webhook.New(&recorder{}, webhook.Options{Secrets: []string{secret}, MaxBodyBytes: 8 << 20})
	require.NoError(t, err)
	r := formRequest("POST", "/cb", "")
	// As the server's body does when the client stops early.
	r.Body = io.NopCloser(io.MultiReader(strings.NewReader("orderId=1"), iotest.ErrReader(io.ErrUnexpectedEOF)))
	r.ContentLength = 8 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	runtime.ReadMemStats(&after)
	require.Equal(t, 400, w.Code)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20))
}
