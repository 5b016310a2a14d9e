package sandbox_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
)

// TestCardFrictionlessFollowsTheDocument: by default the frictionless card
// answers as the document's example does (status 1, form_url, REDIRECT);
// opening form_url settles it and sends the browser to success_url, and
// the final state arrives by callback and check.
func TestCardFrictionlessFollowsTheDocument(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	ctx := context.Background()

	res, err := srv.Client.PayCard(ctx, cardPayment("frictionless-1", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, res.Status)
	require.Equal(t, smartcore.ResponseRedirect, res.ResponseType)
	tx, _ := srv.Order("frictionless-1")
	require.Equal(t, srv.URL+"/pay/"+tx.ProcessingID, res.FormURL)
	require.Equal(t, sandbox.StageRedirect, tx.Stage)
	require.Empty(t, res.ACSURL)
	require.True(t, res.EndDate.IsZero())
	require.Equal(t, smartcore.StatusProcessing, check(t, srv, "frictionless-1").Status)
	flush(t, srv)
	require.Empty(t, h.callbacks("frictionless-1"), "no callback before the status changes")

	// The shopper's browser follows form_url: no challenge, straight on to
	// success_url.
	b := newBrowser(t, srv.URL)
	p := b.get(res.FormURL)
	require.Equal(t, 303, p.status)
	require.Equal(t, "https://merchant.example/success", p.location)
	again := b.get(res.FormURL)
	require.NotEqual(t, "https://merchant.example/success", again.location, "a second visit settles nothing")
	requireFrictionlessSettled(t, srv, h, "frictionless-1")
}

// TestCardFrictionlessSettleImmediately: Options.SettleImmediately keeps
// the payment settled in its answer.
func TestCardFrictionlessSettleImmediately(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	res, err := srv.Client.PayCard(context.Background(), cardPayment("frictionless-1", sandbox.CardSuccess, 1000, h.URL))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.Equal(t, "frictionless-1", res.OrderID)
	require.False(t, res.EndDate.IsZero())
	require.Empty(t, res.ACSURL)
	require.Empty(t, res.FormURL)
	requireFrictionlessSettled(t, srv, h, "frictionless-1")
}

// requireFrictionlessSettled checks a settled 10.00 EUR CardSuccess
// payment by check and by its one callback.
func requireFrictionlessSettled(t *testing.T, srv *sandbox.Server, h *host, id string) {
	t.Helper()

	chk := check(t, srv, id)
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Equal(t, int64(1000), chk.Amount)
	require.Equal(t, int64(1000), chk.FinalAmount)
	require.Equal(t, smartcore.TypePayment, chk.Type)
	require.Equal(t, "John", chk.FirstName)
	require.Equal(t, "Doe", chk.LastName)
	require.Empty(t, chk.ErrorMessage)
	require.Nil(t, chk.CascadeErrors.List)
	require.False(t, chk.EndDate.IsZero())
	// Every member check's table documents: the card's holder and expiry,
	// rrn and eci.
	require.Equal(t, &smartcore.CardInfo{Number: "401200******3010", BIN: "401200", Country: "Spain", ISO: "ESP", Type: "VISA",
		Holder: "John Doe", ExpMonth: "02", ExpYear: "30"}, chk.Card)
	require.Len(t, chk.RRN, 12)
	require.Equal(t, "05", chk.ECI)

	flush(t, srv)
	cbs := h.callbacks(id)
	require.Len(t, cbs, 1)
	cb := cbs[0]
	require.Equal(t, smartcore.StatusSuccess, cb.Status)
	require.Equal(t, int64(1000), cb.Amount)
	require.Equal(t, int64(1000), cb.FinalAmount)
	require.Equal(t, "EUR", cb.Currency)
	require.Equal(t, smartcore.TypePayment, cb.Type)
	require.Equal(t, "false", cb.IsTrustedTransaction)
	require.Equal(t, "05", cb.ECI)
	require.Len(t, cb.RRN, 12)
	number, _ := webhook.Param(cb, "card_number")
	require.Equal(t, "401200******3010", number)
	// The document's "null" strings are on the wire, as in its example.
	for _, key := range []string{"message", "cascadeErrors", "authorize_status", "errorCategory"} {
		v, ok := webhook.Param(cb, key)
		require.True(t, ok, key)
		require.Equal(t, "null", v, key)
	}
}

func TestDeclinedCards(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	for i, tc := range []struct {
		pan  string
		code smartcore.ErrorCode
	}{
		{sandbox.CardDeclined, smartcore.ErrEmitterDenialProcessing},
		{"5555555555554444", smartcore.ErrEmitterDenialProcessing}, // any other card
		{sandbox.CardInsufficientFunds, smartcore.ErrInsufficientFundsProcessing},
		{sandbox.CardDoNotHonour, smartcore.ErrDoNotHonourProcessing},
		{sandbox.CardLimit, smartcore.ErrLimitProcessing},
	} {
		id := "declined-" + string(rune('a'+i))
		res, err := srv.Client.PayCard(context.Background(), cardPayment(id, tc.pan, 1000, h.URL))
		require.NoError(t, err, "a declined payment is an answer, not a request error")
		require.Equal(t, smartcore.StatusFail, res.Status)
		require.Equal(t, string(tc.code), res.Msg)
		require.Empty(t, res.Err)

		chk := check(t, srv, id)
		require.Equal(t, smartcore.StatusFail, chk.Status)
		require.Equal(t, tc.code, chk.ErrorMessage)
		require.Equal(t, []smartcore.CascadeError{{GatePriority: 0, ErrorCategory: tc.code}}, chk.CascadeErrors.List)
		require.Equal(t, int64(0), chk.FinalAmount)
		require.Equal(t, smartcore.MaskPAN(tc.pan), chk.Card.Number, "the card is masked 6+4")

		flush(t, srv)
		cbs := h.callbacks(id)
		require.Len(t, cbs, 1)
		require.Equal(t, smartcore.StatusFail, cbs[0].Status)
		require.Equal(t, tc.code, cbs[0].ErrorCategory)
		require.Equal(t, tc.code.Description(), cbs[0].Message)
		require.Contains(t, cbs[0].CascadeErrors, string(tc.code))
	}
}

// TestQueueDeclineCardNumber: QueueDecline takes a card number as printed
// (spaces, dashes) and matches payments by its digits; a number that no
// payment could carry is an error, not a decline that never applies.
func TestQueueDeclineCardNumber(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{SettleImmediately: true})
	pan := sandbox.CardSuccess
	for i, typed := range []string{pan[:4] + " " + pan[4:8] + " " + pan[8:12] + " " + pan[12:], pan[:8] + "-" + pan[8:]} {
		require.NoError(t, srv.QueueDecline(sandbox.NextDecline{Code: smartcore.ErrLimitProcessing, CardNumber: typed}))
		id := "typed-" + strconv.Itoa(i)
		res, err := srv.Client.PayCard(context.Background(), cardPayment(id, pan, 1000, "http://127.0.0.1:1/cb"))
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusFail, res.Status, typed)
		require.Equal(t, smartcore.ErrLimitProcessing, check(t, srv, id).ErrorMessage, typed)
	}
	for _, bad := range []string{"4012", "4012 0000 0000 3010 0000", "card 4012000000003010", "-"} {
		require.ErrorContains(t, srv.QueueDecline(sandbox.NextDecline{CardNumber: bad}), "12 to 19 digits", bad)
	}
	res, err := srv.Client.PayCard(context.Background(), cardPayment("after", pan, 1000, "http://127.0.0.1:1/cb"))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status, "nothing was queued for them")
}

