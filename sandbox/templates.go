package sandbox

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/smartcorekit/smartcore"
)

// The hosted pages are plain HTML forms: no JavaScript, no external
// resource, CSS inline, so that they work in any browser, in a headless one,
// and with nothing but an HTTP client. The element ids and input names are
// a stable interface for browser tests:
//
//	/pay/{id}       form#card-form: card_holder, card_number, card_exp_month,
//	                card_exp_year, card_cvv; button#pay
//	/3ds/{id}       form#challenge-form: button#approve, button#decline,
//	                button#cancel (name "action")
//	/acs/{id}       the same buttons, posting to /3ds/return/{id}
//	/tokenize/{id}  form#tokenize-form: card_holder, card_number,
//	                card_exp_month, card_exp_year; button#save
//	/result/{id}    p#result-status, p#result-error
const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · SmartCore sandbox</title>
<style>
body{font-family:system-ui,sans-serif;background:#f3f4f6;margin:0;padding:2rem;color:#111}
main{max-width:28rem;margin:auto;background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin-top:0}.muted{color:#666;font-size:.875rem}
label{display:block;margin:.75rem 0 .25rem;font-size:.875rem}
input{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #ccc;border-radius:.25rem;font-size:1rem}
.row{display:flex;gap:.5rem}.row>div{flex:1}
button{margin-top:1rem;padding:.6rem 1rem;border:0;border-radius:.25rem;font-size:1rem;cursor:pointer;background:#2563eb;color:#fff}
button.secondary{background:#6b7280}button.danger{background:#dc2626}
.errors{background:#fee2e2;color:#991b1b;padding:.5rem 1rem;border-radius:.25rem}
.banner{background:#fef3c7;padding:.25rem .5rem;border-radius:.25rem;font-size:.75rem}
code{font-size:.8rem}
</style></head><body><main>
<p class="banner">Sandbox: no real money moves.</p>{{end}}

{{define "foot"}}</main></body></html>{{end}}

{{define "summary"}}<p><strong>{{.Amount}}</strong>{{with .T.Purpose}} · {{.}}{{end}}</p>
<p class="muted">Order {{.T.OrderID}}{{with .T.MerchantSite}} · {{.}}{{end}}</p>{{end}}

{{define "errors"}}{{if .Errors}}<ul class="errors" id="form-errors">{{range .Errors}}<li>{{.}}</li>{{end}}</ul>{{end}}{{end}}

{{define "pay"}}{{template "head" .}}
<h1>Pay by card</h1>{{template "summary" .}}
{{with .T.Phone}}<p id="prefilled-phone">Phone: {{.}}</p>{{end}}
{{template "errors" .}}
<form id="card-form" method="post" action="{{.Action}}">
<label for="card_holder">Card holder</label><input id="card_holder" name="card_holder" autocomplete="cc-name" value="{{.Holder}}" required>
<label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required>
<div class="row"><div><label for="card_exp_month">Month (MM)</label><input id="card_exp_month" name="card_exp_month" inputmode="numeric" maxlength="2" value="{{.ExpMonth}}" required></div>
<div><label for="card_exp_year">Year (YY)</label><input id="card_exp_year" name="card_exp_year" inputmode="numeric" maxlength="2" value="{{.ExpYear}}" required></div>
<div><label for="card_cvv">CVV</label><input id="card_cvv" name="card_cvv" inputmode="numeric" maxlength="4" autocomplete="cc-csc" required></div></div>
<button id="pay" type="submit">Pay {{.Amount}}</button>
</form>
<p class="muted">Test cards: <code>{{.Success}}</code> succeeds, <code>{{.Challenge}}</code> asks for 3-D Secure, any other card is declined.</p>
{{template "foot" .}}{{end}}

{{define "challenge"}}{{template "head" .}}
<h1>3-D Secure</h1>{{template "summary" .}}
<p>Your bank asks you to confirm this payment{{with .T.Card}}{{with .Number}} with card {{.}}{{end}}{{end}}.</p>
<form id="challenge-form" method="post" action="{{.Action}}">
{{with .MD}}<input type="hidden" name="MD" value="{{.}}">{{end}}
<button id="approve" type="submit" name="action" value="approve">Approve</button>
<button id="decline" class="danger" type="submit" name="action" value="decline">Decline</button>
<button id="cancel" class="secondary" type="submit" name="action" value="cancel">Cancel</button>
</form>
{{template "foot" .}}{{end}}

{{define "tokenize"}}{{template "head" .}}
<h1>Save a card for payouts</h1>
<p class="muted">Order {{.T.OrderID}}</p>
{{template "errors" .}}
<form id="tokenize-form" method="post" action="{{.Action}}">
<label for="card_holder">Card holder</label><input id="card_holder" name="card_holder" autocomplete="cc-name" value="{{.Holder}}">
<label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required>
<div class="row"><div><label for="card_exp_month">Month (MM)</label><input id="card_exp_month" name="card_exp_month" inputmode="numeric" maxlength="2" value="{{.ExpMonth}}" required></div>
<div><label for="card_exp_year">Year (YY)</label><input id="card_exp_year" name="card_exp_year" inputmode="numeric" maxlength="2" value="{{.ExpYear}}" required></div></div>
<button id="save" type="submit">Save card</button>
</form>
<p class="muted">Payouts succeed to <code>{{.Success}}</code> only.</p>
{{template "foot" .}}{{end}}

{{define "result"}}{{template "head" .}}
<h1>{{.Title}}</h1>{{template "summary" .}}
<p id="result-status" data-status="{{.StatusCode}}">{{.StatusText}}</p>
{{with .T.ErrorCode}}<p id="result-error">{{.}}</p>{{end}}
{{template "foot" .}}{{end}}

{{define "message"}}{{template "head" .}}
<h1>{{.Title}}</h1><p id="message">{{.Message}}</p>
{{template "foot" .}}{{end}}
`

var pages = template.Must(template.New("pages").Parse(pageTemplates))

// pageData is what every page template receives.
type pageData struct {
	Title      string
	T          Transaction
	Amount     string
	Action     string
	MD         string
	Errors     []string
	Holder     string // re-filled after an error; the number and CVV never are
	ExpMonth   string
	ExpYear    string
	Success    string
	Challenge  string
	StatusCode int
	StatusText string
	Message    string
}

func newPageData(title string, t Transaction) pageData {
	return pageData{
		Title:      title,
		T:          t,
		Amount:     formatAmount(t.Amount, t.Currency),
		Success:    CardSuccess,
		Challenge:  CardChallenge,
		StatusCode: int(t.Status),
		StatusText: statusText(t),
	}
}

// formatAmount renders cents as "10.00 EUR".
func formatAmount(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return strings.TrimSpace(fmt.Sprintf("%s%d.%02d %s", sign, cents/100, cents%100, currency))
}

func statusText(t Transaction) string {
	if t.Type == TypeTokenize {
		switch t.Status {
		case smartcore.StatusSuccess:
			return "Card saved"
		case smartcore.StatusFail:
			return "Card not saved"
		}
		return "Card pending"
	}
	switch {
	case t.Status == smartcore.StatusSuccess:
		return "Payment successful"
	case t.AuthorizeStatus == AuthorizeAuthorized:
		return "Payment authorized"
	case t.Status == smartcore.StatusFail:
		return "Payment failed"
	}
	return "Payment pending"
}
