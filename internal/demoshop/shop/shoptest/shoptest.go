// Package shoptest drives the demo shop of package shop as a customer's
// browser does, for the shop's own tests and the browser tests of
// examples/shop: a cookie-keeping HTTP client that follows redirects, the
// shop's Pay button, the sandbox's card form and 3-D Secure page, and a
// way to wait for the sandbox's callbacks.
package shoptest

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/sandbox"
)

// Browser is a customer's browser in front of a shop paying through a
// sandbox.
type Browser struct {
	// Client keeps cookies and follows redirects, as a browser does.
	Client *http.Client
	// ShopURL is the shop's base URL, SandboxURL where the hosted form must
	// be, SB the sandbox itself.
	ShopURL, SandboxURL string
	SB                  *sandbox.Server
}

// NewBrowser returns a browser for the shop at shopURL paying through sb.
func NewBrowser(t *testing.T, shopURL string, sb *sandbox.Server) *Browser {
	t.Helper()
	return &Browser{Client: NewClient(t), ShopURL: shopURL, SandboxURL: sb.URL, SB: sb}
}

// NewClient returns an HTTP client that keeps cookies and follows
// redirects, as a browser does.
func NewClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second}
}

// Page is a fetched HTML page after redirects.
type Page struct {
	URL    *url.URL
	Status int
	Body   string
}

// Get fetches target, following redirects.
func (b *Browser) Get(t *testing.T, target string) Page {
	t.Helper()
	resp, err := b.Client.Get(target)
	require.NoError(t, err)
	return ReadPage(t, resp)
}

// Submit posts a form to action (resolved against from), following
// redirects as a browser does.
func (b *Browser) Submit(t *testing.T, from Page, action string, form url.Values) Page {
	t.Helper()
	target, err := from.URL.Parse(action)
	require.NoError(t, err)
	resp, err := b.Client.PostForm(target.String(), form)
	require.NoError(t, err)
	return ReadPage(t, resp)
}

// ReadPage reads resp (closing its body) as the page a browser shows.
func ReadPage(t *testing.T, resp *http.Response) Page {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return Page{URL: resp.Request.URL, Status: resp.StatusCode, Body: string(body)}
}

// StartPayment clicks Pay on the product page: the shop answers 303 to the
// sandbox's hosted form, which the browser then opens.
func (b *Browser) StartPayment(t *testing.T) Page {
	t.Helper()
	product := b.Get(t, b.ShopURL+"/")
	require.Equal(t, http.StatusOK, product.Status)
	action := FormAction(t, product.Body, "pay-form")

	// The 303 itself, without following it.
	noFollow := *b.Client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	target, err := product.URL.Parse(action)
	require.NoError(t, err)
	resp, err := noFollow.PostForm(target.String(), nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, b.SandboxURL+"/pay/"), "Location %q", loc)

	form := b.Get(t, loc)
	require.Equal(t, http.StatusOK, form.Status)
	require.Contains(t, form.Body, `id="card-form"`)
	return form
}

// EnterCard fills the sandbox's card form and clicks its Pay button.
func (b *Browser) EnterCard(t *testing.T, form Page, pan string) Page {
	t.Helper()
	return b.Submit(t, form, FormAction(t, form.Body, "card-form"), url.Values{
		"card_holder": {"Ada Lovelace"}, "card_number": {pan},
		"card_exp": {"12/" + FutureYear()}, "card_cvv": {"123"},
	})
}

// AnswerChallenge clicks a button (approve, decline or cancel) on the
// sandbox's 3-D Secure page.
func (b *Browser) AnswerChallenge(t *testing.T, challenge Page, action string) Page {
	t.Helper()
	require.Contains(t, challenge.Body, `id="approve"`, "not the 3-D Secure page: %s", challenge.URL)
	return b.Submit(t, challenge, FormAction(t, challenge.Body, "challenge-form"), url.Values{"action": {action}})
}

// Flush waits until the sandbox delivered every callback due.
func (b *Browser) Flush(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, b.SB.Flush(ctx))
}

// FutureYear is next year as YY, an expiry the card form accepts.
func FutureYear() string {
	return time.Now().AddDate(1, 0, 0).Format("06")
}

// FormAction returns the action of the form with the given id.
func FormAction(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<form id="` + id + `"[^>]*\saction="([^"]*)"`).FindStringSubmatch(body)
	require.NotNil(t, m, "no form#%s in:\n%s", id, body)
	return html.UnescapeString(m[1])
}

// TextOf returns the text of the element with the given id; an element of
// its own kind must not be nested in it.
func TextOf(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<(\w+)[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindStringSubmatchIndex(body)
	require.NotNil(t, m, "no #%s in:\n%s", id, body)
	rest := body[m[1]:]
	end := strings.Index(rest, "</"+body[m[2]:m[3]]+">")
	require.GreaterOrEqual(t, end, 0, "#%s is not closed", id)
	// The element's text, without the markup inside it (<code>, <wbr>).
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(rest[:end], ""))
}

// Logger returns a logger into a buffer that is printed if t fails.
func Logger(t *testing.T) *slog.Logger {
	var buf SyncBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("shop log:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(&buf, nil))
}

// SyncBuffer is a bytes.Buffer safe for concurrent writers, such as a
// command's output read while it runs.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