func TestChallengeCompletedWithoutBrowser(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	for _, tc := range []struct {
		outcome sandbox.ShopperAction
		status  smartcore.Status
		code    smartcore.ErrorCode
	}{
		{sandbox.Approve, smartcore.StatusSuccess, ""},
		{sandbox.Decline, smartcore.StatusFail, smartcore.ErrAuthenticationProcessing},
		{sandbox.Cancel, smartcore.StatusFail, smartcore.Err3DSCancelProcessing},
		// The challenge page was never shown: the customer never came.
		{sandbox.Abandon, smartcore.StatusFail, smartcore.Err3DSRedirectTimeoutProcessing},
	} {
		id := "challenge-" + tc.outcome.String()
		res, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardChallenge, 2500, h.URL))
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusWaitingRedirect, res.Status)
		tx, ok := srv.Order(id)
		require.True(t, ok)
		require.Equal(t, sandbox.Stage3DS, tx.Stage)
		require.Equal(t, srv.URL+"/acs/"+tx.ProcessingID, res.ACSURL)
		require.Equal(t, srv.URL+"/3ds/return/"+tx.ProcessingID, res.TermURL)
		require.Equal(t, srv.URL+"/3ds/"+tx.ProcessingID, res.FormURL)
		require.Equal(t, tx.ProcessingID, res.MD)
		require.NotEmpty(t, res.PaReq)
		require.Equal(t, smartcore.StatusWaitingRedirect, check(t, srv, id).Status)
		require.False(t, tx.Final())

		require.NoError(t, srv.Complete(id, tc.outcome))
		chk := check(t, srv, id)
		require.Equal(t, tc.status, chk.Status)
		require.Equal(t, tc.code, chk.ErrorMessage)
		flush(t, srv)
		require.Equal(t, []smartcore.Status{tc.status}, h.statuses(id), "one callback, for the final status only")

		require.ErrorIs(t, srv.Complete(id, sandbox.Approve), sandbox.ErrNotPending)
	}
	require.ErrorIs(t, srv.Complete("nope", sandbox.Approve), sandbox.ErrUnknownOrder)
	require.Error(t, srv.Complete("challenge-approve", sandbox.ShopperAction(99)))
}

