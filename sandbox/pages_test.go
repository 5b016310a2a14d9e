package sandbox_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	htmlpkg "html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

func cardForm(pan string) url.Values {
	return url.Values{
		"card_holder": {"John Doe"}, "card_number": {pan},
		"card_exp": {"02/30"}, "card_cvv": {"123"},
	}
}

func TestHostedFormFrictionless(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	res, err := srv.Client.InitPayment(context.Background(), formPayment("page-ok", 1000, h.URL))
	require.NoError(t, err)

	b := newBrowser(t, srv.URL)
	p := b.get(res.FormURL)
	require.Equal(t, http.StatusOK, p.status)
	for _, id := range []string{"card-form", "card_holder", "card_number", "card_exp", "card_cvv", "pay", "test-badge", "cancel-payment"} {
		require.True(t, hasID(p.html, id), id)
	}
	require.Contains(t, p.html, "10.00 EUR")
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
	srv := sandboxtest.NewServer(t, sandbox.Options{})
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
	srv := sandboxtest.NewServer(t, sandbox.Options{})
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
	require.NotContains(t, p.html, "EMITTER_", "codes are the dashboard's, not the shopper's")
	require.Contains(t, visibleText(p.html), "The card's bank declined the payment.")
	require.Regexp(t, `<a id="back"[^>]*href="https://merchant.site">Try another card at merchant.site</a>`, p.html,
		"without a fail_url, the merchant's site")
	require.NotContains(t, p.html, sandbox.CardDeclined)
}

func TestHostedFormRejectsInvalidCard(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	res, err := srv.Client.InitPayment(context.Background(), formPayment("page-invalid", 1000, ""))
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)
	form := cardForm("4012 0000 0000 3011") // fails the Luhn check
	form.Set("card_cvv", "98765")
	p := b.post(res.FormURL, form)
	requireRefused(t, p, res.FormURL)
	require.True(t, hasID(p.html, "form-errors"))
	require.Equal(t, "This card number is not valid. Check it for typos.", fieldError(t, p.html, "card_number"))
	require.Equal(t, "The security code is 3 or 4 digits.", fieldError(t, p.html, "card_cvv"))
	require.Empty(t, fieldError(t, p.html, "card_exp"))
	require.NotContains(t, p.html, "4012000000003011", "the number is never echoed")
	require.NotContains(t, p.html, "4012 0000 0000 3011", "the number is never echoed")
	require.NotContains(t, p.html, "98765", "nor the CVV")
	require.Contains(t, p.html, `value="John Doe"`, "the holder is kept")
	require.Equal(t, sandbox.StageForm, mustOrder(t, srv, "page-invalid").Stage)

	// After payment the form no longer takes a card.
	require.NoError(t, srv.Complete("page-invalid", sandbox.Approve))
	p = b.post(res.FormURL, cardForm(sandbox.CardSuccess))
	require.Equal(t, http.StatusConflict, p.status)
	require.Equal(t, http.StatusNotFound, b.get("/pay/000000000000000000000000").status)
}

func TestMobileCommerceFormShowsPhone(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
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
	srv := sandboxtest.NewServer(t, sandbox.Options{})
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
	require.NoError(t, srv.Complete("acs-md", sandbox.Approve))
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
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	p := newBrowser(t, srv.URL).get("/")
	require.Equal(t, http.StatusOK, p.status)
	require.Contains(t, p.html, "SmartCore sandbox")
	require.Equal(t, http.StatusNotFound, newBrowser(t, srv.URL).get("/nothing-here").status)
}

// fieldError returns the message shown next to the input named name (the
// p#name-error right after it), or "" when there is none.
func fieldError(t *testing.T, html, name string) string {
	t.Helper()
	m := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(name) + `-error">([^<]*)</p>`).FindStringSubmatch(html)
	if m == nil {
		return ""
	}
	// The message is the next thing after its input's block, not
	// somewhere else on the page.
	in := strings.Index(html, `id="`+name+`"`)
	require.True(t, in >= 0 && in < strings.Index(html, m[0]), "the message for %s follows its input", name)
	return htmlpkg.UnescapeString(m[1])
}

// visibleText is what a shopper reads on a page: the markup, the style
// sheet and the script removed.
func visibleText(page string) string {
	for _, re := range []string{`(?s)<style.*?</style>`, `(?s)<script.*?</script>`, `<[^>]*>`} {
		page = regexp.MustCompile(re).ReplaceAllString(page, " ")
	}
	return htmlpkg.UnescapeString(page)
}

// apiFieldNames are the document's names for what the card form asks;
// a shopper never sees them.
var apiFieldNames = []string{"card_number", "card_exp", "card_exp_month", "card_exp_year", "card_cvv", "card_holder", "cvv", "exp_month"}

