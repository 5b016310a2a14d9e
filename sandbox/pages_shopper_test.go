package sandbox_test

import (
	"context"
	htmlpkg "html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/sandbox/sandboxtest"
)

// requireRefused checks that a refused card form was answered the way
// that keeps Back and Reload away from "Confirm Form Resubmission": a 303
// (followed) to the form's own page with ?e=TOKEN, shown with 200, whose
// URL carries no card data.
func requireRefused(t *testing.T, p page, formURL string) {
	t.Helper()
	require.Equal(t, http.StatusOK, p.status, "the refused form is shown by a GET after a 303")
	u, err := url.Parse(p.url)
	require.NoError(t, err)
	require.Regexp(t, `^[0-9a-f]{32}$`, u.Query().Get("e"), p.url)
	require.Len(t, u.Query(), 1, "the URL carries the token only: %s", p.url)
	f, err := url.Parse(formURL)
	require.NoError(t, err)
	require.Equal(t, f.Path, u.Path)
}

// textOfID returns the text of the element with the given id.
func textOfID(t *testing.T, html, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(html)
	require.NotNil(t, m, "no #%s", id)
	return htmlpkg.UnescapeString(strings.TrimSpace(m[1]))
}

// A refused submission is answered 303 to a GET that shows the messages:
// reloading it shows them again, nothing is posted twice, and neither the
// card number nor the security code is in the URL or the page.
func TestRefusedCardFormRedirectsToItsMessages(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	res, err := srv.Client.InitPayment(context.Background(), formPayment("prg", 1000, ""))
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)

	noFollow := *b.c
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	form := cardForm("4012 0000 0000 3011") // fails the Luhn check
	form.Set("card_cvv", "98765")
	resp, err := noFollow.PostForm(res.FormURL, form)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc := resp.Header.Get("Location")
	require.NotContains(t, loc, "4012")
	require.NotContains(t, loc, "98765")

	for range 2 { // the page, then a reload of it
		p := b.get(loc)
		requireRefused(t, p, res.FormURL)
		require.Equal(t, "This card number is not valid. Check it for typos.", fieldError(t, p.html, "card_number"))
		require.Equal(t, "The security code is 3 or 4 digits.", fieldError(t, p.html, "card_cvv"))
		require.Contains(t, p.html, `value="John Doe"`, "the holder is kept")
		require.Contains(t, p.html, `value="02/30"`, "the expiry is kept")
		require.NotContains(t, p.html, "3011")
		require.NotContains(t, p.html, "98765")
	}
	require.Equal(t, sandbox.StageForm, mustOrder(t, srv, "prg").Stage, "nothing was paid")

	// A made-up token, or one of another payment, shows a clean form.
	other, err := srv.Client.InitPayment(context.Background(), formPayment("prg-other", 1000, ""))
	require.NoError(t, err)
	u, _ := url.Parse(loc)
	for _, target := range []string{res.FormURL + "?e=00000000000000000000000000000000", other.FormURL + "?" + u.RawQuery} {
		p := b.get(target)
		require.Equal(t, http.StatusOK, p.status)
		require.False(t, hasID(p.html, "form-errors"), target)
	}
}

// The hosted pages name the merchant: the sandbox's merchant name, else
// the merchant_site host, with its initial as the logo; an IP address
// gets no logo rather than a digit.
func TestHostedPagesNameTheMerchant(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, site, want, logo string
	}{
		{"the option", "http://127.0.0.1:8080", "Acme Mugs", "A"},
		{"", "https://www.merchant.site", "merchant.site", "M"},
		{"", "http://127.0.0.1:8080", "127.0.0.1", ""},
	} {
		srv := sandboxtest.NewServer(t, sandbox.Options{MerchantName: strings.TrimPrefix(tc.name, "the option")})
		if tc.name != "" {
			srv = sandboxtest.NewServer(t, sandbox.Options{MerchantName: tc.want})
		}
		req := formPayment("named", 1000, "")
		req.MerchantSite = tc.site
		res, err := srv.Client.InitPayment(context.Background(), req)
		require.NoError(t, err)
		p := newBrowser(t, srv.URL).get(res.FormURL)
		require.Equal(t, tc.want, textOfID(t, p.html, "merchant-name"), tc.site)
		require.Contains(t, visibleText(p.html), "Cancel and return to "+tc.want)
		m := regexp.MustCompile(`<span class="logo" aria-hidden="true">([^<]*)</span>`).FindStringSubmatch(p.html)
		if tc.logo == "" {
			require.Nil(t, m, "no logo for %s", tc.want)
		} else {
			require.NotNil(t, m)
			require.Equal(t, tc.logo, m[1])
		}
	}
}

