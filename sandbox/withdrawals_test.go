package sandbox_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
	"github.com/smartcorekit/smartcore/webhook"
)

func TestCardWithdrawal(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	require.Equal(t, sandbox.DefaultPayoutBalance, balance(t, srv))

	res, err := srv.Client.WithdrawCard(ctx, &smartcore.CardWithdrawalRequest{Payout: payout("wd-card", 10000, h.URL), CardNumber: sandbox.CardSuccess})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.Equal(t, "401200******3010", res.Card.Number)
	require.Equal(t, "VISA", res.Card.Type)
	require.Equal(t, mustOrder(t, srv, "wd-card").ProcessingID, res.ProcessingOrderID, "processing_order_id, as the response table documents")
	require.Equal(t, sandbox.DefaultPayoutBalance-10000, balance(t, srv))

	chk := check(t, srv, "wd-card")
	require.Equal(t, smartcore.TypeWithdrawal, chk.Type)
	require.Equal(t, int64(10000), chk.FinalAmount)

	// Any other card fails, and the balance stays.
	res, err = srv.Client.WithdrawCard(ctx, &smartcore.CardWithdrawalRequest{Payout: payout("wd-card-2", 10000, h.URL), CardNumber: sandbox.CardChallenge})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	require.Equal(t, string(smartcore.ErrEmitterDenialProcessing), res.Msg)
	require.Equal(t, sandbox.DefaultPayoutBalance-10000, balance(t, srv))

	flush(t, srv)
	cbs := h.callbacks("wd-card")
	require.Len(t, cbs, 1)
	require.Equal(t, smartcore.TypeWithdrawal, cbs[0].Type)
	holder, _ := webhook.Param(cbs[0], "card_holder")
	require.Equal(t, "N/A", holder, "as in the document's withdrawal callback")
	require.Equal(t, []smartcore.Status{smartcore.StatusFail}, h.statuses("wd-card-2"))
}

func TestPhoneWithdrawal(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{PayoutBalance: 5000})
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	phone := func(id, number string, amount int64) *smartcore.PhoneWithdrawalRequest {
		return &smartcore.PhoneWithdrawalRequest{Payout: payout(id, amount, h.URL), Phone: number}
	}
	res, err := srv.Client.WithdrawPhone(ctx, phone("wd-phone", "79123456789", 3000))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, res.Status)
	require.Equal(t, mustOrder(t, srv, "wd-phone").ProcessingID, res.ProcessingOrderID)
	require.Equal(t, int64(2000), balance(t, srv))

	res, err = srv.Client.WithdrawPhone(ctx, phone("wd-phone-declined", sandbox.PhoneDeclined, 100))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	require.Equal(t, smartcore.ErrProcessorDenialProcessing, check(t, srv, "wd-phone-declined").ErrorMessage)

	// More than the balance: insufficient funds, nothing moves.
	res, err = srv.Client.WithdrawPhone(ctx, phone("wd-phone-big", "79123456789", 2001))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, res.Status)
	require.Equal(t, smartcore.ErrInsufficientFundsProcessing, check(t, srv, "wd-phone-big").ErrorMessage)
	require.Equal(t, int64(2000), balance(t, srv))
	require.Equal(t, int64(2000), srv.Balance("EUR-sandbox-payout"))

	srv.SetBalance("EUR-sandbox-payout", 1)
	require.Equal(t, int64(1), balance(t, srv))

	flush(t, srv)
	cbs := h.callbacks("wd-phone")
	require.Len(t, cbs, 1)
	require.Equal(t, "79123456789", cbs[0].PaymentPhoneNumber)
}

