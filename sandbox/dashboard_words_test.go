package sandbox_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/sandbox"
)

// The dashboard labels the card holder and the customer as what they
// are, shows a shopper's cancel as a cancel (not "Expired", though the
// document's code is the form timeout's), uses the filters' words on the
// badges, and its timeline shows what the shopper did on the hosted pages.
func TestDashboardWordsACancelAndTheShoppersSteps(t *testing.T) {
	d := newDocumentDash(t)

	// A payment through the form: a refused submission, the challenge
	// card, then Cancel on the 3-D Secure page.
	res, err := d.srv.Client.InitPayment(context.Background(), formPayment("dash-cancel", 990, d.host.URL))
	require.NoError(t, err)
	p := d.b.get(res.FormURL)
	bad := cardForm(sandbox.CardChallenge)
	bad.Set("card_exp", "01/20")
	p = d.b.post(formAction(t, p.html, "card-form"), bad)
	good := cardForm(sandbox.CardChallenge)
	good.Set("card_holder", "Ada Lovelace")
	p = d.b.post(formAction(t, p.html, "card-form"), good)
	p = d.b.post(formAction(t, p.html, "challenge-form"), url.Values{"action": {"cancel"}})
	require.Equal(t, http.StatusSeeOther, p.status, "to the fail_url")

	// And a form the shopper leaves with its Cancel button.
	leftID := d.form(t, "dash-left")
	p = d.b.get("/pay/" + leftID)
	d.b.post(formAction(t, p.html, "cancel-form"), nil)
	// And one cancelled through Complete, the path the control API and the
	// dashboard share.
	apiID := d.form(t, "dash-api-cancel")
	require.NoError(t, d.srv.Complete("dash-api-cancel", sandbox.Cancel))
	// And one nobody fills in, which expires.
	expiredID := d.form(t, "dash-expired")
	d.act(t, expiredID, "expire")
	flush(t, d.srv)

	cancelID := d.pid(t, "dash-cancel")
	p = d.b.get("/transactions/" + cancelID + "?pause=1")
	require.Contains(t, p.html, `data-status="cancelled">Cancelled<`)
	require.Contains(t, p.html, "<dt>Card holder</dt><dd>Ada Lovelace</dd>")
	require.Contains(t, p.html, "<dt>Customer</dt><dd>John Doe</dd>")
	require.NotContains(t, p.html, "<dt>Name</dt>")
	for _, step := range []string{
		"Card form submitted and refused by the form&#39;s checks: expiry date",
		"Card form submitted: the card ending in 4018 was taken",
		"3-D Secure challenge shown to the shopper",
		"3-D Secure: the shopper pressed Cancel",
	} {
		require.Contains(t, p.html, "<strong>"+step+"</strong>")
	}
	require.NotContains(t, p.html, sandbox.CardChallenge)

	p = d.b.get("/transactions/" + leftID + "?pause=1")
	require.Contains(t, p.html, `data-status="cancelled">Cancelled<`, "the form's Cancel is a cancel")
	require.Contains(t, p.html, "<strong>The shopper pressed Cancel on the card form</strong>")
	p = d.b.get("/transactions/" + apiID + "?pause=1")
	require.Contains(t, p.html, `data-status="cancelled">Cancelled<`, "a cancel through Complete is a cancel")
	p = d.b.get("/transactions/" + expiredID + "?pause=1")
	require.Contains(t, p.html, `data-status="expired">Expired<`, "a form nobody filled in expired")

	// The filters use the badges' words, and find the same transactions.
	p = d.b.get("/?pause=1")
	for _, chip := range []string{">Waiting<", ">Succeeded<", ">Failed<", ">Cancelled<", ">Expired<"} {
		require.Contains(t, p.html, chip)
	}
	require.ElementsMatch(t, []string{cancelID, leftID, apiID}, rows(d.b.get("/?status=cancelled").html))
	require.Equal(t, []string{expiredID}, rows(d.b.get("/?status=expired").html))
}
