package sandbox_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// dash is a sandbox with a merchant host (the kit's webhook handler) and a
// browser for the dashboard.
type dash struct {
	srv   *sandbox.Server
	host  *host
	b     *browser
	clock *sandbox.FakeClock
}

// newDash settles frictionless payments at once; newDocumentDash follows
// the document's flow (they wait for form_url).
func newDash(t *testing.T) *dash { return newDashWith(t, true) }

func newDocumentDash(t *testing.T) *dash { return newDashWith(t, false) }

func newDashWith(t *testing.T, settleNow bool) *dash {
	clock := sandbox.NewFakeClock(time.Time{})
	srv := sandboxtest.NewServer(t, sandbox.Options{Clock: clock, SettleImmediately: settleNow})
	return &dash{srv: srv, host: newHost(t, srv.Secret), b: newBrowser(t, srv.URL), clock: clock}
}

// pay makes a host-to-host card payment and returns its processing id.
func (d *dash) pay(t *testing.T, id, pan, callback string) string {
	t.Helper()
	_, err := d.srv.Client.PayCard(context.Background(), cardPayment(id, pan, 1050, callback))
	require.NoError(t, err)
	flush(t, d.srv)
	return d.pid(t, id)
}

// form starts a hosted-form payment and returns its processing id.
func (d *dash) form(t *testing.T, id string) string {
	t.Helper()
	_, err := d.srv.Client.InitPayment(context.Background(), formPayment(id, 990, d.host.URL))
	require.NoError(t, err)
	return d.pid(t, id)
}

func (d *dash) pid(t *testing.T, orderID string) string {
	t.Helper()
	tx, ok := d.srv.Order(orderID)
	require.True(t, ok, orderID)
	return tx.ProcessingID
}

// act posts an action as the dashboard's own form does (same origin) and
// returns the page the browser lands on.
func (d *dash) act(t *testing.T, pid, action string) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, d.b.abs("/transactions/"+pid+"/"+action), nil)
	require.NoError(t, err)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", d.srv.URL)
	resp, err := d.b.c.Do(req)
	require.NoError(t, err)
	p := d.b.read(resp)
	flush(t, d.srv)
	return p
}

var (
	rowIDs     = regexp.MustCompile(`<tr id="tx-([0-9a-f]{24})"`)
	attemptRow = regexp.MustCompile(`<tr id="attempt-(\d+)" data-http="(\d+)">`)
)

func rows(html string) []string {
	var ids []string
	for _, m := range rowIDs.FindAllStringSubmatch(html, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// attempts returns the HTTP status of each attempt row, newest first.
func attempts(html string) []string {
	var codes []string
	for _, m := range attemptRow.FindAllStringSubmatch(html, -1) {
		codes = append(codes, m[2])
	}
	return codes
}

func TestDashboardListsNewestFirstAndFilters(t *testing.T) {
	d := newDash(t)
	paid := d.pay(t, "dash-paid", sandbox.CardSuccess, d.host.URL)
	d.clock.Advance(time.Second)
	declined := d.pay(t, "dash-declined", sandbox.CardInsufficientFunds, d.host.URL)
	d.clock.Advance(time.Second)
	waiting := d.form(t, "dash-form")
	d.clock.Advance(time.Second)
	_, err := d.srv.Client.Refund(context.Background(), &smartcore.RefundRequest{OrderID: "dash-paid", Amount: 1050, Reason: "test"})
	require.NoError(t, err)
	refund := d.srv.Transactions()[3].ProcessingID

	p := d.b.get("/")
	require.Equal(t, http.StatusOK, p.status)
	require.Equal(t, []string{refund, waiting, declined, paid}, rows(p.html), "newest first")
	require.Contains(t, p.html, `http-equiv="refresh"`)
	// A badge reads its filter's word, then the details.
	for _, want := range []string{">Succeeded</span> <span class=\"muted small\">refunded<", ">Failed</span> <span class=\"muted small\">declined<",
		">Waiting</span> <span class=\"muted small\">for card details<"} {
		require.Contains(t, p.html, want)
	}

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"?status=failed", []string{declined}},
		{"?status=waiting", []string{waiting}},
		{"?status=succeeded", []string{refund, paid}},
		{"?type=Refund", []string{refund}},
		{"?type=Payment&status=succeeded", []string{paid}},
		{"?status=authorized", nil},
		{"?status=bogus&type=<b>", []string{refund, waiting, declined, paid}}, // unknown values filter nothing
	} {
		t.Run(tc.query, func(t *testing.T) {
			p := d.b.get("/" + tc.query)
			require.Equal(t, http.StatusOK, p.status)
			require.Equal(t, tc.want, rows(p.html))
			if tc.want == nil {
				require.True(t, hasID(p.html, "empty"), "an empty list says so")
				require.Contains(t, p.html, "Show all transactions")
			}
		})
	}

	// Paused, the page does not refresh and its links keep it paused.
	p = d.b.get("/?status=failed&pause=1")
	require.NotContains(t, p.html, `http-equiv="refresh"`)
	require.Contains(t, p.html, `href="/?pause=1&amp;status=failed"`)
	require.Equal(t, []string{declined}, rows(p.html))
}

