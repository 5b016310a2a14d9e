package sandbox

import (
	"html/template"
	"strings"
	"time"
)

// The hosted pages are server-rendered HTML forms with inline CSS and no
// external resource. They work without JavaScript; one small inline script
// (allowed by its hash in the Content-Security-Policy, see pageScript)
// groups the card number as it is typed, shows the card's brand, puts the
// slash in MM/YY and disables Pay while the form is submitting. The element
// ids and input names are a stable interface for browser tests:
//
//	/pay/{id}       form#card-form: card_number, card_exp (MM/YY), card_cvv,
//	                card_holder; button#pay; form#cancel-form with
//	                button#cancel-payment; p#<input>-error next to a field
//	                the server refused; #test-badge; ul#test-cards
//	/3ds/{id}       form#challenge-form: button#approve, button#decline,
//	                button#cancel (name "action")
//	/acs/{id}       the same buttons, posting to /3ds/return/{id}
//	/tokenize/{id}  form#tokenize-form: card_number, card_exp, card_holder;
//	                button#save
//	/result/{id}    p#result-status (data-status), p#result-error, a#back
//	messages        p#message, a#back
//
// The card forms also accept card_exp_month and card_exp_year instead of
// card_exp, for clients that post the API's field names.
const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}} · SmartCore sandbox</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1f36;background:#fff;-webkit-text-size-adjust:100%}
a{color:#4f46e5}
.testbar{background:#ffd98a;color:#5c3b00;text-align:center;font-size:12px;font-weight:600;padding:5px 12px}
.layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);min-height:calc(100vh - 28px)}
.summary{background:#f6f8fb;border-right:1px solid #e6e9ef;padding:56px 48px;display:flex;justify-content:flex-end}
.pane{padding:56px 48px}
.col{width:100%;max-width:400px}
.single{max-width:440px;margin:48px auto;padding:0 20px}
.merchant{display:flex;align-items:center;gap:10px;flex-wrap:wrap;font-weight:600;margin-bottom:28px}
.merchant .name{min-width:0;overflow-wrap:anywhere}
.logo{width:28px;height:28px;border-radius:50%;background:#4f46e5;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-size:14px;font-weight:700}
.badge{display:inline-block;background:#ffd98a;color:#5c3b00;border-radius:4px;font-size:11px;font-weight:700;letter-spacing:.06em;padding:2px 7px;white-space:nowrap}
.label{color:#697386;font-size:14px;margin:0}
.amount{font-size:34px;font-weight:650;margin:2px 0 20px;letter-spacing:-.01em;white-space:nowrap}
.lines{border-top:1px solid #e6e9ef;margin:0;padding:0}
.lines div{display:flex;justify-content:space-between;gap:16px;padding:10px 0;border-bottom:1px solid #e6e9ef;font-size:14px}
.lines dt{color:#697386}.lines dd{margin:0;text-align:right;min-width:0;overflow-wrap:anywhere}
h1{font-size:20px;font-weight:600;margin:0 0 18px}
label{display:block;font-size:14px;color:#3c4257;margin:14px 0 6px;font-weight:500}
.field{position:relative}
input{width:100%;font:inherit;font-size:16px;padding:10px 12px;border:1px solid #d5dbe3;border-radius:6px;background:#fff;color:#1a1f36;box-shadow:0 1px 1px #0000000d}
input:focus{outline:none;border-color:#6366f1;box-shadow:0 0 0 3px #6366f140}
input[aria-invalid=true]{border-color:#df1b41;box-shadow:0 0 0 1px #df1b41}
#card_number{padding-right:96px;font-variant-numeric:tabular-nums;letter-spacing:.02em}
.brand{position:absolute;right:10px;top:50%;transform:translateY(-50%);font-size:11px;font-weight:700;letter-spacing:.04em;color:#3c4257;background:#eef0f4;border-radius:4px;padding:3px 6px}
.brand[hidden]{display:none}
.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px}
.field-error{color:#df1b41;font-size:13px;margin:6px 0 0}
.alert{background:#fff1f2;border:1px solid #fecdd3;color:#9f1239;border-radius:6px;padding:10px 12px;font-size:14px;margin:0 0 8px}
.hint{color:#697386;font-size:13px;margin:6px 0 0}
button{font:inherit;cursor:pointer}
.primary{display:block;width:100%;margin-top:22px;padding:12px 16px;border:0;border-radius:6px;background:#4f46e5;color:#fff;font-size:16px;font-weight:600;box-shadow:0 1px 2px #0003}
.primary:hover{background:#4338ca}.primary:disabled{background:#a5a6f6;cursor:wait}
.secondary{display:block;width:100%;margin-top:10px;padding:11px 16px;border:1px solid #d5dbe3;border-radius:6px;background:#fff;color:#1a1f36;font-size:15px;font-weight:500;overflow-wrap:anywhere}
.danger{color:#b4233d}
.linkbtn{border:0;background:none;padding:0;color:#4f46e5;font-size:14px;text-decoration:underline;text-underline-offset:2px;min-width:0;max-width:100%;overflow-wrap:anywhere}
.back{display:inline-flex;align-items:center;gap:6px;font-size:14px;margin-bottom:24px;color:#4f46e5}
.tests{margin-top:28px;border:1px dashed #e0b54c;background:#fffbeb;border-radius:8px;padding:12px 14px;font-size:13px}
.tests h2{font-size:13px;margin:0 0 6px;color:#5c3b00}
.tests ul{list-style:none;margin:0;padding:0}
.tests li{padding:6px 0;border-top:1px solid #f3e3b5}.tests li:first-child{border-top:0}
.num{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;white-space:nowrap}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:#f1f3f7;border-radius:3px;padding:1px 4px;word-break:keep-all;overflow-wrap:normal}
.foot{color:#8792a2;font-size:12px;margin-top:32px;text-align:center}
.status{font-size:22px;font-weight:650;margin:0 0 6px}
.ok{color:#0e7a3e}.bad{color:#b4233d}.wait{color:#8a5a00}
.icon{width:48px;height:48px;border-radius:50%;display:flex;align-items:center;justify-content:center;font-size:24px;font-weight:700;margin-bottom:16px}
.icon.ok{background:#dcfce7}.icon.bad{background:#ffe4e6}.icon.wait{background:#fef3c7}
.bank{border:1px solid #e6e9ef;border-radius:10px;box-shadow:0 8px 24px #1a1f3614;overflow:hidden}
.bank header{background:#1a1f36;color:#fff;padding:12px 16px;display:flex;justify-content:space-between;align-items:center;gap:8px;flex-wrap:wrap;font-weight:600}
.bank .body{padding:20px 16px;overflow-wrap:anywhere}
.row{display:flex;gap:10px;flex-wrap:wrap}.row>*{flex:1 1 140px}
@media (max-width:760px){
.layout{grid-template-columns:minmax(0,1fr);min-height:0}
.summary{border-right:0;border-bottom:1px solid #e6e9ef;padding:20px;justify-content:flex-start}
.pane{padding:24px 20px 32px}
.col{max-width:none}
.merchant{margin-bottom:14px}.back{margin-bottom:14px}
.amount{font-size:28px;margin-bottom:12px;white-space:normal;min-width:0;overflow-wrap:anywhere}
.single{margin:24px auto}
}
</style></head><body>
<div class="testbar" role="note">TEST MODE · no real money moves</div>{{end}}

{{define "foot"}}<p class="foot">SmartCore sandbox · test mode</p>
{{if .Script}}<script>{{.Script}}</script>{{end}}</body></html>{{end}}

{{define "merchant"}}<div class="merchant"><span class="logo" aria-hidden="true">{{.Initial}}</span><span class="name">{{.Merchant}}</span><span class="badge" id="test-badge">TEST MODE</span></div>{{end}}

{{define "summary"}}<aside class="summary"><div class="col">
{{if .CancelAction}}<form id="cancel-form" method="post" action="{{.CancelAction}}"><button id="cancel-payment" class="linkbtn back" type="submit">← Cancel and return to {{.Merchant}}</button></form>{{end}}
{{template "merchant" .}}
<p class="label">{{with .T.Purpose}}{{.}}{{else}}Payment{{end}}</p>
<p class="amount" id="amount">{{.Amount}}</p>
<dl class="lines">
<div><dt>Order</dt><dd>{{wbr .T.OrderID}}</dd></div>
<div><dt>Created</dt><dd>{{datetime .T.CreatedAt}}</dd></div>
{{with .T.Phone}}<div><dt>Phone</dt><dd id="prefilled-phone">{{.}}</dd></div>{{end}}
</dl>
</div></aside>{{end}}

{{define "fielderror"}}{{with .Msg}}<p class="field-error" id="{{$.ID}}-error">{{.}}</p>{{end}}{{end}}

{{define "alert"}}{{if .Errors}}<p class="alert" id="form-errors" role="alert">{{if eq (len .Errors) 1}}One detail needs{{else}}{{len .Errors}} details need{{end}} your attention: see the messages below the fields. For your security, enter the card number{{if .Payment}} and security code{{end}} again.</p>{{end}}{{end}}

{{define "cardfields"}}
<label for="card_number">Card number</label>
<div class="field"><input id="card_number" name="card_number" type="text" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" maxlength="23" pattern="[0-9 \-]{12,23}" title="The 12 to 19 digits on the front of the card" required{{if (index .Errors "card_number")}} aria-invalid="true" aria-describedby="card_number-error"{{end}}><span class="brand" id="card-brand" aria-live="polite" hidden></span></div>
{{template "fielderror" (field "card_number" (index .Errors "card_number"))}}
<div class="two">
<div><label for="card_exp">Expiry date</label><input id="card_exp" name="card_exp" type="text" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" maxlength="7" pattern="\s*(0?[1-9]|1[0-2])\s*/?\s*([0-9]{2}|[0-9]{4})\s*" title="Month and year as MM/YY, e.g. 12/30" value="{{.Exp}}" required{{if (index .Errors "card_exp")}} aria-invalid="true" aria-describedby="card_exp-error"{{end}}>
{{template "fielderror" (field "card_exp" (index .Errors "card_exp"))}}</div>
{{if .Payment}}<div><label for="card_cvv">Security code</label><input id="card_cvv" name="card_cvv" type="text" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" maxlength="4" pattern="[0-9]{3,4}" title="The 3 or 4 digits on the back of the card" required{{if (index .Errors "card_cvv")}} aria-invalid="true" aria-describedby="card_cvv-error"{{end}}>
{{template "fielderror" (field "card_cvv" (index .Errors "card_cvv"))}}</div>{{end}}
</div>
<label for="card_holder">Name on card</label><input id="card_holder" name="card_holder" type="text" autocomplete="cc-name" placeholder="Full name" maxlength="100" value="{{.Holder}}"{{if .Payment}} required{{end}}{{if (index .Errors "card_holder")}} aria-invalid="true" aria-describedby="card_holder-error"{{end}}>
{{template "fielderror" (field "card_holder" (index .Errors "card_holder"))}}
{{end}}

{{define "testcards"}}<section class="tests" aria-labelledby="tests-title"><h2 id="tests-title">Test cards</h2>
<p class="hint" style="margin:0 0 6px">Any name, any future expiry date (e.g. 12/30), any 3-digit security code.</p>
<ul id="test-cards">{{range .Cards}}<li><span class="num">{{.Number}}</span> {{.Does}}{{with .Code}} <code>{{wbr .}}</code>{{end}}</li>{{end}}
<li>Any other valid card number is declined by the issuer.</li></ul></section>{{end}}

{{define "pay"}}{{template "head" .}}
<div class="layout">{{template "summary" .}}
<main class="pane"><div class="col">
<h1>Pay with card</h1>
{{template "alert" .}}
<form id="card-form" method="post" action="{{.Action}}" data-busy="Processing…">
{{template "cardfields" .}}
<button id="pay" class="primary" type="submit">Pay {{.Amount}}</button>
</form>
{{template "testcards" .}}
</div></main></div>
{{template "foot" .}}{{end}}

{{define "tokenize"}}{{template "head" .}}
<div class="layout">{{template "summary" .}}
<main class="pane"><div class="col">
<h1>Save a card for payouts</h1>
{{template "alert" .}}
<form id="tokenize-form" method="post" action="{{.Action}}" data-busy="Saving…">
{{template "cardfields" .}}
<button id="save" class="primary" type="submit">Save card</button>
</form>
<p class="hint">Payouts succeed to <span class="num">{{.Success}}</span> only; any other card is saved, and a payout to it is declined.</p>
</div></main></div>
{{template "foot" .}}{{end}}

{{define "challenge"}}{{template "head" .}}
<main class="single">
{{template "merchant" .}}
<div class="bank"><header><span>Sandbox Bank · 3-D Secure</span></header>
<div class="body">
<h1>Confirm your payment</h1>
<p>Your bank asks you to confirm a payment of <strong style="white-space:nowrap">{{.Amount}}</strong> to {{.Merchant}}{{with .CardLast4}} with the card ending in <span class="num">{{.}}</span>{{end}}.</p>
<form id="challenge-form" method="post" action="{{.Action}}">
{{with .MD}}<input type="hidden" name="MD" value="{{.}}">{{end}}
<button id="approve" class="primary" type="submit" name="action" value="approve">Approve</button>
<button id="decline" class="secondary danger" type="submit" name="action" value="decline">Decline</button>
<p style="text-align:center;margin:14px 0 0"><button id="cancel" class="linkbtn" type="submit" name="action" value="cancel">Cancel and return to {{.Merchant}}</button></p>
</form>
</div></div>
<section class="tests"><h2>What the buttons do in the sandbox</h2><ul>
<li>Approve: the bank confirms, the payment succeeds.</li>
<li>Decline: the bank refuses, the payment fails with <code>{{wbr "AUTHENTICATION_PROCESSING_ERROR"}}</code>.</li>
<li>Cancel: you stop here, the payment fails with <code>{{wbr "3DS_CANCEL_PROCESSING_ERROR"}}</code>.</li>
</ul></section>
</main>
{{template "foot" .}}{{end}}

{{define "result"}}{{template "head" .}}
<main class="single">
{{template "merchant" .}}
<div class="icon {{.Tone}}" aria-hidden="true">{{if eq .Tone "ok"}}✓{{else if eq .Tone "bad"}}!{{else}}…{{end}}</div>
<p class="status {{.Tone}}" id="result-status" data-status="{{.StatusCode}}">{{.StatusText}}</p>
{{with .Reason}}<p id="result-reason">{{.}}</p>{{end}}
{{with .T.ErrorCode}}<p class="hint" id="result-error">Code <code>{{wbr (print .)}}</code></p>{{end}}
<dl class="lines" style="margin-top:20px">
<div><dt>Amount</dt><dd>{{.Amount}}</dd></div>
<div><dt>Order</dt><dd>{{wbr .T.OrderID}}</dd></div>
{{with .T.Card}}{{with .Number}}<div><dt>Card</dt><dd class="num">{{.}}</dd></div>{{end}}{{end}}
<div><dt>Created</dt><dd>{{datetime .T.CreatedAt}}</dd></div>
{{if not .T.EndDate.IsZero}}<div><dt>Finished</dt><dd>{{datetime .T.EndDate}}</dd></div>{{end}}
</dl>
{{template "backlink" .}}
</main>
{{template "foot" .}}{{end}}

{{define "backlink"}}{{with .Back}}<p style="margin-top:24px"><a id="back" class="secondary" style="text-align:center;text-decoration:none" href="{{.URL}}">{{.Label}}</a></p>{{end}}{{end}}

{{define "message"}}{{template "head" .}}
<main class="single">
<h1>{{.Title}}</h1><p id="message">{{.Message}}</p>
{{template "backlink" .}}
</main>
{{template "foot" .}}{{end}}
`

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"wbr":      wbr,
	"datetime": datetime,
	"field":    func(id, msg string) fieldMsg { return fieldMsg{ID: id, Msg: msg} },
}).Parse(pageTemplates))

// fieldMsg is one field's message, for the "fielderror" template.
type fieldMsg struct{ ID, Msg string }

// wbr lets a code such as INSUFFICIENT_FUNDS_PROCESSING_ERROR wrap after
// its underscores, and nowhere else, on a narrow screen.
func wbr(code string) template.HTML {
	parts := strings.Split(code, "_")
	for i, p := range parts {
		parts[i] = template.HTMLEscapeString(p)
	}
	return template.HTML(`<span style="word-break:keep-all">` + strings.Join(parts, "_<wbr>") + `</span>`)
}

// datetime renders a time for people, with the machine-readable instant
// in a <time> element.
func datetime(t time.Time) template.HTML {
	if t.IsZero() {
		return ""
	}
	return template.HTML(`<time datetime="` + t.UTC().Format(time.RFC3339) + `">` +
		template.HTMLEscapeString(t.UTC().Format("2 Jan 2006, 15:04 UTC")) + `</time>`)
}
