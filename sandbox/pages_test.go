package sandbox_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

func cardForm(pan string) url.Values {
	return url.Values{
		"card_holder": {"John Doe"}, "card_number": {pan},
		"card_exp_month": {"02"}, "card_exp_year": {"30"}, "card_cvv": {"123"},
	}
}

func TestHostedFormFrictionless(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	h := newHost(t, srv.Secret)
	res, err := srv.Client.InitPayment(context.Background(), formPayment("page-ok", 1000, h.URL))
	require.NoError(t, err)

	b := newBrowser(t, srv.URL)
	p := b.get(res.FormURL)
	require.Equal(t, http.StatusOK, p.status)
	for _, id := range []string{"card-form", "card_holder", "card_number", "card_exp_month", "card_exp_year", "card_cvv", "pay"} {
		require.True(t, hasID(p.html, id), id)
	}
	require.Contains(t, p.html, "10.00 EUR")
	require.NotContains(t, p.html, "<script", "the pages work without JavaScript")
	for _, ref := range []string{"src=", "href=", "<link", "url(", "@import"} {
		require.NotContains(t, p.html, ref, "no external resources")
	}

	p = b.post(formAction(t, p.html, "card-form"), cardForm(sandbox.CardSuccess))
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "https://merchant.example/success", p.location)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "page-ok").Status)

	// Coming back to the form shows the result instead.
	p = b.get(res.FormURL)
	require.Equal(t, http.StatusOK, p.status)
	require.True(t, hasID(p.html, "result-status"))
	require.Contains(t, p.html, `data-status="2"`)

	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, h.statuses("page-ok"))
}

func TestHostedFormChallengeButtons(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	h := newHost(t, srv.Secret)
	for _, tc := range []struct {
		button   string
		status   smartcore.Status
		code     smartcore.ErrorCode
		location string
	}{
		{"approve", smartcore.StatusSuccess, "", "https://merchant.example/success"},
		{"decline", smartcore.StatusFail, smartcore.ErrAuthenticationProcessing, "https://merchant.example/fail"},
		{"cancel", smartcore.StatusFail, smartcore.Err3DSCancelProcessing, "https://merchant.example/fail"},
	} {
		id := "page-3ds-" + tc.button
		res, err := srv.Client.InitPayment(context.Background(), formPayment(id, 1000, h.URL))
		require.NoError(t, err)
		b := newBrowser(t, srv.URL)
		p := b.get(res.FormURL)
		// The challenge card leads, through a redirect the browser follows,
		// to the 3-D Secure page.
		p = b.post(formAction(t, p.html, "card-form"), cardForm(sandbox.CardChallenge))
		require.Equal(t, http.StatusOK, p.status)
		require.Contains(t, p.url, "/3ds/")
		for _, button := range []string{"approve", "decline", "cancel"} {
			require.True(t, hasID(p.html, button), button)
		}
		require.Equal(t, smartcore.StatusProcessing, check(t, srv, id).Status)

		p = b.post(formAction(t, p.html, "challenge-form"), url.Values{"action": {tc.button}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, tc.location, p.location)
		chk := check(t, srv, id)
		require.Equal(t, tc.status, chk.Status)
		require.Equal(t, tc.code, chk.ErrorMessage)
		require.Equal(t, "400383******4018", chk.Card.Number)
		flush(t, srv)
		require.Equal(t, []smartcore.Status{tc.status}, h.statuses(id))
	}
}

func TestHostedFormDeclinedCardAndBuiltInResult(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	req := formPayment("page-declined", 1000, "")
	req.SuccessURL, req.FailURL = "", ""
	res, err := srv.Client.InitPayment(context.Background(), req)
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)
	p := b.get(res.FormURL)
	// Without a fail_url the browser lands on the sandbox's result page.
	p = b.post(formAction(t, p.html, "card-form"), cardForm(sandbox.CardDeclined))
	require.Equal(t, http.StatusOK, p.status)
	require.Contains(t, p.url, "/result/")
	require.Contains(t, p.html, `data-status="-1"`)
	require.Contains(t, p.html, string(smartcore.ErrEmitterDenialProcessing))
	require.NotContains(t, p.html, sandbox.CardDeclined)
}

func TestHostedFormRejectsInvalidCard(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	res, err := srv.Client.InitPayment(context.Background(), formPayment("page-invalid", 1000, ""))
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)
	form := cardForm("4012000000003011") // fails the Luhn check
	form.Set("card_cvv", "98765")
	p := b.post(res.FormURL, form)
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	require.True(t, hasID(p.html, "form-errors"))
	require.Contains(t, p.html, "card_number must be a valid card number")
	require.Contains(t, p.html, "card_cvv must be 3 or 4 digits")
	require.NotContains(t, p.html, "4012000000003011", "the number is never echoed")
	require.NotContains(t, p.html, "98765", "nor the CVV")
	require.Contains(t, p.html, `value="John Doe"`, "the holder is kept")
	require.Equal(t, sandbox.StageForm, mustOrder(t, srv, "page-invalid").Stage)

	// After payment the form no longer takes a card.
	require.NoError(t, srv.Complete("page-invalid", sandbox.OutcomeSuccess))
	p = b.post(res.FormURL, cardForm(sandbox.CardSuccess))
	require.Equal(t, http.StatusConflict, p.status)
	require.Equal(t, http.StatusNotFound, b.get("/pay/000000000000000000000000").status)
}