func TestHostedFormCompletedWithoutBrowser(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	for _, tc := range []struct {
		outcome sandbox.ShopperAction
		status  smartcore.Status
		code    smartcore.ErrorCode
	}{
		{sandbox.Approve, smartcore.StatusSuccess, ""},
		{sandbox.Decline, smartcore.StatusFail, smartcore.ErrEmitterDenialProcessing},
		{sandbox.Cancel, smartcore.StatusFail, smartcore.ErrFormTimeoutProcessing},
	} {
		id := "form-" + tc.outcome.String()
		res, err := srv.Client.InitPayment(context.Background(), formPayment(id, 1000, ""))
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusProcessing, res.Status)
		require.Equal(t, smartcore.ResponseRedirect, res.ResponseType)
		tx, _ := srv.Order(id)
		require.Equal(t, srv.URL+"/pay/"+tx.ProcessingID, res.FormURL)
		require.Equal(t, sandbox.StageForm, tx.Stage)

		require.NoError(t, srv.Complete(id, tc.outcome))
		tx, _ = srv.Order(id)
		require.Equal(t, tc.status, tx.Status)
		require.Equal(t, tc.code, tx.ErrorCode)
	}
	tx, _ := srv.Order("form-approve")
	require.Equal(t, "401200******3010", tx.Card.Number)
}

func TestWalletPayments(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	ctx := context.Background()
	token := base64.StdEncoding.EncodeToString([]byte(`{"paymentData":"***"}`))
	declined := base64.RawURLEncoding.EncodeToString([]byte(`{"sandbox":"please DECLINE"}`))

	apple := func(id, dpan string) *smartcore.ApplePayPaymentRequest {
		return &smartcore.ApplePayPaymentRequest{Order: order(id, 700, false), MerchantSite: "https://merchant.site",
			Customer: customer, IPAddress: "127.0.0.1", DPan: dpan, Network: "Visa"}
	}
	google := func(id, dpan string) *smartcore.GooglePayPaymentRequest {
		return &smartcore.GooglePayPaymentRequest{Order: order(id, 700, false), MerchantSite: "https://merchant.site",
			Customer: customer, IPAddress: "127.0.0.1", DPan: dpan, Network: "MASTERCARD"}
	}
	res, err := srv.Client.PayApplePay(ctx, apple("apple-ok", token))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	res, err = srv.Client.PayGooglePay(ctx, google("google-ok", token))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.Equal(t, "MASTERCARD", check(t, srv, "google-ok").Card.Type)

	res, err = srv.Client.PayApplePay(ctx, apple("apple-declined", declined))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	res, err = srv.Client.PayGooglePay(ctx, google("google-declined", declined))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	require.Equal(t, sandbox.DefaultDecline, check(t, srv, "google-declined").ErrorMessage)
}

