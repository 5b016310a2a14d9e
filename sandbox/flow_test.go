package sandbox_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// clocked is a sandbox on a fake clock with a callback host.
func clocked(t *testing.T, opts sandbox.Options) (*sandbox.Server, *sandbox.FakeClock, *host) {
	t.Helper()
	clock := sandbox.NewFakeClock(time.Time{})
	opts.Clock = clock
	srv := sandboxtest.NewServer(t, opts)
	return srv, clock, newHost(t, srv.Secret)
}

// advance moves the clock and waits for the callbacks it caused.
func advance(t *testing.T, srv *sandbox.Server, clock *sandbox.FakeClock, d time.Duration) {
	t.Helper()
	clock.Advance(d)
	flush(t, srv)
}

// TestPendingOperations: an amount ending in 77 cents makes capture,
// cancel, refund, recurrent and withdrawals answer "processing" and settle
// PendingDelay later, by callback and check; other amounts settle at once.
func TestPendingOperations(t *testing.T) {
	t.Parallel()
	srv, clock, h := clocked(t, sandbox.Options{SettleImmediately: true})
	ctx := context.Background()

	// capture
	_, err := srv.Client.Authorize(ctx, authorizeRequest("cap", sandbox.CardSuccess, 1077, h.URL))
	require.NoError(t, err)
	capRes, err := srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "cap"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, capRes.Status)
	require.Equal(t, sandbox.StagePending, mustOrder(t, srv, "cap").Stage)
	_, err = srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: "cap"})
	require.Contains(t, apiError(t, err).Msg, "still pending", "no second capture while one is pending")
	_, err = srv.Client.Cancel(ctx, &smartcore.CancelRequest{OrderID: "cap"})
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)

	// cancel: the authorized amount decides
	_, err = srv.Client.Authorize(ctx, authorizeRequest("can", sandbox.CardSuccess, 2077, h.URL))
	require.NoError(t, err)
	canRes, err := srv.Client.Cancel(ctx, &smartcore.CancelRequest{OrderID: "can"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, canRes.Status)

	// refund
	_, err = srv.Client.PayCard(ctx, cardPayment("paid", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	ref, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "paid", Amount: 177, Reason: "x"})
	require.NoError(t, err)
	require.False(t, ref.Success, "pending: use check for the final status")
	require.NotEmpty(t, ref.RefundID)

	// recurrent
	rec, err := srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "rec", ParentOrderID: "paid", Amount: 77, Purpose: "x"})
	require.NoError(t, err)
	require.False(t, rec.Success)
	require.Equal(t, "rec", rec.OrderID)

	// withdrawals: the balance moves when they settle
	wd, err := srv.Client.WithdrawPhone(ctx, &smartcore.PhoneWithdrawalRequest{Payout: payout("wd", 5077, h.URL), Phone: "79123456789"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, wd.Status)
	require.Equal(t, mustOrder(t, srv, "wd").ProcessingID, wd.ProcessingOrderID)
	wdFail, err := srv.Client.WithdrawCard(ctx, &smartcore.CardWithdrawalRequest{Payout: payout("wd-fail", 77, h.URL), CardNumber: sandbox.CardChallenge})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, wdFail.Status)
	require.Equal(t, sandbox.DefaultPayoutBalance, balance(t, srv))

	// Not 77 cents: at once.
	res, err := srv.Client.WithdrawPhone(ctx, &smartcore.PhoneWithdrawalRequest{Payout: payout("wd-now", 100, h.URL), Phone: "79123456789"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)

	pending := []string{"cap", "can", ref.RefundID, "rec", "wd", "wd-fail"}
	for _, id := range pending {
		require.Equal(t, smartcore.StatusProcessing, check(t, srv, id).Status, id)
	}
	advance(t, srv, clock, sandbox.DefaultPendingDelay-time.Millisecond)
	for _, id := range pending {
		require.Equal(t, smartcore.StatusProcessing, check(t, srv, id).Status, "%s settles after PendingDelay, not before", id)
	}
	require.Equal(t, []smartcore.Status{smartcore.StatusProcessing}, h.statuses("cap"), "only the authorization's callback")

	advance(t, srv, clock, time.Millisecond)
	chk := check(t, srv, "cap")
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Equal(t, sandbox.AuthorizeCaptured, chk.AuthorizeStatus)
	require.Equal(t, int64(1077), chk.FinalAmount)
	chk = check(t, srv, "can")
	require.Equal(t, smartcore.StatusFail, chk.Status)
	require.Equal(t, sandbox.AuthorizeCancelled, chk.AuthorizeStatus)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, ref.RefundID).Status)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "rec").Status)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "wd").Status)
	wdChk := check(t, srv, "wd-fail")
	require.Equal(t, smartcore.StatusFail, wdChk.Status, "settles by the usual rules")
	require.Equal(t, smartcore.ErrEmitterDenialProcessing, wdChk.ErrorMessage)
	require.Equal(t, sandbox.DefaultPayoutBalance-5077-100, balance(t, srv))

	require.Equal(t, []smartcore.Status{smartcore.StatusProcessing, smartcore.StatusSuccess}, h.statuses("cap"))
	require.Equal(t, []smartcore.Status{smartcore.StatusProcessing, smartcore.StatusFail}, h.statuses("can"))
	require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, h.statuses("rec"))
	require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, h.statuses("wd"))
	require.Equal(t, []smartcore.Status{smartcore.StatusFail}, h.statuses("wd-fail"))
	var refunds []*smartcore.Callback
	for _, cb := range h.callbacks("paid") {
		if cb.Type == smartcore.TypeRefund {
			refunds = append(refunds, cb)
		}
	}
	require.Len(t, refunds, 1, "the refund's callback names the merchant's order")
	require.Equal(t, int64(177), refunds[0].Amount)
	require.Zero(t, clock.Pending(), "nothing left waiting")
}

