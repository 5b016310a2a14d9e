package sandbox_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

func TestDashboardActions(t *testing.T) {
	for _, tc := range []struct {
		name     string
		document bool // the document's flow instead of SettleImmediately
		setup    func(t *testing.T, d *dash) (orderID, pid string)
		action   string
		check    func(t *testing.T, d *dash, orderID string, p page)
	}{
		{
			name:   "resend adds an attempt",
			setup:  paidOrder,
			action: "resend",
			check: func(t *testing.T, d *dash, id string, p page) {
				require.Equal(t, []string{"200", "200"}, attempts(p.html))
				require.Contains(t, p.html, "Resent")
				received, codes := d.host.stats()
				require.Equal(t, 2, received, "the host got the callback again")
				require.Equal(t, []int{200, 200}, codes)
			},
		},
		{
			name:   "duplicate is acknowledged and not processed twice",
			setup:  paidOrder,
			action: "duplicate",
			check: func(t *testing.T, d *dash, id string, p page) {
				require.Equal(t, []string{"200", "200"}, attempts(p.html))
				require.Contains(t, p.html, ">Duplicate<")
				require.Len(t, d.host.callbacks(id), 1)
			},
		},
		{
			name:   "bad signature is refused by the webhook handler",
			setup:  paidOrder,
			action: "bad-signature",
			check: func(t *testing.T, d *dash, id string, p page) {
				require.Equal(t, []string{"401", "200"}, attempts(p.html))
				require.Contains(t, p.html, "refused, as it should")
				_, codes := d.host.stats()
				require.Equal(t, []int{200, 401}, codes)
				require.Len(t, d.host.callbacks(id), 1)
			},
		},
		{
			name:   "approve 3-D Secure",
			setup:  challengeOrder,
			action: "approve",
			check: func(t *testing.T, d *dash, id string, p page) {
				require.Contains(t, p.html, `data-status="succeeded">Succeeded<`)
				require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, d.host.statuses(id))
			},
		},
		{
			name:   "decline 3-D Secure",
			setup:  challengeOrder,
			action: "decline",
			check: func(t *testing.T, d *dash, id string, p page) {
				tx, _ := d.srv.Order(id)
				require.Equal(t, smartcore.ErrAuthenticationProcessing, tx.ErrorCode)
				require.Contains(t, p.html, `data-status="failed">Failed<`)
			},
		},
		{
			name:   "expire a 3-D Secure challenge",
			setup:  challengeOrder,
			action: "expire",
			check: func(t *testing.T, d *dash, id string, p page) {
				tx, _ := d.srv.Order(id)
				// Nobody opened the challenge page: the redirect timeout.
				require.Equal(t, smartcore.Err3DSRedirectTimeoutProcessing, tx.ErrorCode)
				require.Contains(t, p.html, `data-status="expired">Expired<`)
			},
		},
		{
			name:     "approve a form_url nobody opened",
			document: true,
			setup: func(t *testing.T, d *dash) (string, string) {
				pid := d.pay(t, "dash-redirect", sandbox.CardSuccess, d.host.URL)
				p := d.b.get("/transactions/" + pid)
				require.Contains(t, p.html, "for the shopper&#39;s browser")
				return "dash-redirect", pid
			},
			action: "approve",
			check: func(t *testing.T, d *dash, id string, p page) {
				require.Contains(t, p.html, `data-status="succeeded">Succeeded<`)
				require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, d.host.statuses(id))
			},
		},
		{
			name: "settle a pending refund",
			setup: func(t *testing.T, d *dash) (string, string) {
				d.pay(t, "dash-parent", sandbox.CardSuccess, d.host.URL)
				res, err := d.srv.Client.Refund(context.Background(), &smartcore.RefundRequest{
					OrderID: "dash-parent", Amount: sandbox.PendingCents, Reason: "pending", CallbackURL: d.host.URL})
				require.NoError(t, err)
				pid := d.pid(t, res.RefundID)
				p := d.b.get("/transactions/" + pid)
				require.Contains(t, p.html, `data-status="waiting">Waiting<`)
				require.True(t, hasID(p.html, "action-settle"))
				return res.RefundID, pid
			},
			action: "settle",
			check: func(t *testing.T, d *dash, id string, p page) {
				require.Contains(t, p.html, `data-status="succeeded">Succeeded<`)
				require.Equal(t, []string{"200"}, attempts(p.html))
				var refunds []smartcore.Status
				for _, cb := range d.host.callbacks("dash-parent") { // a refund's callback names the merchant's order
					if cb.Type == smartcore.TypeRefund {
						refunds = append(refunds, cb.Status)
					}
				}
				require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, refunds)
			},
		},
		{
			name: "expire a form",
			setup: func(t *testing.T, d *dash) (string, string) {
				return "dash-form", d.form(t, "dash-form")
			},
			action: "expire",
			check: func(t *testing.T, d *dash, id string, p page) {
				tx, _ := d.srv.Order(id)
				require.Equal(t, smartcore.ErrFormTimeoutProcessing, tx.ErrorCode)
				require.Equal(t, []smartcore.Status{smartcore.StatusFail}, d.host.statuses(id))
				require.Contains(t, p.html, `data-status="expired">Expired<`)
				require.Contains(t, p.html, "FORM_<wbr>TIMEOUT_<wbr>PROCESSING_<wbr>ERROR")
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDash(t)
			if tc.document {
				d = newDocumentDash(t)
			}
			id, pid := tc.setup(t, d)
			p := d.act(t, pid, tc.action)
			require.Equal(t, http.StatusOK, p.status, p.html)
			require.Equal(t, d.srv.URL+"/transactions/"+pid+"?done="+tc.action, p.url, "303 back to the transaction")
			require.True(t, hasID(p.html, "done"), "the page says what was done")
			tc.check(t, d, id, p)
		})
	}
}