// Shoppers read plain words: no error code and none of the document's
// descriptions on any hosted page, whatever the outcome.
func TestShopperPagesShowNoCodes(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	forbidden := []string{"_PROCESSING_ERROR", "_ERROR", "3DS Redirect Timeout"}
	for _, c := range []smartcore.ErrorCode{smartcore.ErrEmitterDenialProcessing, smartcore.ErrInsufficientFundsProcessing,
		smartcore.ErrDoNotHonourProcessing, smartcore.ErrLimitProcessing, smartcore.ErrAuthenticationProcessing,
		smartcore.Err3DSCancelProcessing, smartcore.ErrFormTimeoutProcessing, smartcore.Err3DSTimeoutProcessing} {
		if d := c.Description(); d != "" {
			forbidden = append(forbidden, d)
		}
	}
	look := func(what, html string) {
		t.Helper()
		html = strings.ReplaceAll(html, "<wbr>", "") // a code may wrap after its underscores
		text := visibleText(html)
		for _, f := range forbidden {
			require.NotContains(t, html, f, what)
			require.NotContains(t, text, f, what)
		}
	}
	for i, tc := range []struct {
		card, button string
	}{
		{sandbox.CardDeclined, ""}, {sandbox.CardInsufficientFunds, ""},
		{sandbox.CardChallenge, "decline"}, {sandbox.CardChallenge, "cancel"}, {"", "cancel-form"},
	} {
		req := formPayment("codes-"+string(rune('a'+i)), 1000, "")
		req.SuccessURL, req.FailURL = "", "" // the sandbox's own result page
		res, err := srv.Client.InitPayment(context.Background(), req)
		require.NoError(t, err)
		b := newBrowser(t, srv.URL)
		p := b.get(res.FormURL)
		look("the payment form", p.html)
		if tc.card == "" {
			p = b.post(formAction(t, p.html, "cancel-form"), nil)
		} else {
			p = b.post(formAction(t, p.html, "card-form"), cardForm(tc.card))
		}
		if tc.button != "" && tc.card != "" {
			look("the challenge", p.html)
			p = b.post(formAction(t, p.html, "challenge-form"), url.Values{"action": {tc.button}})
		}
		require.Contains(t, p.url, "/result/")
		look("the result of "+tc.card+" "+tc.button, p.html)
	}
}

// A cancel at 3-D Secure reads as a cancel on the result page, with the
// way back to the merchant rather than "try another card".
func TestChallengeCancelReadsAsCancel(t *testing.T) {
	t.Parallel()
	srv := sandboxtest.NewServer(t, sandbox.Options{})
	req := formPayment("cancel-3ds", 1000, "")
	req.SuccessURL, req.FailURL = "", ""
	res, err := srv.Client.InitPayment(context.Background(), req)
	require.NoError(t, err)
	b := newBrowser(t, srv.URL)
	p := b.get(res.FormURL)
	p = b.post(formAction(t, p.html, "card-form"), cardForm(sandbox.CardChallenge))
	p = b.post(formAction(t, p.html, "challenge-form"), url.Values{"action": {"cancel"}})
	require.Equal(t, "Payment cancelled", textOfID(t, p.html, "result-status"))
	require.Contains(t, visibleText(p.html), "You cancelled the payment at your bank's confirmation. No money was taken.")
	require.NotContains(t, visibleText(p.html), "Try another card")
	require.Regexp(t, `<a id="back"[^>]*>Return to merchant.site</a>`, p.html)
}