// TestPendingOption: Options.Pending makes every operation pending;
// Settle settles one at once.
func TestPendingOption(t *testing.T) {
	t.Parallel()
	srv, clock, h := clocked(t, sandbox.Options{SettleImmediately: true, Pending: true, PendingDelay: time.Minute})
	ctx := context.Background()
	_, err := srv.Client.PayCard(ctx, cardPayment("paid", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	ref, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "paid", Amount: 100, Reason: "x"})
	require.NoError(t, err)
	require.False(t, ref.Success)
	second, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: "paid", Amount: 200, Reason: "x"})
	require.NoError(t, err)

	require.NoError(t, srv.Settle(ref.RefundID))
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, ref.RefundID).Status)
	require.ErrorIs(t, srv.Settle(ref.RefundID), sandbox.ErrNotPending)
	require.ErrorIs(t, srv.Settle("paid"), sandbox.ErrNotPending)
	require.ErrorIs(t, srv.Settle("nope"), sandbox.ErrUnknownOrder)
	require.ErrorIs(t, srv.Complete(second.RefundID, sandbox.Approve), sandbox.ErrNotPending, "Settle, not Complete")

	advance(t, srv, clock, 59*time.Second)
	require.Equal(t, smartcore.StatusProcessing, check(t, srv, second.RefundID).Status, "PendingDelay is a minute")
	advance(t, srv, clock, time.Second)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, second.RefundID).Status)
	require.Len(t, h.callbacks("paid"), 3)
}

// TestFormExpires: an unpaid payment form fails after FormTimeout with
// FORM_TIMEOUT_PROCESSING_ERROR, status -1, callback sent; so does a
// tokenize form. A negative FormTimeout never expires.
func TestFormExpires(t *testing.T) {
	t.Parallel()
	srv, clock, h := clocked(t, sandbox.Options{})
	ctx := context.Background()
	res, err := srv.Client.InitPayment(ctx, formPayment("form", 1000, h.URL))
	require.NoError(t, err)
	_, err = srv.Client.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: "tok", CallbackURL: h.URL})
	require.NoError(t, err)

	advance(t, srv, clock, sandbox.DefaultFormTimeout-time.Second)
	require.Equal(t, smartcore.StatusProcessing, check(t, srv, "form").Status)
	advance(t, srv, clock, time.Second)
	for _, id := range []string{"form", "tok"} {
		chk := check(t, srv, id)
		require.Equal(t, smartcore.StatusFail, chk.Status, id)
		require.Equal(t, smartcore.ErrFormTimeoutProcessing, chk.ErrorMessage, id)
		cbs := h.callbacks(id)
		require.Len(t, cbs, 1, id)
		require.Equal(t, smartcore.StatusFail, cbs[0].Status)
		require.Equal(t, smartcore.ErrFormTimeoutProcessing, cbs[0].ErrorCategory)
	}
	p := newBrowser(t, srv.URL).get(res.FormURL)
	require.False(t, hasID(p.html, "card-form"), "an expired form is not shown")

	never, clock2, _ := clocked(t, sandbox.Options{FormTimeout: -1})
	_, err = never.Client.InitPayment(ctx, formPayment("form", 1000, ""))
	require.NoError(t, err)
	clock2.Advance(24 * time.Hour)
	require.Equal(t, smartcore.StatusProcessing, check(t, never, "form").Status)
	require.Zero(t, clock2.Pending())
}

