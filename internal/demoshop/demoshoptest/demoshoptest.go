// Package demoshoptest is the smoke test that every framework example
// (examples/gin, examples/echo, examples/chi) runs against its own wiring:
// each example's main_test.go calls [Run] with its [demoshop.NewHandler],
//
//	func TestShop(t *testing.T) { demoshoptest.Run(t, newApp) }
//
// and so proves that its framework's routes, the kit's adapters and the
// shared shop work together against a real (loopback) sandbox.
package demoshoptest

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// Scenario is one smoke test of a shop's wiring.
type Scenario struct {
	// Name is the subtest's name.
	Name string
	// Test runs the scenario against the shop that newHandler builds.
	Test func(t *testing.T, newHandler demoshop.NewHandler)
}

// Scenarios returns the smoke tests, in the order [Run] runs them:
//
//   - CheckoutThroughTheSandbox: the page offers the product; Pay answers
//     303 to the sandbox's hosted form, which answers 200; the order is
//     pending until the gateway's callback (sandbox Complete, then Flush)
//     makes it paid, or failed on a decline, and the shop acknowledges the
//     callback.
//   - MismatchedCallbackIsNotApplied: a signed callback for another amount,
//     or a refund or withdrawal, is acknowledged but leaves the order
//     pending; the gateway's own callback still settles it.
//   - TheKitAnswersBadRequests: GET /pay is 405 with Allow: POST, a forged
//     callback is 401, an unknown order is 404.
//   - RunPrintsItsURL: [demoshop.Run] with -addr 127.0.0.1:0 prints the
//     shop's URL, serves the page there and exits 0 when its context ends.
func Scenarios() []Scenario {
	return []Scenario{
		{"CheckoutThroughTheSandbox", checkoutThroughTheSandbox},
		{"MismatchedCallbackIsNotApplied", mismatchedCallbackIsNotApplied},
		{"TheKitAnswersBadRequests", theKitAnswersBadRequests},
		{"RunPrintsItsURL", runPrintsItsURL},
	}
}

// Run runs every scenario of [Scenarios] against the shop that newHandler
// builds, each as a subtest of t.
func Run(t *testing.T, newHandler demoshop.NewHandler) {
	t.Helper()
	for _, s := range Scenarios() {
		t.Run(s.Name, func(t *testing.T) { s.Test(t, newHandler) })
	}
}

// startShop serves the shop that newHandler builds on a loopback httptest
// server against its own sandbox and returns both.
func startShop(t *testing.T, newHandler demoshop.NewHandler) (*sandbox.Server, string) {
	t.Helper()
	sb := sandboxtest.NewServer(t, sandbox.Options{})
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	h, err := newHandler(demoshop.Config{Gateway: sb.Client, Secret: sb.Secret, PublicURL: url,
		SandboxHost: strings.TrimPrefix(sb.URL, "http://")})
	require.NoError(t, err)
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return sb, url
}

