package control_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
)

// env is a sandbox on loopback with a merchant's callback endpoint (the
// kit's webhook handler) that records what its application processed.
type env struct {
	srv *sandbox.Server
	cb  string // the callback_url

	mu        sync.Mutex
	processed []*smartcore.Callback
	codes     []int // HTTP answers to every callback, rejected ones included
}

func newEnv(t *testing.T, opts sandbox.Options) *env {
	t.Helper()
	e := &env{srv: sandboxtest.NewServer(t, opts)}
	wh, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.processed = append(e.processed, cb)
		return nil
	}), webhook.Options{Secrets: []string{e.srv.Secret}, Deduplicator: &dedup.Memory{}})
	require.NoError(t, err)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		wh.ServeHTTP(rec, r)
		e.mu.Lock()
		e.codes = append(e.codes, rec.Code)
		e.mu.Unlock()
		w.WriteHeader(rec.Code)
	}))
	t.Cleanup(host.Close)
	e.cb = host.URL + "/callback"
	return e
}

// callbacks returns what the application processed for orderID.
func (e *env) callbacks(orderID string) []*smartcore.Callback {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []*smartcore.Callback
	for _, cb := range e.processed {
		if cb.OrderID == orderID {
			out = append(out, cb)
		}
	}
	return out
}

func (e *env) answers() []int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]int(nil), e.codes...)
}

// answer is a control API answer.
type answer struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

// code is the error code of an error answer.
func (a answer) code() string {
	e, _ := a.body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// ctl calls the control API on e's sandbox with the credentials, a POST
// as JSON ("" is an empty body).
func (e *env) ctl(t *testing.T, method, path, body string) answer {
	t.Helper()
	return call(t, e.srv.URL, method, path, body, func(r *http.Request) {
		r.SetBasicAuth(e.srv.MerchantKey, e.srv.Secret)
		if method == http.MethodPost {
			r.Header.Set("Content-Type", "application/json")
		}
	})
}

// call sends one request to base+path, prepared by prep.
func call(t *testing.T, base, method, path, body string, prep func(*http.Request)) answer {
	t.Helper()
	req, err := http.NewRequest(method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	prep(req)
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(data)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		require.NoError(t, json.Unmarshal(data, &a.body), string(data))
	}
	return a
}

var customer = smartcore.Customer{
	FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
	ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
}

func order(id string, amount int64) smartcore.Order {
	return smartcore.Order{Account: "EUR-sandbox", Amount: amount, Currency: "EUR", OrderID: id, Purpose: "description"}
}

func urls(callback string) smartcore.ReturnURLs {
	return smartcore.ReturnURLs{CallbackURL: callback, SuccessURL: "https://merchant.example/success", FailURL: "https://merchant.example/fail"}
}

// pay charges pan host-to-host for order id.
func (e *env) pay(t *testing.T, id, pan string, amount int64) *smartcore.PaymentResponse {
	t.Helper()
	res, err := e.srv.Client.PayCard(context.Background(), &smartcore.CardPaymentRequest{
		Order: order(id, amount), MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
		ReturnURLs: urls(e.cb), Card: smartcore.Card{Holder: "John Doe", Number: pan, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	})
	require.NoError(t, err)
	return res
}

// form creates a hosted payment form for order id.
func (e *env) form(t *testing.T, id string, amount int64) *smartcore.PaymentResponse {
	t.Helper()
	res, err := e.srv.Client.InitPayment(context.Background(), &smartcore.InitPaymentRequest{
		Order: order(id, amount), MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
		ReturnURLs: urls(e.cb),
	})
	require.NoError(t, err)
	return res
}

func (e *env) check(t *testing.T, id string) *smartcore.CheckResponse {
	t.Helper()
	res, err := e.srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: id})
	require.NoError(t, err)
	return res
}

// jsonBody marshals v for a request body.
func jsonBody(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.NewEncoder(&b).Encode(v))
	return b.String()
}

// cascadeOf decodes a callback's cascadeErrors text.
func cascadeOf(t *testing.T, raw string) []string {
	t.Helper()
	var c smartcore.CascadeErrors
	require.NoError(t, json.Unmarshal([]byte(jsonBody(t, raw)), &c))
	var out []string
	for _, code := range c.Codes() {
		out = append(out, string(code))
	}
	return out
}

func checkCascade(r *smartcore.CheckResponse) []string {
	var out []string
	for _, c := range r.CascadeErrors.Codes() {
		out = append(out, string(c))
	}
	return out
}
