// The browser tests drive the shop of internal/demoshop/shop; these helpers
// are the part of that package's test helpers they need.

package main

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/internal/demoshop/shop"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// testShop is the shop on an httptest server in front of an in-process
// sandbox, with a customer's browser made of an http.Client and a cookie
// jar.
type testShop struct {
	*shop.Shop
	URL        string
	sb         *sandbox.Server
	sandboxURL string // where the hosted form must be
	browser    *http.Client
}

// newTestShop starts a sandbox (configured by opts, if any) and a shop
// that pays through it. The shop's log is shown when the test fails.
func newTestShop(t *testing.T, opts ...sandbox.Options) *testShop {
	t.Helper()
	return newTestShopWith(t, nil, opts...)
}

// firstOptions returns opts[0], or the sandbox's defaults when opts is
// empty, with the shop's name on the hosted pages as the shop's own
// command sets it.
func firstOptions(opts []sandbox.Options) sandbox.Options {
	o := sandbox.Options{}
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.MerchantName == "" {
		o.MerchantName = demoshop.ShopName
	}
	return o
}

// newTestShopWith is newTestShop with configure, when not nil, changing
// the shop's configuration before the shop is built.
func newTestShopWith(t *testing.T, configure func(*shop.Config), opts ...sandbox.Options) *testShop {
	t.Helper()
	sb := sandboxtest.NewServer(t, firstOptions(opts))
	// The shop's public URL (for the callback and return URLs) must be known
	// before the shop is built, so take the listener first.
	ts := httptest.NewUnstartedServer(nil)
	public := "http://" + ts.Listener.Addr().String()
	cfg := shop.Config{Client: sb.Client, Secret: sb.Secret, PublicURL: public,
		SandboxHosts: []string{strings.TrimPrefix(sb.URL, "http://")}, Logger: testLogger(t)}
	if configure != nil {
		configure(&cfg)
	}
	s, err := shop.New(cfg)
	require.NoError(t, err)
	ts.Config.Handler = s
	ts.Start()
	t.Cleanup(ts.Close)
	return &testShop{Shop: s, URL: public, sb: sb, sandboxURL: sb.URL, browser: newBrowser(t)}
}

// newBrowser returns an HTTP client that keeps cookies and follows
// redirects, as a browser does.
func newBrowser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

// testLogger returns a logger into a buffer that is printed if t fails.
func testLogger(t *testing.T) *slog.Logger {
	var buf syncBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("shop log:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(&buf, nil))
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// page is a fetched HTML page after redirects.
type page struct {
	URL    *url.URL
	Status int
	Body   string
}

// get fetches target with the customer's browser, following redirects.
func (ts *testShop) get(t *testing.T, target string) page {
	t.Helper()
	resp, err := ts.browser.Get(target)
	require.NoError(t, err)
	return readPage(t, resp)
}

// submit posts a form to action (resolved against from) with the
// customer's browser, following redirects as a browser does.
func (ts *testShop) submit(t *testing.T, from page, action string, form url.Values) page {
	t.Helper()
	target, err := from.URL.Parse(action)
	require.NoError(t, err)
	resp, err := ts.browser.PostForm(target.String(), form)
	require.NoError(t, err)
	return readPage(t, resp)
}

func readPage(t *testing.T, resp *http.Response) page {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return page{URL: resp.Request.URL, Status: resp.StatusCode, Body: string(body)}
}

// startPayment clicks Pay on the product page: the shop answers 303 to the
// sandbox's hosted form, which the browser then opens.
func (ts *testShop) startPayment(t *testing.T) page {
	t.Helper()
	product := ts.get(t, ts.URL+"/")
	require.Equal(t, http.StatusOK, product.Status)
	action := formAction(t, product.Body, "pay-form")

	// The 303 itself, without following it.
	noFollow := *ts.browser
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	target, err := product.URL.Parse(action)
	require.NoError(t, err)
	resp, err := noFollow.PostForm(target.String(), nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, ts.sandboxURL+"/pay/"), "Location %q", loc)

	form := ts.get(t, loc)
	require.Equal(t, http.StatusOK, form.Status)
	require.Contains(t, form.Body, `id="card-form"`)
	return form
}

// enterCard fills the sandbox's card form and clicks its Pay button.
func (ts *testShop) enterCard(t *testing.T, form page, pan string) page {
	t.Helper()
	return ts.submit(t, form, formAction(t, form.Body, "card-form"), url.Values{
		"card_holder": {"Ada Lovelace"}, "card_number": {pan},
		"card_exp": {"12/" + futureYear()}, "card_cvv": {"123"},
	})
}

// flush waits until the sandbox delivered every callback due.
func (ts *testShop) flush(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, ts.sb.Flush(ctx))
}

// futureYear is next year as YY, an expiry the card form accepts.
func futureYear() string {
	return time.Now().AddDate(1, 0, 0).Format("06")
}

// formAction returns the action of the form with the given id.
func formAction(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<form id="` + id + `"[^>]*\saction="([^"]*)"`).FindStringSubmatch(body)
	require.NotNil(t, m, "no form#%s in:\n%s", id, body)
	return html.UnescapeString(m[1])
}
