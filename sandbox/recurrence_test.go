package sandbox_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// recurStart is when the recurrence tests' parents are paid.
var recurStart = time.Date(2030, 1, 10, 12, 0, 0, 0, time.UTC)

// recurServer is a settling sandbox on a fake clock at recurStart, with a
// callback host.
func recurServer(t *testing.T) (*sandbox.Server, *sandbox.FakeClock, *host) {
	t.Helper()
	clk := sandbox.NewFakeClock(recurStart)
	srv := sandboxtest.NewServer(t, sandbox.Options{SettleImmediately: true, Clock: clk})
	return srv, clk, newHost(t, srv.Secret)
}

// payParent pays a recurrent parent with CardSuccess and the given
// recur_freq and recur_exp. A recur_exp that is a json.Number is sent as a
// JSON number (the document's Long), which the kit's request type cannot
// hold, so the body is posted as a merchant's own code would; so is a
// json.RawMessage, as it is (a Long's digits in a string).
func payParent(t *testing.T, srv *sandbox.Server, id, callback string, freq int64, exp any) {
	t.Helper()
	req := cardPayment(id, sandbox.CardSuccess, 1000, callback)
	req.Recurrent = true
	req.RecurFreq = freq
	if s, ok := exp.(string); ok {
		req.RecurExp = s
		res, err := srv.Client.PayCard(context.Background(), req)
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusSuccess, res.Status)
		return
	}
	b, err := json.Marshal(req)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	m["recur_exp"] = exp
	b, err = json.Marshal(m)
	require.NoError(t, err)
	code, body := rawPost(t, srv.PCIURL+"/initPaymentHost2Host", srv.MerchantKey, srv.Secret, string(b))
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, id).Status)
}

// charge asks for a recurrent charge of 500 from parent.
func charge(srv *sandbox.Server, id, parent string) (*smartcore.RecurrentResponse, error) {
	return srv.Client.Recurrent(context.Background(), &smartcore.RecurrentRequest{OrderID: id, ParentOrderID: parent,
		Amount: 500, Purpose: "monthly", RecurPeriod: smartcore.PeriodMonthly})
}

// charged requires the recurrent charge id from parent to succeed.
func charged(t *testing.T, srv *sandbox.Server, id, parent string) {
	t.Helper()
	res, err := charge(srv, id, parent)
	require.NoError(t, err, id)
	require.True(t, res.Success, id)
	chk := check(t, srv, id)
	require.Equal(t, smartcore.StatusSuccess, chk.Status, id)
	require.Equal(t, int64(500), chk.FinalAmount, id)
}

// refused requires the recurrent charge id from parent to be declined with
// code, as the document's recurrent answer does (success false, err the
// code), and to move no money: check reports it failed with finalAmount 0,
// and the callback says status -1.
func refused(t *testing.T, srv *sandbox.Server, h *host, id, parent string, code smartcore.ErrorCode, why string) {
	t.Helper()
	res, err := charge(srv, id, parent)
	apiErr := apiError(t, err)
	require.Equal(t, code, apiErr.Code, id)
	require.NotNil(t, res, id)
	require.False(t, res.Success, id)
	require.Equal(t, string(code), res.Err, id)
	require.Contains(t, res.Message, why, id)
	require.Empty(t, res.FormURL, id)
	chk := check(t, srv, id)
	require.Equal(t, smartcore.StatusFail, chk.Status, id)
	require.Equal(t, code, chk.ErrorMessage, id)
	require.Zero(t, chk.FinalAmount, id)
	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusFail}, h.statuses(id), id)
}

// After recur_exp no recurrent charge goes through; before it they do. Both
// forms the document could mean are read: ISO 8601 (a date allows its
// whole day; a zone is honoured) and a Long taken as epoch milliseconds.
func TestRecurrentHonoursRecurExp(t *testing.T) {
	t.Parallel()
	last := time.Date(2030, 1, 20, 12, 0, 0, 0, time.UTC) // the last instant allowed
	for _, tc := range []struct {
		name string
		exp  any
		last time.Time
	}{
		{"date-time", "2030-01-20T12:00:00.000Z", last},
		{"offset", "2030-01-20T13:00:00+01:00", last},
		{"basic", "20300120T120000Z", last},
		{"date", "2030-01-20", time.Date(2030, 1, 20, 23, 59, 59, 0, time.UTC)},
		{"epoch-ms", json.Number("1895140800000"), last}, // 2030-01-20T12:00:00Z
		{"epoch-ms-string", json.RawMessage(`"1895140800000"`), last},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, clk, h := recurServer(t)
			payParent(t, srv, "parent", h.URL, 0, tc.exp)
			charged(t, srv, "now", "parent")
			clk.Advance(tc.last.Sub(clk.Now()))
			charged(t, srv, "at-the-end", "parent")
			clk.Advance(time.Second)
			refused(t, srv, h, "after", "parent", smartcore.ErrValidationProcessing, "recur_exp has passed")
		})
	}
}