func TestDashboardEmptyAndUnknown(t *testing.T) {
	d := newDash(t)
	p := d.b.get("/")
	require.Equal(t, http.StatusOK, p.status)
	require.True(t, hasID(p.html, "empty"))
	require.Contains(t, p.html, "No transactions yet")

	p = d.b.get("/transactions/000000000000000000000000")
	require.Equal(t, http.StatusNotFound, p.status)
	require.Contains(t, p.html, `id="back" href="/"`, "an error page offers a way back")

	// The API's JSON 404 is unchanged for other methods on the root.
	code, body := rawPost(t, d.srv.URL+"/", d.srv.MerchantKey, d.srv.Secret, "{}")
	require.Equal(t, http.StatusNotFound, code)
	require.Contains(t, string(body), sandbox.CodeNotFound)
}

func TestDashboardDetailShowsAttemptsRequestsAndStates(t *testing.T) {
	d := newDash(t)
	pid := d.pay(t, "dash-detail", sandbox.CardSuccess, d.host.URL)
	check(t, d.srv, "dash-detail")
	check(t, d.srv, "dash-detail")

	p := d.b.get("/transactions/" + pid)
	require.Equal(t, http.StatusOK, p.status)
	require.Contains(t, p.html, `id="tx-status" data-status="succeeded">Succeeded<`)
	require.Equal(t, []string{"200"}, attempts(p.html))
	require.Contains(t, p.html, "200 OK")
	require.Regexp(t, `\d+(\.\d)? ms`, p.html, "the attempt's latency")
	require.Contains(t, p.html, `datetime="2024-01-01T00:00:00Z"`, "times are <time> elements")
	require.Contains(t, p.html, d.host.URL)
	// The timeline: the payment request, its creation and success, and the
	// two identical checks counted on one line.
	require.Contains(t, p.html, `<code><span style="word-break:keep-all">/initPaymentHost2Host</span></code>`)
	require.Contains(t, p.html, "<strong>Created</strong>")
	require.Contains(t, p.html, "<strong>Succeeded · paid</strong>")
	require.Contains(t, p.html, "2 times, last")
	// Never the full card number, the CVV or the secret.
	require.NotContains(t, p.html, sandbox.CardSuccess)
	require.Contains(t, p.html, "•••• 3010")
	require.NotContains(t, p.html, "card_cvv")
	require.NotContains(t, p.html, d.srv.Secret)
	// The refresh drops a flash message, keeps nothing else, and counts
	// the reloads in a row.
	require.Contains(t, p.html, `content="3; url=/transactions/`+pid+`?live=1"`)

	// A page left open stops reloading after five minutes of reloads, and
	// offers to resume (without the count).
	p = d.b.get("/transactions/" + pid + "?live=99")
	require.Contains(t, p.html, `content="3; url=/transactions/`+pid+`?live=100"`)
	p = d.b.get("/transactions/" + pid + "?live=100")
	require.NotContains(t, p.html, `http-equiv="refresh"`)
	require.Contains(t, p.html, "Updates stopped after 5 minutes")
	require.Contains(t, p.html, `href="/transactions/`+pid+`" id="refresh-toggle">Resume</a>`)
}