func TestDuplicateOrderID(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	ctx := context.Background()
	_, err := srv.Client.PayCard(ctx, cardPayment("dup-1", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)

	_, err = srv.Client.PayCard(ctx, cardPayment("dup-1", sandbox.CardSuccess, 1000, ""))
	apiErr := apiError(t, err)
	require.Equal(t, smartcore.ErrDuplicatedOrderID, apiErr.Code)
	require.Equal(t, 400, apiErr.StatusCode)

	// Order ids are one namespace across payments, forms and withdrawals.
	_, err = srv.Client.InitPayment(ctx, formPayment("dup-1", 1000, ""))
	require.Equal(t, smartcore.ErrDuplicatedOrderID, apiError(t, err).Code)
	_, err = srv.Client.WithdrawPhone(ctx, &smartcore.PhoneWithdrawalRequest{Payout: payout("dup-1", 10, ""), Phone: "79123456789"})
	require.Equal(t, smartcore.ErrDuplicatedOrderID, apiError(t, err).Code)
	require.Len(t, srv.Transactions(), 1, "a refused duplicate stores nothing")
}

func TestSandboxesDoNotShareState(t *testing.T) {
	t.Parallel()
	a, b := sandboxtest.NewServer(t, sandbox.Options{}), sandboxtest.NewServer(t, sandbox.Options{})
	_, err := a.Client.PayCard(context.Background(), cardPayment("shared-1", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	_, err = b.Client.PayCard(context.Background(), cardPayment("shared-1", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	_, ok := b.Order("shared-1")
	require.True(t, ok)
	require.Len(t, a.Transactions(), 1)
}

func TestConcurrentPayments(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	h := newHost(t, srv.Secret)
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() {
			id := "concurrent-" + string(rune('A'+i))
			_, err := srv.Client.PayCard(context.Background(), cardPayment(id, sandbox.CardSuccess, 100, h.URL))
			errs <- err
		}()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	flush(t, srv)
	require.Len(t, srv.Transactions(), n)
	received, _ := h.stats()
	require.Equal(t, n, received)
}

// TestAnswerOrderID: every answer that creates or moves a payment has a
// response table calling order_id "Processing Order ID in our system", but
// the document's examples differ, and the sandbox answers as each does:
// the merchant's order id where the example echoes the request's (card
// form, Mobile Commerce, host-to-host card, and check, whose table says
// "Merchant Order ID"), the processing id where the example shows a 24-hex
// id of its own (Apple Pay, Google Pay, authorize, capture, cancel,
// tokenize-form). The expectation is written out per example and checked
// against the document's example too.
func TestAnswerOrderID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ex         docexamples.Example
		id         string // the order the answer is about
		processing bool   // order_id is the processing id, not id
		setup      func(t *testing.T, srv *sandbox.Server)
	}{
		{ex: docexamples.InitPayment, id: "sandboxFormId_1015"},
		{ex: docexamples.MobileCommerce, id: "sandboxFormId_1015"},
		{ex: docexamples.CardPayment, id: "sandboxId_1015"},
		{ex: docexamples.ApplePay, id: "sandboxId_1015", processing: true},
		{ex: docexamples.GooglePay, id: "sandboxId_1015", processing: true},
		{ex: docexamples.Authorize, id: "sandboxId_1016", processing: true},
		{ex: docexamples.TokenizeForm, id: "tokenizeOrderId_1050", processing: true},
		{ex: docexamples.Capture, id: "sandboxId_1016", processing: true, setup: authorized},
		{ex: docexamples.Cancel, id: "sandboxId_1016", processing: true, setup: authorized},
		{ex: docexamples.Check, id: "sandboxId_1015", setup: func(t *testing.T, srv *sandbox.Server) {
			postExample(t, srv, docexamples.CardPayment)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.ex.Name, func(t *testing.T) {
			t.Parallel()
			var req, doc struct {
				OrderID string `json:"order_id"`
			}
			require.NoError(t, json.Unmarshal([]byte(tc.ex.Request), &req))
			require.NoError(t, json.Unmarshal([]byte(tc.ex.Response), &doc))
			if tc.processing {
				require.NotEqual(t, req.OrderID, doc.OrderID, "the document's example answers another id")
				require.Regexp(t, `^[0-9a-f]{24}$`, doc.OrderID)
			} else if tc.ex.Name != "Check" { // check's example answers about another order than it asks
				require.Equal(t, req.OrderID, doc.OrderID, "the document's example echoes the merchant's id")
			}

			srv := sandboxtest.NewServer(t, sandbox.Options{})
			if tc.setup != nil {
				tc.setup(t, srv)
			}
			var got struct {
				OrderID string `json:"order_id"`
			}
			require.NoError(t, json.Unmarshal(postExample(t, srv, tc.ex), &got))
			want := tc.id
			if tc.processing {
				want = mustOrder(t, srv, tc.id).ProcessingID
				require.Regexp(t, `^[0-9a-f]{24}$`, want, "shaped as the document's")
			}
			require.Equal(t, want, got.OrderID)
		})
	}
}

// authorized creates the document's authorize example and holds it, as the
// shopper's browser would.
func authorized(t *testing.T, srv *sandbox.Server) {
	t.Helper()
	postExample(t, srv, docexamples.Authorize)
	require.NoError(t, srv.Complete("sandboxId_1016", sandbox.Approve))
}

// TestAnswerOrderIDNamesTheTransaction: the processing id an answer
// carries and the merchant's order id both name the transaction in every
// later request (check, capture, cancel, refund, recurrent, token
// withdrawal), and check answers the merchant's id whichever was asked.
func TestAnswerOrderIDNamesTheTransaction(t *testing.T) {
	t.Parallel()
	srv := settled(t)
	ctx := context.Background()

	// Authorize, then capture by the processing id the answer carries.
	auth, err := srv.Client.Authorize(ctx, authorizeRequest("pid-auth", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	pid := mustOrder(t, srv, "pid-auth").ProcessingID
	require.Equal(t, pid, auth.OrderID)
	chk := check(t, srv, auth.OrderID)
	require.Equal(t, "pid-auth", chk.OrderID, "check answers the merchant's id")
	require.Equal(t, sandbox.AuthorizeAuthorized, chk.AuthorizeStatus)
	cap, err := srv.Client.Capture(ctx, &smartcore.CaptureRequest{OrderID: auth.OrderID})
	require.NoError(t, err)
	require.Equal(t, pid, cap.OrderID)
	require.Equal(t, smartcore.StatusSuccess, cap.Status)

	// Refund by the processing id, recurrent from it.
	ref, err := srv.Client.Refund(ctx, &smartcore.RefundRequest{OrderID: pid, Amount: 100, Reason: "x"})
	require.NoError(t, err)
	require.Equal(t, pid, ref.ParentTransaction)
	rec, err := srv.Client.Recurrent(ctx, &smartcore.RecurrentRequest{OrderID: "pid-rec", ParentOrderID: pid, Amount: 100, Purpose: "again"})
	require.NoError(t, err)
	require.Equal(t, "pid-rec", rec.OrderID, "recurrent answers the order_id from the request")
	require.Equal(t, pid, check(t, srv, "pid-rec").ParentTransaction)

	// Cancel by the merchant's id: the answer carries the processing id.
	auth, err = srv.Client.Authorize(ctx, authorizeRequest("mid-auth", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	can, err := srv.Client.Cancel(ctx, &smartcore.CancelRequest{OrderID: "mid-auth"})
	require.NoError(t, err)
	require.Equal(t, auth.OrderID, can.OrderID)
	require.Equal(t, mustOrder(t, srv, "mid-auth").ProcessingID, can.OrderID)

	// Wallet payments: check by the answer's id reports the merchant's.
	apple, err := srv.Client.PayApplePay(ctx, &smartcore.ApplePayPaymentRequest{Order: order("pid-apple", 1000, false),
		MerchantSite: "https://merchant.site", Customer: customer, IPAddress: "127.0.0.1",
		DPan: "eyJhIjoxfQ==", Network: "Visa"})
	require.NoError(t, err)
	require.Equal(t, mustOrder(t, srv, "pid-apple").ProcessingID, apple.OrderID)
	require.Equal(t, "pid-apple", check(t, srv, apple.OrderID).OrderID)

	// A tokenize form is named by either id in a token withdrawal.
	tok, err := srv.Client.TokenizeForm(ctx, &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: "pid-tok"})
	require.NoError(t, err)
	require.Equal(t, mustOrder(t, srv, "pid-tok").ProcessingID, tok.OrderID)
	require.NoError(t, srv.Complete("pid-tok", sandbox.Approve))
	for i, token := range []string{tok.OrderID, "pid-tok"} {
		wd, err := srv.Client.WithdrawToken(ctx, &smartcore.TokenWithdrawalRequest{
			Payout: payout("pid-wd-"+strconv.Itoa(i), 100, ""), TokenizeOrderID: token})
		require.NoError(t, err)
		require.Equal(t, smartcore.StatusSuccess, wd.Status)
		require.Equal(t, "pid-wd-"+strconv.Itoa(i), wd.OrderID, "withdrawals echo the merchant's id")
	}

	// Card payments and hosted forms echo the merchant's id.
	pay, err := srv.Client.PayCard(ctx, cardPayment("mid-card", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	require.Equal(t, "mid-card", pay.OrderID)
	form, err := srv.Client.InitPayment(ctx, formPayment("mid-form", 1000, ""))
	require.NoError(t, err)
	require.Equal(t, "mid-form", form.OrderID)
}