// TestThreeDSExpires: a 3-D Secure step nobody finishes fails after
// ThreeDSTimeout: 3DS_REDIRECT_TIMEOUT_PROCESSING_ERROR when its page was
// never opened, 3DS_TIMEOUT_PROCESSING_ERROR when the challenge was shown.
func TestThreeDSExpires(t *testing.T) {
	t.Parallel()
	srv, clock, h := clocked(t, sandbox.Options{ThreeDSTimeout: 5 * time.Minute})
	ctx := context.Background()
	b := newBrowser(t, srv.URL)

	_, err := srv.Client.PayCard(ctx, cardPayment("unopened", sandbox.CardChallenge, 1000, h.URL))
	require.NoError(t, err)
	shown, err := srv.Client.PayCard(ctx, cardPayment("shown", sandbox.CardChallenge, 1000, h.URL))
	require.NoError(t, err)
	require.True(t, hasID(b.get(shown.FormURL).html, "challenge-form"))
	frictionless, err := srv.Client.PayCard(ctx, cardPayment("frictionless", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)

	advance(t, srv, clock, 5*time.Minute-time.Second)
	require.Equal(t, smartcore.StatusWaitingRedirect, check(t, srv, "shown").Status)
	advance(t, srv, clock, time.Second)
	for id, code := range map[string]smartcore.ErrorCode{
		"unopened":     smartcore.Err3DSRedirectTimeoutProcessing,
		"shown":        smartcore.Err3DSTimeoutProcessing,
		"frictionless": smartcore.Err3DSRedirectTimeoutProcessing,
	} {
		chk := check(t, srv, id)
		require.Equal(t, smartcore.StatusFail, chk.Status, id)
		require.Equal(t, code, chk.ErrorMessage, id)
		require.Equal(t, []smartcore.Status{smartcore.StatusFail}, h.statuses(id), id)
	}
	p := b.get(frictionless.FormURL)
	require.NotEqual(t, "https://merchant.example/success", p.location, "an expired form_url settles nothing")
	require.Equal(t, smartcore.StatusFail, check(t, srv, "frictionless").Status)
}

// TestHostedFormChallengeExpires: the challenge card entered on the hosted
// form starts the 3-D Secure clock; the form's own deadline no longer
// applies.
func TestHostedFormChallengeExpires(t *testing.T) {
	t.Parallel()
	srv, clock, h := clocked(t, sandbox.Options{})
	res, err := srv.Client.InitPayment(context.Background(), formPayment("form-3ds", 1000, h.URL))
	require.NoError(t, err)
	advance(t, srv, clock, 14*time.Minute)
	b := newBrowser(t, srv.URL)
	p := b.post(res.FormURL, cardForm(sandbox.CardChallenge))
	require.True(t, hasID(p.html, "challenge-form"), "the browser is shown the challenge")

	advance(t, srv, clock, 2*time.Minute) // past the form's 15 minutes
	require.Equal(t, smartcore.StatusProcessing, check(t, srv, "form-3ds").Status)
	advance(t, srv, clock, sandbox.DefaultThreeDSTimeout-2*time.Minute)
	chk := check(t, srv, "form-3ds")
	require.Equal(t, smartcore.StatusFail, chk.Status)
	require.Equal(t, smartcore.Err3DSTimeoutProcessing, chk.ErrorMessage)
	require.Len(t, h.callbacks("form-3ds"), 1)
}

// TestCardTimeLimit: with Options.CardTimeLimit a card reused within 60
// seconds is declined with CARD_TIME_LIMIT_PROCESSING_ERROR; off by
// default.
func TestCardTimeLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	free := settled(t)
	for _, id := range []string{"a", "b"} {
		res, err := free.Client.PayCard(ctx, cardPayment(id, sandbox.CardSuccess, 1000, ""))
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusSuccess, res.Status, "off by default")
	}

	srv, clock, _ := clocked(t, sandbox.Options{SettleImmediately: true, CardTimeLimit: true})
	res, err := srv.Client.PayCard(ctx, cardPayment("a", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	clock.Advance(59 * time.Second)
	res, err = srv.Client.PayCard(ctx, cardPayment("b", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	require.Equal(t, string(smartcore.ErrCardTimeLimitProcessing), res.Msg)
	auth, err := srv.Client.Authorize(ctx, authorizeRequest("c", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, auth.Status, "an authorize is a card transaction too")
	res, err = srv.Client.PayCard(ctx, cardPayment("other-card", sandbox.CardChallenge, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusWaitingRedirect, res.Status, "another card is not limited")

	// The hosted form applies the rule too.
	form, err := srv.Client.InitPayment(ctx, formPayment("d", 1000, ""))
	require.NoError(t, err)
	newBrowser(t, srv.URL).post(form.FormURL, cardForm(sandbox.CardSuccess))
	require.Equal(t, smartcore.ErrCardTimeLimitProcessing, check(t, srv, "d").ErrorMessage)

	clock.Advance(sandbox.CardTimeLimit)
	res, err = srv.Client.PayCard(ctx, cardPayment("e", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status, "60 seconds after the last use")
}

// googleDPan builds a google_pay_dpan as a test would: Google's token
// shape, with the decrypted payload in the clear as encryptedMessage.
func googleDPan(t *testing.T, authMethod string) string {
	t.Helper()
	payload, err := json.Marshal(map[string]any{"paymentMethod": "CARD",
		"paymentMethodDetails": map[string]any{"authMethod": authMethod, "pan": "4012000000003010"}})
	require.NoError(t, err)
	signed, err := json.Marshal(map[string]string{"encryptedMessage": base64.StdEncoding.EncodeToString(payload),
		"ephemeralPublicKey": "***", "tag": "***"})
	require.NoError(t, err)
	token, err := json.Marshal(map[string]any{"signature": "***", "protocolVersion": "ECv2", "signedMessage": string(signed)})
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(token)
}

// TestGooglePayPANOnlyGoesThrough3DS: the document says processing forces
// PAN_ONLY Google Pay payments through 3-D Secure; CRYPTOGRAM_3DS stays
// frictionless.
func TestGooglePayPANOnlyGoesThrough3DS(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	google := func(id, dpan string) *smartcore.GooglePayPaymentRequest {
		return &smartcore.GooglePayPaymentRequest{Order: order(id, 700, false), MerchantSite: "https://merchant.site",
			Customer: customer, IPAddress: "127.0.0.1", DPan: dpan, Network: "VISA", ReturnURLs: urls("")}
	}
	for _, immediate := range []bool{false, true} {
		srv := sandboxtest.NewServer(t, sandbox.Options{SettleImmediately: immediate})
		b := newBrowser(t, srv.URL)

		res, err := srv.Client.PayGooglePay(ctx, google("pan-only", googleDPan(t, sandbox.AuthMethodPANOnly)))
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusProcessing, res.Status)
		require.Equal(t, smartcore.ResponseRedirect, res.ResponseType)
		tx := mustOrder(t, srv, "pan-only")
		require.Equal(t, sandbox.Stage3DS, tx.Stage, "SettleImmediately=%v", immediate)
		require.Equal(t, srv.URL+"/3ds/"+tx.ProcessingID, res.FormURL)
		p := b.get(res.FormURL)
		p = b.post(formAction(t, p.html, "challenge-form"), url.Values{"action": {"approve"}})
		require.Equal(t, "https://merchant.example/success", p.location)
		require.Equal(t, smartcore.StatusSuccess, check(t, srv, "pan-only").Status)

		res, err = srv.Client.PayGooglePay(ctx, google("cryptogram", googleDPan(t, sandbox.AuthMethodCryptogram3DS)))
		require.NoError(t, err)
		if immediate {
			require.Equal(t, smartcore.StatusSuccess, res.Status)
			continue
		}
		require.Equal(t, smartcore.StatusProcessing, res.Status)
		require.Equal(t, sandbox.StageRedirect, mustOrder(t, srv, "cryptogram").Stage, "frictionless: no challenge")
		require.Equal(t, "https://merchant.example/success", b.get(res.FormURL).location)
		require.Equal(t, smartcore.StatusSuccess, check(t, srv, "cryptogram").Status)
	}
}

// A host-to-host payment answers as the document's example does; the
// shopper's browser opening form_url settles it (Complete stands in for
// the browser). A refund of an amount ending in 77 cents goes pending and
// settles PendingDelay later, or at Settle.
func Example_documentFlow() {
	sb := sandbox.New(sandbox.Options{})
	defer sb.Close()
	srv := httptest.NewServer(sb)
	defer srv.Close()
	apiClient, err := client.New(sb.MerchantKey(), sb.Secret(),
		client.WithBaseURL(srv.URL), client.WithPCIBaseURL(srv.URL+"/pci"))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	res, err := apiClient.PayCard(ctx, &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: "order-1"},
		MerchantSite: "https://merchant.site",
		Customer: smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "10 Downing Street",
			City: "London", ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john@example.com"},
		IPAddress: "127.0.0.1",
		Card:      smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status, res.ResponseType, res.FormURL != "")
	_ = sb.Complete("order-1", sandbox.Approve) // the browser opens res.FormURL

	ref, err := apiClient.Refund(ctx, &smartcore.RefundRequest{OrderID: "order-1", Amount: 177, Reason: "pending"})
	if err != nil {
		panic(err)
	}
	chk, _ := apiClient.Check(ctx, &smartcore.CheckRequest{OrderID: ref.RefundID})
	fmt.Println(ref.Success, chk.Status)
	_ = sb.Settle(ref.RefundID)
	chk, _ = apiClient.Check(ctx, &smartcore.CheckRequest{OrderID: ref.RefundID})
	fmt.Println(chk.Status)
	// Output:
	// processing REDIRECT true
	// false processing
	// success
}