func TestMobileCommerceFormShowsPhone(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	req := formPayment("page-mobile", 1000, "")
	req.FormPrefilledPhone = "7122321576"
	res, err := srv.Client.InitPayment(context.Background(), req)
	require.NoError(t, err)
	p := newBrowser(t, srv.URL).get(res.FormURL)
	require.True(t, hasID(p.html, "prefilled-phone"))
	require.Contains(t, p.html, "7122321576")
	require.True(t, hasID(p.html, "card-form"))
}

func TestHost2HostChallengePages(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	h := newHost(t, srv.Secret)
	ctx := context.Background()
	for _, tc := range []struct {
		button   string
		status   smartcore.Status
		code     smartcore.ErrorCode
		location string
	}{
		{"approve", smartcore.StatusSuccess, "", "https://merchant.example/success"},
		{"decline", smartcore.StatusFail, smartcore.ErrAuthenticationProcessing, "https://merchant.example/fail"},
		{"cancel", smartcore.StatusFail, smartcore.Err3DSCancelProcessing, "https://merchant.example/fail"},
	} {
		// Through the ACS, as a 3-D Secure 1 merchant does: POST PaReq, MD
		// and TermUrl to acsurl; the ACS posts back to termUrl.
		id := "acs-" + tc.button
		res, err := srv.Client.PayCard(ctx, cardPayment(id, sandbox.CardChallenge, 1000, h.URL))
		require.NoError(t, err)
		b := newBrowser(t, srv.URL)
		p := b.post(res.ACSURL, url.Values{"PaReq": {res.PaReq}, "MD": {res.MD}, "TermUrl": {res.TermURL}})
		require.Equal(t, http.StatusOK, p.status)
		require.Equal(t, strings.TrimPrefix(res.TermURL, srv.URL), formAction(t, p.html, "challenge-form"))
		p = b.post(res.TermURL, url.Values{"MD": {res.MD}, "action": {tc.button}})
		require.Equal(t, http.StatusSeeOther, p.status)
		require.Equal(t, tc.location, p.location)
		chk := check(t, srv, id)
		require.Equal(t, tc.status, chk.Status)
		require.Equal(t, tc.code, chk.ErrorMessage)

		// Through form_url, as a client that only redirects does.
		id = "redirect-" + tc.button
		res, err = srv.Client.PayCard(ctx, cardPayment(id, sandbox.CardChallenge, 1000, h.URL))
		require.NoError(t, err)
		p = b.get(res.FormURL)
		require.True(t, hasID(p.html, tc.button))
		p = b.post(formAction(t, p.html, "challenge-form"), url.Values{"action": {tc.button}})
		require.Equal(t, tc.location, p.location)
		require.Equal(t, tc.status, check(t, srv, id).Status)
	}
	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusSuccess}, h.statuses("acs-approve"))

	// A settled challenge cannot be answered again, nor with a foreign MD.
	res, err := srv.Client.PayCard(ctx, cardPayment("acs-md", sandbox.CardChallenge, 1000, ""))
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)
	require.Equal(t, http.StatusBadRequest, b.post(res.TermURL, url.Values{"MD": {"other"}, "action": {"approve"}}).status)
	require.Equal(t, http.StatusBadRequest, b.post(res.TermURL, url.Values{"action": {"maybe"}}).status)
	require.NoError(t, srv.Complete("acs-md", sandbox.OutcomeSuccess))
	require.Equal(t, http.StatusConflict, b.post(res.TermURL, url.Values{"action": {"decline"}}).status)
	require.Equal(t, smartcore.StatusSuccess, check(t, srv, "acs-md").Status)
}

func mustOrder(t *testing.T, srv *sandbox.Server, id string) sandbox.Transaction {
	t.Helper()
	tx, ok := srv.Order(id)
	require.True(t, ok, id)
	return tx
}

func TestIndexPage(t *testing.T) {
	t.Parallel()
	srv := sandbox.NewServer(t)
	p := newBrowser(t, srv.URL).get("/")
	require.Equal(t, http.StatusOK, p.status)
	require.Contains(t, p.html, "SmartCore sandbox")
	require.Equal(t, http.StatusNotFound, newBrowser(t, srv.URL).get("/nothing-here").status)
}
