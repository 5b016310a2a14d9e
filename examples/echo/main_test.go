package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/examples/internal/demoshop"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// startShop serves the shop on a loopback httptest server against its own
// sandbox and returns both.
func startShop(t *testing.T) (*sandbox.Server, string) {
	t.Helper()
	sb := sandbox.NewServer(t)
	srv := httptest.NewUnstartedServer(nil)
	url := "http://" + srv.Listener.Addr().String()
	h, err := newApp(config{Gateway: sb.Client, Secret: sb.Secret, PublicURL: url,
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

func orderStatus(t *testing.T, shop, id string) string {
	t.Helper()
	resp, body := do(t, http.MethodGet, shop+"/orders/"+id, "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	var o struct{ Status string }
	require.NoError(t, json.Unmarshal([]byte(body), &o))
	return o.Status
}

// The smoke test: Pay goes to the sandbox's hosted form, the customer pays
// (or not) there, and the callback settles the order.
func TestCheckoutThroughTheSandbox(t *testing.T) {
	for _, tt := range []struct {
		outcome sandbox.Outcome
		status  string
	}{
		{sandbox.OutcomeSuccess, demoshop.StatusPaid},
		{sandbox.OutcomeDecline, demoshop.StatusFailed},
	} {
		t.Run(tt.outcome.String(), func(t *testing.T) {
			sb, shop := startShop(t)

			resp, body := do(t, http.MethodGet, shop+"/", "", "")
			require.Equal(t, http.StatusOK, resp.StatusCode)
			require.Contains(t, body, "Pay 12.50 EUR")

			resp, _ = do(t, http.MethodPost, shop+"/pay", "application/x-www-form-urlencoded", "")
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
func TestMismatchedCallbackIsNotApplied(t *testing.T) {
	sb, shop := startShop(t)
	resp, _ := do(t, http.MethodPost, shop+"/pay", "application/x-www-form-urlencoded", "")
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
	require.NoError(t, sb.Complete(id, sandbox.OutcomeDecline))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, sb.Flush(ctx))
	require.Equal(t, demoshop.StatusFailed, orderStatus(t, shop, id))
}

func TestTheKitAnswersBadRequests(t *testing.T) {
	sb, shop := startShop(t)
	resp, _ := do(t, http.MethodGet, shop+"/pay", "", "")
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	require.Equal(t, http.MethodPost, resp.Header.Get("Allow"))

	forged := webhooktest.Body("not-the-secret", &smartcore.Callback{OrderID: "x", Status: smartcore.StatusSuccess, Amount: 1250})
	resp, _ = do(t, http.MethodPost, shop+"/webhooks/smartcore", "application/x-www-form-urlencoded", forged)
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Empty(t, sb.Transactions())

	resp, _ = do(t, http.MethodGet, shop+"/orders/nope", "", "")
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestRunPrintsItsURL(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", pw) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(line, "shop on http://127.0.0.1:"), line)
	url := strings.Fields(line)[2]
	resp, body := do(t, http.MethodGet, url+"/", "", "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, body, demoshop.ProductName)
	cancel()
	require.NoError(t, <-done)
}