// A recurrent charge sooner than recur_freq days after the last charge
// (the parent's payment, then each accepted recurrent charge) is refused;
// on time it goes through. A charge from a recurrent charge follows the
// same terms.
func TestRecurrentHonoursRecurFreq(t *testing.T) {
	t.Parallel()
	srv, clk, h := recurServer(t)
	payParent(t, srv, "parent", h.URL, 30, "")

	refused(t, srv, h, "at-once", "parent", smartcore.ErrCardTimeLimitProcessing, "recur_freq is 30 days")
	clk.Advance(30*24*time.Hour - time.Second)
	refused(t, srv, h, "a-second-early", "parent", smartcore.ErrCardTimeLimitProcessing, "the next is allowed from 2030-02-09T12:00:00.000Z")
	clk.Advance(time.Second)
	charged(t, srv, "on-time", "parent")

	// The refused ones did not count; the one charged did, from the parent
	// and from the charge alike.
	clk.Advance(29 * 24 * time.Hour)
	refused(t, srv, h, "too-soon", "parent", smartcore.ErrCardTimeLimitProcessing, "recur_freq")
	refused(t, srv, h, "too-soon-chained", "on-time", smartcore.ErrCardTimeLimitProcessing, "recur_freq")
	clk.Advance(24 * time.Hour)
	charged(t, srv, "next-month", "on-time")
	refused(t, srv, h, "again", "parent", smartcore.ErrCardTimeLimitProcessing, "recur_freq")

	// A payment without recur_freq or recur_exp has no limit.
	payParent(t, srv, "free", h.URL, 0, "")
	charged(t, srv, "free-1", "free")
	charged(t, srv, "free-2", "free")
}

// A recurrent charge from a payment made with CardChallenge waits for 3-D
// Secure: it answers form_url, as the document's example does, and is
// status 1 until the shopper passes the challenge there, which charges it.
func TestRecurrentThreeDSecure(t *testing.T) {
	t.Parallel()
	srv, _, h := recurServer(t)
	ctx := context.Background()
	parent := cardPayment("parent-3ds", sandbox.CardChallenge, 1000, h.URL)
	res, err := srv.Client.PayCard(ctx, parent)
	require.NoError(t, err)
	require.NoError(t, srv.Complete("parent-3ds", sandbox.Approve))
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "parent-3ds").Status)
	require.NotEmpty(t, res.FormURL)

	for _, tc := range []struct {
		button string
		status smartcore.Status
		code   smartcore.ErrorCode
		final  int64
		to     string
	}{
		{"approve", smartcore.StatusSuccess, "", 500, "https://merchant.example/success"},
		{"decline", smartcore.StatusFail, smartcore.ErrAuthenticationProcessing, 0, "https://merchant.example/fail"},
	} {
		id := "rec-3ds-" + tc.button
		rec, err := charge(srv, id, "parent-3ds")
		require.NoError(t, err)
		require.True(t, rec.Success, "the document's example: success true with form_url")
		require.Empty(t, rec.Err)
		require.NotEmpty(t, rec.FormURL)
		chk := check(t, srv, id)
		require.Equal(t, smartcore.StatusProcessing, chk.Status, "no money before 3-D Secure")
		require.Zero(t, chk.FinalAmount)

		b := newBrowser(t, srv.URL)
		p := b.get(rec.FormURL)
		require.Equal(t, http.StatusOK, p.status)
		p = b.post(formAction(t, p.html, "challenge-form"), url.Values{"action": {tc.button}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, tc.to, p.location, "back to the parent's return URL")
		chk = check(t, srv, id)
		require.Equal(t, tc.status, chk.Status)
		require.Equal(t, tc.code, chk.ErrorMessage)
		require.Equal(t, tc.final, chk.FinalAmount)
		flush(t, srv)
		require.Equal(t, []smartcore.Status{tc.status}, h.statuses(id))
	}

	// Without a browser, Complete plays the shopper.
	rec, err := charge(srv, "rec-3ds-go", "parent-3ds")
	require.NoError(t, err)
	require.NotEmpty(t, rec.FormURL)
	require.NoError(t, srv.Complete("rec-3ds-go", sandbox.Approve))
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "rec-3ds-go").Status)

	// A frictionless parent's charges stay frictionless.
	payParent(t, srv, "parent-plain", h.URL, 0, "")
	rec, err = charge(srv, "rec-plain", "parent-plain")
	require.NoError(t, err)
	require.Empty(t, rec.FormURL)
}