func TestPaymentPageLooksLikeACheckout(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	res, err := srv.Client.InitPayment(context.Background(), formPayment("page-look", 1250, ""))
	require.NoError(t, err)
	resp, err := http.Get(res.FormURL)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = resp.Body.Close()
	html := string(body)

	require.Equal(t, "no-store", resp.Header.Get("Cache-Control"), "the back button asks again, never shows a cached form")
	require.Contains(t, html, `id="test-badge">TEST MODE</span>`)
	for input, ac := range map[string]string{"card_number": "cc-number", "card_exp": "cc-exp", "card_cvv": "cc-csc", "card_holder": "cc-name"} {
		require.Regexp(t, `<input id="`+input+`" name="`+input+`"[^>]* autocomplete="`+ac+`"`, html)
	}
	require.Contains(t, html, `Pay 12.50 EUR</button>`)
	require.Contains(t, html, "merchant.site", "the summary names the merchant")
	require.Regexp(t, `<time datetime="\d{4}-\d\d-\d\dT[^"]+">`, html)
	for _, card := range []string{sandbox.CardDeclined, sandbox.CardInsufficientFunds, sandbox.CardDoNotHonour, sandbox.CardLimit} {
		grouped := card[:4] + " " + card[4:8] + " " + card[8:12] + " " + card[12:]
		require.Contains(t, html, grouped, "the decline cards are listed")
	}
	require.Contains(t, visibleText(html), "is declined: the card does not have enough funds.")
	require.NotContains(t, html, "_PROCESSING_ERROR", "codes are the dashboard's, not the shopper's")
	text := visibleText(html)
	for _, name := range apiFieldNames {
		require.NotContains(t, text, name)
	}

	// The one script runs by its hash; no script may run by being inline.
	csp := resp.Header.Get("Content-Security-Policy")
	require.Contains(t, csp, "default-src 'none'")
	require.Contains(t, csp, "style-src 'unsafe-inline'")
	m := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindAllStringSubmatch(html, -1)
	require.Len(t, m, 1)
	sum := sha256.Sum256([]byte(m[0][1]))
	require.Contains(t, csp, "script-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	require.NotRegexp(t, `script-src[^;]*unsafe-inline`, csp)
}

func TestPaymentPageRefusesAnExpiredCard(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Date(2031, 3, 15, 12, 0, 0, 0, time.UTC))
	srv := sandboxtest.NewServer(t, sandbox.Options{Clock: clock})
	res, err := srv.Client.InitPayment(context.Background(), formPayment("page-expired", 1000, ""))
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)
	for _, tc := range []struct{ exp, msg string }{
		{"02/31", "This card expired in 02/31. Check the date, or use a card that has not expired."},
		{"2/2031", "This card expired in 02/31. Check the date, or use a card that has not expired."},
		{"12/30", "This card expired in 12/30. Check the date, or use a card that has not expired."},
		{"13/33", "The expiry month must be between 01 and 12."},
		{"1333", "The expiry month must be between 01 and 12."},
		{"next year", "Enter the expiry date as MM/YY, for example 12/30."},
		{"", "Enter the expiry date, as on the card: MM/YY."},
	} {
		form := cardForm(sandbox.CardSuccess)
		form.Set("card_exp", tc.exp)
		p := b.post(res.FormURL, form)
		requireRefused(t, p, res.FormURL)
		require.Equal(t, tc.msg, fieldError(t, p.html, "card_exp"), tc.exp)
		require.Regexp(t, `<input id="card_exp"[^>]*aria-invalid="true" aria-describedby="card_exp-error"`, p.html)
		require.NotContains(t, p.html, sandbox.CardSuccess, "the number is not re-shown")
		text := visibleText(p.html)
		for _, name := range apiFieldNames {
			require.NotContains(t, text, name, tc.exp)
		}
	}
	require.Equal(t, sandbox.StageForm, mustOrder(t, srv, "page-expired").Stage)

	// The current month is still good, as is the API's split form.
	form := cardForm(sandbox.CardSuccess)
	form.Del("card_exp")
	form.Set("card_exp_month", "3")
	form.Set("card_exp_year", "2031")
	p := b.post(res.FormURL, form)
	require.Equal(t, http.StatusSeeOther, p.status)
	chk := check(t, srv, "page-expired")
	require.Equal(t, smartcore.StatusSuccess, chk.Status)
	card := mustOrder(t, srv, "page-expired").Card
	require.Equal(t, "03", card.ExpMonth, "the server splits MM/YY")
	require.Equal(t, "31", card.ExpYear)
}

func TestPaymentPageCancel(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	h := newHost(t, srv.Secret)
	res, err := srv.Client.InitPayment(context.Background(), formPayment("page-cancel", 1000, h.URL))
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)
	p := b.get(res.FormURL)
	p = b.post(formAction(t, p.html, "cancel-form"), nil)
	require.Equal(t, http.StatusSeeOther, p.status)
	require.Equal(t, "https://merchant.example/fail", p.location, "Cancel returns to the order's fail_url")
	chk := check(t, srv, "page-cancel")
	require.Equal(t, smartcore.StatusFail, chk.Status)
	require.Equal(t, smartcore.ErrFormTimeoutProcessing, chk.ErrorMessage)
	flush(t, srv)
	require.Equal(t, []smartcore.Status{smartcore.StatusFail}, h.statuses("page-cancel"))

	// Cancelled once, the form is gone: a second cancel, or a card, is
	// refused with a way on to the payment's status, which offers the way
	// back to the merchant.
	id := mustOrder(t, srv, "page-cancel").ProcessingID
	for _, p := range []page{b.post("/pay/"+id+"/cancel", nil), b.post("/pay/"+id, cardForm(sandbox.CardSuccess))} {
		require.Equal(t, http.StatusConflict, p.status)
		require.Regexp(t, `<a id="back"[^>]*href="/result/`+id+`"`, p.html)
	}
	p = b.get(res.FormURL)
	require.Contains(t, p.url, "/result/"+id)
	// A cancel reads as one: no "payment failed, try another card", and no
	// code or document description.
	require.Equal(t, "Payment cancelled", textOfID(t, p.html, "result-status"))
	require.Contains(t, visibleText(p.html), "The payment was cancelled before a card was entered. No money was taken.")
	require.NotContains(t, p.html, "FORM_TIMEOUT")
	require.NotContains(t, visibleText(p.html), "card data entry form")
	require.Regexp(t, `<a id="back"[^>]*href="https://merchant.example/fail">Return to merchant.site</a>`, p.html)
	require.Equal(t, http.StatusNotFound, b.post("/pay/000000000000000000000000/cancel", nil).status)
}
