package client_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// sandboxAuth is base64("test:qwerty"), as the document's curl lines send it.
const sandboxAuth = "Basic dGVzdDpxd2VydHk="

// recordedRequest is one request a test server received.
type recordedRequest struct {
	method, path string
	header       http.Header
	body         []byte
}

// fakeHost is an httptest server that records every request and answers
// with handler (204 when nil).
type fakeHost struct {
	*httptest.Server
	mu      sync.Mutex
	hits    []recordedRequest
	handler http.HandlerFunc
}

func newFakeHost(t *testing.T, handler http.HandlerFunc) *fakeHost {
	t.Helper()
	r := &fakeHost{handler: handler}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.hits = append(r.hits, recordedRequest{method: req.Method, path: req.URL.Path, header: req.Header.Clone(), body: body})
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(body))
		if r.handler == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		r.handler(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *fakeHost) Hits() []recordedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recordedRequest(nil), r.hits...)
}

// answerJSON returns a handler answering status with body as JSON.
func answerJSON(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// newTestClient returns a sandbox client whose gateway and PCI hosts are
// the two fake hosts, with fast retries.
func newTestClient(t *testing.T, gw, pci *fakeHost, opts ...client.Option) *client.Client {
	t.Helper()
	base := []client.Option{
		client.WithBaseURL(gw.URL),
		client.WithPCIBaseURL(pci.URL),
		client.WithRetry(3, time.Millisecond),
	}
	c, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func TestNewClientRejectsBadInput(t *testing.T) {
	cases := map[string]struct {
		key, secret string
		opts        []client.Option
	}{
		"empty key":             {"", "s", nil},
		"empty secret":          {"k", "", nil},
		"colon in key":          {"a:b", "s", nil},
		"nil http client":       {"k", "s", []client.Option{client.WithHTTPClient(nil)}},
		"relative base":         {"k", "s", []client.Option{client.WithBaseURL("/api")}},
		"ftp base":              {"k", "s", []client.Option{client.WithBaseURL("ftp://x.example")}},
		"base with credentials": {"k", "s", []client.Option{client.WithBaseURL("https://u:p@x.example")}},
		"base with query":       {"k", "s", []client.Option{client.WithBaseURL("https://x.example/?a=1")}},
		"pci without host":      {"k", "s", []client.Option{client.WithPCIBaseURL("https://")}},
		"zero rate":             {"k", "s", []client.Option{client.WithRateLimit(0, 1)}},
		"zero burst":            {"k", "s", []client.Option{client.WithRateLimit(10, 0)}},
		"nil logger":            {"k", "s", []client.Option{client.WithLogger(nil)}},
		"zero attempts":         {"k", "s", []client.Option{client.WithRetry(0, time.Second)}},
		"negative delay":        {"k", "s", []client.Option{client.WithRetry(2, -time.Second)}},
		"empty user agent":      {"k", "s", []client.Option{client.WithUserAgent(" ")}},
		"multi-line user agent": {"k", "s", []client.Option{client.WithUserAgent("a\r\nX-Evil: 1")}},
		"nil option":            {"k", "s", []client.Option{nil}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, err := client.New(tc.key, tc.secret, tc.opts...)
			require.Error(t, err)
			require.Nil(t, c)
			require.NotContains(t, err.Error(), "u:p@")
		})
	}
}

func TestNewClientDefaults(t *testing.T) {
	c, err := client.New("key", "secret")
	require.NoError(t, err)
	require.Equal(t, "key", c.MerchantKey())
	require.Contains(t, c.String(), client.DefaultBaseURL)
	require.Contains(t, c.String(), client.DefaultPCIBaseURL)
	require.Equal(t, "", (*client.Client)(nil).MerchantKey())

	_, err = client.New("k", "s",
		client.WithBaseURL("https://sandbox.example/prefix/"),
		client.WithRateLimit(rate.Inf, 1),
		client.WithHTTPClient(&http.Client{}),
		client.WithUserAgent("shop/1.0"),
		client.WithRetry(1, 0))
	require.NoError(t, err)
}

func TestBaseURLPathPrefixAndUserAgent(t *testing.T) {
	gw := newFakeHost(t, answerJSON(200, `{"balance": 5}`))
	c, err := client.New("k", "s",
		client.WithBaseURL(gw.URL+"/sandbox/"),
		client.WithUserAgent("shop/1.0"))
	require.NoError(t, err)
	got, err := c.Balance(t.Context(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
	require.NoError(t, err)
	require.EqualValues(t, 5, got.Balance)
	hits := gw.Hits()
	require.Len(t, hits, 1)
	require.Equal(t, "/sandbox/withdrawal/balance/get", hits[0].path)
	require.Equal(t, "shop/1.0", hits[0].header.Get("User-Agent"))
}

// TestUserAgentRefusesControlCharacters: net/http refuses a header value
// holding a control character before connecting, so such a User-Agent
// would make every payment "outcome unknown" although nothing was sent.
// New refuses it instead; a tab and non-ASCII text are valid header text.
func TestUserAgentRefusesControlCharacters(t *testing.T) {
	for _, c := range []string{"\x00", "\x01", "\x1b", "\x1f", "\x7f", "\r", "\n"} {
		_, err := client.New("k", "s", client.WithUserAgent("shop"+c+"/1"))
		require.ErrorContains(t, err, "control character", "%q", c)
	}
	for _, ua := range []string{"shop\t/1", "shöp/1"} {
		gw := newFakeHost(t, answerJSON(200, `{"balance": 5}`))
		c, err := client.New("k", "s", client.WithBaseURL(gw.URL), client.WithUserAgent(ua))
		require.NoError(t, err, "%q", ua)
		_, err = c.Balance(t.Context(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
		require.NoError(t, err)
		require.Equal(t, ua, gw.Hits()[0].header.Get("User-Agent"))
	}
}

func TestDefaultUserAgentNamesVersions(t *testing.T) {
	gw := newFakeHost(t, answerJSON(200, `{"balance": 5}`))
	c, err := client.New("k", "s", client.WithBaseURL(gw.URL))
	require.NoError(t, err)
	_, err = c.Balance(t.Context(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
	require.NoError(t, err)
	hits := gw.Hits()
	require.Len(t, hits, 1)
	// A test binary is built from the checkout: the kit's version is "devel".
	require.Equal(t, "smartcore-go/devel "+runtime.Version(), hits[0].header.Get("User-Agent"))
}

func TestDefaultClientDoesNotFollowRedirects(t *testing.T) {
	target := newFakeHost(t, answerJSON(200, `{"order_id": "x", "status": 2}`))
	gw := newFakeHost(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/capture", http.StatusTemporaryRedirect)
	})
	c, err := client.New("k", "s", client.WithBaseURL(gw.URL))
	require.NoError(t, err)
	_, err = c.Capture(t.Context(), &smartcore.CaptureRequest{OrderID: "x"})
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, http.StatusTemporaryRedirect, apiErr.StatusCode)
	require.ErrorIs(t, err, client.ErrOutcomeUnknown, "the capture may have been processed")
	require.Empty(t, target.Hits(), "a payment API call must not be replayed elsewhere")
}
