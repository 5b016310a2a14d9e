package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
)

// host is a merchant's callback endpoint: the kit's webhook handler with a
// dedup.Memory on an httptest server, recording every callback its
// application processed.
type host struct {
	URL string // the callback_url to give the sandbox

	mu        sync.Mutex
	processed []*smartcore.Callback
	received  int // HTTP requests, rejected and duplicate ones included
	codes     []int
	// failAfter makes the next n deliveries end in 500 after the webhook
	// handler has run: the application processed the callback, but the
	// gateway does not learn it and retries.
	failAfter int
}

func newHost(t *testing.T, secret string) *host {
	t.Helper()
	h := &host{}
	wh, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.processed = append(h.processed, cb)
		return nil
	}), webhook.Options{Secrets: []string{secret}, Deduplicator: &dedup.Memory{}})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		wh.ServeHTTP(rec, r)
		h.mu.Lock()
		h.received++
		code := rec.Code
		if h.failAfter > 0 {
			h.failAfter--
			code = http.StatusInternalServerError
		}
		h.codes = append(h.codes, code)
		h.mu.Unlock()
		w.WriteHeader(code)
	}))
	t.Cleanup(srv.Close)
	h.URL = srv.URL + "/callback"
	return h
}

// callbacks returns the callbacks the application processed for orderID.
func (h *host) callbacks(orderID string) []*smartcore.Callback {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []*smartcore.Callback
	for _, cb := range h.processed {
		if cb.OrderID == orderID {
			out = append(out, cb)
		}
	}
	return out
}

// statuses returns the statuses processed for orderID, in order.
func (h *host) statuses(orderID string) []smartcore.Status {
	var out []smartcore.Status
	for _, cb := range h.callbacks(orderID) {
		out = append(out, cb.Status)
	}
	return out
}

func (h *host) stats() (received int, codes []int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.received, append([]int(nil), h.codes...)
}

// flush waits for the sandbox's deliveries, failing the test after 5s.
func flush(t *testing.T, sb interface{ Flush(context.Context) error }) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, sb.Flush(ctx))
}

var customer = smartcore.Customer{
	FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
	ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john.doe@example.com",
}

func order(id string, amount int64, recurrent bool) smartcore.Order {
	return smartcore.Order{Account: "EUR-sandbox", Amount: amount, Currency: "EUR", OrderID: id, Recurrent: recurrent, Purpose: "description"}
}

func card(pan string) smartcore.Card {
	return smartcore.Card{Holder: "John Doe", Number: pan, ExpMonth: "02", ExpYear: "30", CVV: "123"}
}

// urls are return URLs; the success and fail pages are never fetched
// (browse stops at the first redirect off the sandbox).
func urls(callback string) smartcore.ReturnURLs {
	return smartcore.ReturnURLs{CallbackURL: callback, SuccessURL: "https://merchant.example/success", FailURL: "https://merchant.example/fail"}
}

func cardPayment(id, pan string, amount int64, callback string) *smartcore.CardPaymentRequest {
	return &smartcore.CardPaymentRequest{
		Order: order(id, amount, false), MerchantSite: "https://merchant.site", Customer: customer,
		IPAddress: "127.0.0.1", ReturnURLs: urls(callback), Card: card(pan),
	}
}

func formPayment(id string, amount int64, callback string) *smartcore.InitPaymentRequest {
	return &smartcore.InitPaymentRequest{
		Order: order(id, amount, false), MerchantSite: "https://merchant.site", Customer: customer,
		IPAddress: "127.0.0.1", ReturnURLs: urls(callback),
	}
}

func authorizeRequest(id, pan string, amount int64, callback string) *smartcore.AuthorizeRequest {
	return &smartcore.AuthorizeRequest{
		Order: order(id, amount, false), MerchantSite: "https://merchant.site", Customer: customer,
		ReturnURLs: urls(callback), Card: card(pan),
	}
}