// browser does not follow redirects, so that each step can be checked.
var browser = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func do(t *testing.T, method, url, contentType, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := browser.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// orderStatus reads an order's status from its page's #order-status.
func orderStatus(t *testing.T, shop, id string) string {
	t.Helper()
	resp, body := do(t, http.MethodGet, shop+"/orders/"+id, "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	m := regexp.MustCompile(`id="order-status"[^>]*data-status="([a-z]+)"`).FindStringSubmatch(body)
	require.NotNil(t, m, "no #order-status in %s", body)
	return m[1]
}

// Pay goes to the sandbox's hosted form, the customer pays (or not) there,
// and the callback settles the order.
func checkoutThroughTheSandbox(t *testing.T, newHandler demoshop.NewHandler) {
	for _, tt := range []struct {
		outcome sandbox.ShopperAction
		status  string
	}{
		{sandbox.Approve, demoshop.StatusPaid},
		{sandbox.Decline, demoshop.StatusFailed},
	} {
		t.Run(tt.outcome.String(), func(t *testing.T) {
			sb, shop := startShop(t, newHandler)

			resp, body := do(t, http.MethodGet, shop+"/", "", "")
			require.Equal(t, http.StatusOK, resp.StatusCode)
			require.Contains(t, body, "Pay 12.50 EUR")

			resp, _ = do(t, http.MethodPost, shop+demoshop.PayPath, "application/x-www-form-urlencoded", "")
			require.Equal(t, http.StatusSeeOther, resp.StatusCode)
			form := resp.Header.Get("Location")
			require.True(t, strings.HasPrefix(form, sb.URL+"/pay/"), "redirected to the sandbox's form, got %q", form)
			resp, _ = do(t, http.MethodGet, form, "", "")
			require.Equal(t, http.StatusOK, resp.StatusCode, "the hosted form")

			txs := sb.Transactions()
			require.Len(t, txs, 1)
			id := txs[0].OrderID
			require.Equal(t, demoshop.StatusPending, orderStatus(t, shop, id))

			require.NoError(t, sb.Complete(id, tt.outcome))
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			require.NoError(t, sb.Flush(ctx))
			require.Equal(t, tt.status, orderStatus(t, shop, id))
			deliveries := sb.Deliveries(id)
			require.NotEmpty(t, deliveries)
			require.True(t, deliveries[len(deliveries)-1].OK(), "the shop acknowledged the callback")
		})
	}
}

// A signed callback that does not match the order — another amount or
// currency, or not a payment — is acknowledged, so that the gateway stops
// sending it, but does not settle the order.
func mismatchedCallbackIsNotApplied(t *testing.T, newHandler demoshop.NewHandler) {
	sb, shop := startShop(t, newHandler)
	resp, _ := do(t, http.MethodPost, shop+demoshop.PayPath, "application/x-www-form-urlencoded", "")
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	txs := sb.Transactions()
	require.Len(t, txs, 1)
	id := txs[0].OrderID

	for _, cb := range []*smartcore.Callback{
		{OrderID: id, Type: smartcore.TypePayment, Status: smartcore.StatusSuccess, Amount: 1, Currency: demoshop.Currency},
		{OrderID: id, Type: smartcore.TypeRefund, Status: smartcore.StatusSuccess, Amount: demoshop.Price, Currency: demoshop.Currency},
		{OrderID: id, Type: smartcore.TypeWithdrawal, Status: smartcore.StatusFail, Amount: demoshop.Price, Currency: demoshop.Currency},
	} {
		resp, body := do(t, http.MethodPost, shop+"/webhooks/smartcore", "application/x-www-form-urlencoded",
			webhooktest.Body(sb.Secret, cb))
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		require.Equal(t, demoshop.StatusPending, orderStatus(t, shop, id), "%s %s for %d %s", cb.Type, cb.Status, cb.Amount, cb.Currency)
	}

	// The gateway's own callback still settles it.
	require.NoError(t, sb.Complete(id, sandbox.Decline))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, sb.Flush(ctx))
	require.Equal(t, demoshop.StatusFailed, orderStatus(t, shop, id))
}

func theKitAnswersBadRequests(t *testing.T, newHandler demoshop.NewHandler) {
	sb, shop := startShop(t, newHandler)
	resp, _ := do(t, http.MethodGet, shop+demoshop.PayPath, "", "")
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	require.Equal(t, http.MethodPost, resp.Header.Get("Allow"))

	forged := webhooktest.Body("not-the-secret", &smartcore.Callback{OrderID: "x", Status: smartcore.StatusSuccess, Amount: 1250})
	resp, _ = do(t, http.MethodPost, shop+"/webhooks/smartcore", "application/x-www-form-urlencoded", forged)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Empty(t, sb.Transactions())

	resp, _ = do(t, http.MethodGet, shop+"/orders/nope", "", "")
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func runPrintsItsURL(t *testing.T, newHandler demoshop.NewHandler) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	type exit struct {
		code   int
		stderr string
	}
	done := make(chan exit, 1)
	go func() {
		var stderr strings.Builder
		code := demoshop.Run(ctx, []string{"shop", "-addr", "127.0.0.1:0"}, pw, &stderr, newHandler)
		_ = pw.Close() // a Run that fails before printing ends the read below
		done <- exit{code, stderr.String()}
	}()
	var banner strings.Builder
	for rd := bufio.NewReader(pr); !strings.Contains(banner.String(), "Stop with Ctrl-C."); {
		line, err := rd.ReadString('\n')
		banner.WriteString(line)
		if err != nil {
			e := <-done
			t.Fatalf("Run printed %q (%v); it exited %d, stderr %q", banner.String(), err, e.code, e.stderr)
		}
	}
	// Every demo shop starts with the same banner: the shop, the test
	// cards, the orders page and the sandbox's dashboard.
	m := regexp.MustCompile(`^SmartCore demo shop: open (http://127\.0\.0\.1:\d+)/\n`).FindStringSubmatch(banner.String())
	require.NotNil(t, m, banner.String())
	url := m[1]
	for _, want := range []string{sandbox.CardSuccess, sandbox.CardChallenge, url + "/orders", "Sandbox dashboard", "Stop with Ctrl-C."} {
		require.Contains(t, banner.String(), want)
	}
	resp, body := do(t, http.MethodGet, url+"/", "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, demoshop.ProductName)
	cancel()
	e := <-done
	require.Equal(t, 0, e.code, e.stderr)
	require.Empty(t, e.stderr)
}