func TestDashboardShowsTheStartOfTheHostsAnswer(t *testing.T) {
	d := newDash(t)
	long := strings.Repeat("é", sandbox.AnswerPrefixBytes) // two bytes each
	cbURL := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("db <down> " + long))
	}))
	pid := d.pay(t, "dash-answer", sandbox.CardSuccess, cbURL+"/cb")

	log := d.srv.Deliveries("dash-answer")
	require.Len(t, log, 1)
	require.Positive(t, log[0].Latency)
	require.LessOrEqual(t, len(log[0].Answer), sandbox.AnswerPrefixBytes)
	require.True(t, strings.HasPrefix(log[0].Answer, "db <down> éé"), log[0].Answer)
	require.True(t, strings.HasSuffix(log[0].Answer, "é"), "a character cut in two is dropped, not garbled")

	p := d.b.get("/transactions/" + pid)
	require.Equal(t, []string{"500"}, attempts(p.html))
	require.Contains(t, p.html, "db &lt;down&gt;", "the answer is escaped")
	require.Contains(t, p.html, "500 Internal Server Error")
}

func TestDashboardEscapesAndLocksDown(t *testing.T) {
	d := newDash(t)
	req := formPayment(`<b id="x">o&rder</b>`, 100, d.host.URL)
	_, err := d.srv.Client.InitPayment(context.Background(), req)
	require.NoError(t, err)
	pid := d.pid(t, req.OrderID)
	for _, path := range []string{"/", "/transactions/" + pid} {
		resp, err := http.Get(d.srv.URL + path)
		require.NoError(t, err)
		p := d.b.read(resp)
		require.NotContains(t, p.html, `<b id="x">`, path)
		require.Contains(t, p.html, `&lt;b id=&#34;x&#34;&gt;o&amp;rder&lt;/b&gt;`, path)
		require.NotContains(t, p.html, "<script", path)
		csp := resp.Header.Get("Content-Security-Policy")
		require.Contains(t, csp, "default-src 'none'", path)
		require.NotContains(t, csp, "script-src", path)
		require.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
	}
}

func TestDashboardForgetsAnEvictedOrdersHistory(t *testing.T) {
	srv := sandboxtest.NewServer(t, sandbox.Options{MaxTransactions: 1, SettleImmediately: true})
	pay := func(id string) string {
		_, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardSuccess, 1050, ""))
		require.NoError(t, err)
		tx, ok := srv.Order(id)
		require.True(t, ok)
		return tx.ProcessingID
	}
	pay("reused")
	pay("other") // evicts "reused"
	pid := pay("reused")
	p := newBrowser(t, srv.URL).get("/transactions/" + pid)
	require.Equal(t, 1, strings.Count(p.html, "<strong>Created</strong>"), "only the new order's history")
}

func TestDashboardShowsALostResponse(t *testing.T) {
	d := newDash(t)
	require.NoError(t, d.srv.InjectFault(sandbox.Fault{Kind: sandbox.FaultLostResponse, Endpoint: "/check", OrderID: "dash-lost"}))
	pid := d.pay(t, "dash-lost", sandbox.CardSuccess, d.host.URL)
	_, err := d.srv.Client.Check(context.Background(), &smartcore.CheckRequest{OrderID: "dash-lost"})
	require.Error(t, err)
	p := d.b.get("/transactions/" + pid)
	require.Contains(t, p.html, "the connection was dropped")
}