func paidOrder(t *testing.T, d *dash) (string, string) {
	return "dash-paid", d.pay(t, "dash-paid", sandbox.CardSuccess, d.host.URL)
}

func challengeOrder(t *testing.T, d *dash) (string, string) {
	pid := d.pay(t, "dash-3ds", sandbox.CardChallenge, d.host.URL)
	p := d.b.get("/transactions/" + pid)
	require.Contains(t, p.html, "for 3-D Secure")
	require.True(t, hasID(p.html, "action-approve"))
	return "dash-3ds", pid
}

func TestDashboardRefusesActionsItCannotTake(t *testing.T) {
	d := newDash(t)
	noCallback := d.pay(t, "dash-quiet", sandbox.CardSuccess, "")
	paid := d.pay(t, "dash-paid", sandbox.CardSuccess, d.host.URL)

	p := d.b.get("/transactions/" + noCallback)
	require.Regexp(t, `id="action-resend" class="primary" disabled`, p.html, "no callback: the button is disabled")
	require.Contains(t, p.html, "had no callback_url", "and the page says why")

	for _, tc := range []struct{ pid, action, says string }{
		{noCallback, "resend", "no callback to send"},
		{paid, "approve", "not waiting for that"},
		{paid, "expire", "not waiting for that"},
		{paid, "settle", "not waiting for that"},
		{paid, "launch", "no such action"},
	} {
		p := d.act(t, tc.pid, tc.action)
		require.Equal(t, http.StatusConflict, p.status, tc.action)
		require.True(t, hasID(p.html, "action-error"), tc.action)
		require.Contains(t, p.html, tc.says)
		require.Contains(t, p.html, `id="back" href="/"`, "a way back")
	}
	require.Len(t, d.srv.Deliveries("dash-paid"), 1, "nothing was sent")
	require.Equal(t, http.StatusNotFound, d.act(t, "000000000000000000000000", "resend").status)
}

func TestDashboardRefusesCrossSiteActions(t *testing.T) {
	d := newDash(t)
	pid := d.pay(t, "dash-csrf", sandbox.CardSuccess, d.host.URL)
	for name, h := range map[string]http.Header{
		"cross-site fetch": {"Sec-Fetch-Site": {"cross-site"}},
		"same-site fetch":  {"Sec-Fetch-Site": {"same-site"}},
		"foreign origin":   {"Origin": {"http://attacker.example"}},
	} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, d.srv.URL+"/transactions/"+pid+"/resend", nil)
			maps(req.Header, h)
			rec := httptest.NewRecorder()
			d.srv.ServeHTTP(rec, req)
			require.Equal(t, http.StatusForbidden, rec.Code)
			require.Contains(t, rec.Body.String(), `href="/transactions/`+pid+`"`, "a way back")
			flush(t, d.srv)
			require.Len(t, d.srv.Deliveries("dash-csrf"), 1, "nothing was resent")
		})
	}
	// GET never acts.
	require.Equal(t, http.StatusMethodNotAllowed, d.b.get("/transactions/"+pid+"/resend").status)
}

func maps(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}