func payout(id string, amount int64, callback string) smartcore.Payout {
	return smartcore.Payout{Account: "EUR-sandbox-payout", Amount: amount, OrderID: id, CallbackURL: callback}
}

func check(t *testing.T, srv *sandbox.Server, id string) *smartcore.CheckResponse {
	t.Helper()
	res, err := srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: id})
	require.NoError(t, err)
	return res
}

func balance(t *testing.T, srv *sandbox.Server) int64 {
	t.Helper()
	res, err := srv.Client.Balance(context.Background(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
	require.NoError(t, err)
	return res.Balance
}

func apiError(t *testing.T, err error) *client.APIError {
	t.Helper()
	var apiErr *client.APIError
	require.True(t, errors.As(err, &apiErr), "want *client.APIError, got %v", err)
	return apiErr
}

// rawPost sends body to the sandbox as JSON, authenticated unless key is
// empty, and returns the status and the body.
func rawPost(t *testing.T, target, key, secret, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.SetBasicAuth(key, secret)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, data
}

// errBody decodes a refused request's body.
func errBody(t *testing.T, data []byte) (status int, code, msg string) {
	t.Helper()
	var b struct {
		Status int    `json:"status"`
		Err    string `json:"err"`
		Msg    string `json:"msg"`
	}
	require.NoError(t, json.Unmarshal(data, &b), string(data))
	return b.Status, b.Err, b.Msg
}

// browser is a plain HTTP client standing in for the customer's browser.
// It follows redirects within the sandbox and stops at the first one that
// leaves it (the merchant's success or fail URL), which it never fetches.
type browser struct {
	t    *testing.T
	base *url.URL
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	u, err := url.Parse(base)
	require.NoError(t, err)
	b := &browser{t: t, base: u}
	b.c = &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Host != u.Host {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	return b
}

// page is a fetched page: the status, the final URL and the HTML, or the
// off-sandbox Location the browser stopped at.
type page struct {
	status   int
	url      string
	html     string
	location string
}

func (b *browser) get(target string) page {
	b.t.Helper()
	resp, err := b.c.Get(b.abs(target))
	require.NoError(b.t, err)
	return b.read(resp)
}

func (b *browser) post(target string, form url.Values) page {
	b.t.Helper()
	resp, err := b.c.PostForm(b.abs(target), form)
	require.NoError(b.t, err)
	return b.read(resp)
}

func (b *browser) abs(target string) string {
	u, err := b.base.Parse(target)
	require.NoError(b.t, err)
	return u.String()
}

func (b *browser) read(resp *http.Response) page {
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return page{status: resp.StatusCode, url: resp.Request.URL.String(), html: string(data), location: resp.Header.Get("Location")}
}

// formAction returns the action of the form with the given id.
func formAction(t *testing.T, html, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<form id="` + regexp.QuoteMeta(id) + `"[^>]*action="([^"]+)"`).FindStringSubmatch(html)
	require.NotNil(t, m, "no form#%s in page", id)
	return m[1]
}

// hasID reports whether the page has an element with the given id.
func hasID(html, id string) bool { return strings.Contains(html, `id="`+id+`"`) }

// jsonKeys returns the top-level keys of a JSON object, in order.
func jsonKeys(t *testing.T, data []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(data)))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok, string(data))
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// newTestServer serves h on loopback for the test and returns its URL.
func newTestServer(t *testing.T, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// settled is sandboxtest.NewServer with Options.SettleImmediately, for tests of
// something other than the document's host-to-host flow that pay with
// CardSuccess and want the payment settled in the answer. The sandbox's
// default (sandboxtest.NewServer without the option) is the document's flow, which
// TestCardFrictionlessFollowsTheDocument covers.
func settled(t testing.TB, opts ...sandbox.Options) *sandbox.Server {
	t.Helper()
	var o sandbox.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	o.SettleImmediately = true
	return sandboxtest.NewServer(t, o)
}