func TestTokenWithdrawalAfterTokenizePage(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	tok := func(id string) *smartcore.TokenizeFormRequest {
		return &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: id, CallbackURL: h.URL,
			SuccessURL: "https://merchant.example/saved", FailURL: "https://merchant.example/fail"}
	}
	withdraw := func(id, token string) (*smartcore.WithdrawalResponse, error) {
		return srv.Client.WithdrawToken(ctx, &smartcore.TokenWithdrawalRequest{Payout: payout(id, 2500, h.URL), TokenizeOrderID: token})
	}

	res, err := srv.Client.TokenizeForm(ctx, tok("tok-good"))
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, res.Status)

	// Before the card is saved, the token cannot be paid out to.
	_, err = withdraw("wd-too-early", "tok-good")
	require.Equal(t, sandbox.CodeInvalidState, apiError(t, err).Err)

	b := newBrowser(t, srv.URL)
	p := b.get(res.FormURL)
	require.Equal(t, http.StatusOK, p.status)
	require.True(t, hasID(p.html, "save"))
	p = b.post(formAction(t, p.html, "tokenize-form"), url.Values{
		"card_holder": {"John Doe"}, "card_number": {sandbox.CardSuccess}, "card_exp_month": {"02"}, "card_exp_year": {"30"},
	})
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "https://merchant.example/saved", p.location)
	chk := check(t, srv, "tok-good")
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	require.Equal(t, sandbox.TypeTokenize, chk.Type)

	wd, err := withdraw("wd-token", "tok-good")
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, wd.Status)
	chk = check(t, srv, "wd-token")
	require.Equal(t, "401200******3010", chk.Card.Number)
	require.Equal(t, mustOrder(t, srv, "tok-good").ProcessingID, chk.ParentTransaction)
	require.Equal(t, sandbox.DefaultPayoutBalance-2500, balance(t, srv))

	// A token for another card: saved, but payouts to it fail.
	res, err = srv.Client.TokenizeForm(ctx, tok("tok-other"))
	require.NoError(t, err)
	p = b.post(res.FormURL, url.Values{"card_number": {sandbox.CardChallenge}, "card_exp_month": {"02"}, "card_exp_year": {"30"}})
	require.Equal(t, http.StatusSeeOther, p.status)
	wd, err = withdraw("wd-token-other", "tok-other")
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, wd.Status)
	require.Equal(t, sandbox.DefaultPayoutBalance-2500, balance(t, srv))

	// Completed without a browser, the form saves CardSuccess.
	_, err = srv.Client.TokenizeForm(ctx, tok("tok-api"))
	require.NoError(t, err)
	require.NoError(t, srv.Complete("tok-api", sandbox.Approve))
	wd, err = withdraw("wd-token-api", "tok-api")
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusSuccess, wd.Status)

	_, err = withdraw("wd-token-unknown", "nope")
	require.Equal(t, sandbox.CodeOrderNotFound, apiError(t, err).Err)
	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, h.statuses("tok-good"))
}

func TestTokenizePageRejectsInvalidCard(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	res, err := srv.Client.TokenizeForm(context.Background(), &smartcore.TokenizeFormRequest{Account: "EUR-sandbox-payout", OrderID: "tok-bad"})
	require.NoError(t, err)
	p := newBrowser(t, srv.URL).post(res.FormURL, url.Values{"card_number": {"1234"}, "card_exp_month": {"13"}, "card_exp_year": {"30"}})
	requireRefused(t, p, res.FormURL)
	require.Contains(t, p.html, "The card number is incomplete")
	require.Contains(t, p.html, "The expiry month must be between 01 and 12.")
	require.Equal(t, sandbox.StageTokenize, mustOrder(t, srv, "tok-bad").Stage)
}

func TestWithdrawalHosts(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	card := `{"account":"EUR-sandbox-payout","order_id":"h1","amount":100,"payment_method":"card","customer_card_number":"4012000000003010"}`
	phone := `{"account":"EUR-sandbox-payout","order_id":"h2","amount":100,"payment_method":"phoneBalance","phone_withdrawal":"79123456789"}`

	code, body := rawPost(t, srv.URL+"/withdrawal/init", srv.MerchantKey, srv.Secret, card)
	require.Equal(t, http.StatusNotFound, code, "card data on the gateway host")
	_, errCode, _ := errBody(t, body)
	require.Equal(t, sandbox.CodeNotFound, errCode)
	code, _ = rawPost(t, srv.PCIURL+"/withdrawal/init", srv.MerchantKey, srv.Secret, phone)
	require.Equal(t, http.StatusNotFound, code, "a phone payout on the PCI host")

	code, _ = rawPost(t, srv.PCIURL+"/withdrawal/init", srv.MerchantKey, srv.Secret, card)
	require.Equal(t, http.StatusOK, code)
	code, _ = rawPost(t, srv.URL+"/withdrawal/init", srv.MerchantKey, srv.Secret, phone)
	require.Equal(t, http.StatusOK, code)

	code, body = rawPost(t, srv.URL+"/withdrawal/init", srv.MerchantKey, srv.Secret, `{"account":"a","order_id":"h3","amount":1,"payment_method":"crypto"}`)
	require.Equal(t, http.StatusBadRequest, code)
	_, errCode, _ = errBody(t, body)
	require.Equal(t, string(smartcore.ErrValidationProcessing), errCode)
}
