package demoshop

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
)

// The shops' pages, one set for examples/shop and the framework examples:
// plain HTML, inline CSS, no script, no external resource, usable from 390
// px wide. A page showing a pending order reloads itself (meta refresh)
// until the callback settles it. These ids are a stable interface for
// browser tests:
//
//	/                  #product-name, #product-price, form#pay-form, button#pay-button
//	/success, /fail,   h1#page-title, #order-id, #order-status (text and data-status:
//	/orders/{id}       pending, paid or failed), #order-reason, #order-source,
//	                   ol#callbacks (li.callback each), form#try-again-form with
//	                   button#try-again when the payment failed
//	/orders            table#orders, one tr.order[data-order-id] per order with
//	                   td.order-status and ol.callbacks (li.callback each)
const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{if .Refresh}}<meta http-equiv="refresh" content="{{refresh .}}">{{end}}
<title>{{.Title}} · SmartCore demo shop</title>
<style>
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f8fb;margin:0;color:#1a1f36}
header{background:#1a1f36;color:#fff;padding:.75rem 1.25rem;display:flex;gap:1.25rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header .brand{font-weight:650;margin-right:auto}
main{max-width:60rem;margin:1.5rem auto;background:#fff;border-radius:10px;padding:1.5rem;box-shadow:0 1px 3px #1a1f3622}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.05rem;margin:1.75rem 0 .5rem}
a{color:#4f46e5}.muted{color:#697386;font-size:.875rem}
.price{font-size:1.5rem;font-weight:650;white-space:nowrap}
button{font:inherit;padding:.7rem 1.4rem;border:0;border-radius:6px;font-size:1rem;font-weight:600;cursor:pointer;background:#4f46e5;color:#fff}
button:hover{background:#4338ca}
dl{display:grid;grid-template-columns:minmax(7rem,auto) minmax(0,1fr);gap:.5rem 1rem;margin:0}dt{color:#697386}dd{margin:0;min-width:0;overflow-wrap:anywhere}
.status{display:inline-block;border-radius:999px;padding:.05rem .6rem;font-weight:600;font-size:.85rem;white-space:nowrap}
.status-paid{background:#dcfce7;color:#166534}.status-failed{background:#ffe4e6;color:#9f1239}.status-pending{background:#fef3c7;color:#854d0e}
.notice{border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.notice-failed{background:#fff1f2;border:1px solid #fecdd3}.notice-cancelled{background:#f6f8fb;border:1px solid #e6e9ef}.status-cancelled{background:#eef0f4;color:#3c4257}
details.dev{margin-top:1.5rem;border:1px solid #e6e9ef;border-radius:8px;padding:.6rem 1rem;font-size:.875rem}details.dev summary{cursor:pointer;font-weight:600;color:#3c4257}details.dev dl{margin-top:.75rem}.notice-pending{background:#fffbeb;border:1px solid #fde68a}.notice-paid{background:#f0fdf4;border:1px solid #bbf7d0}
.actions{display:flex;gap:.75rem 1.25rem;align-items:center;flex-wrap:wrap;margin-top:1.25rem}
table{border-collapse:collapse;width:100%;font-size:.875rem}
th,td{text-align:left;padding:.55rem .5rem;border-bottom:1px solid #e6e9ef;vertical-align:top}
th{color:#697386;font-weight:600;white-space:nowrap}
td{overflow-wrap:anywhere}.nowrap{white-space:nowrap}
ol.callbacks{margin:0;padding-left:1.2rem}ol.callbacks li{margin:.15rem 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;background:#f1f3f7;border-radius:3px;padding:0 .25rem;word-break:keep-all;overflow-wrap:normal}
.cards{width:auto}.cards td{padding:.35rem .75rem .35rem 0;border:0}
@media (max-width:640px){
main{margin:0;border-radius:0;box-shadow:none;padding:1.25rem 1rem}
table.stack thead{display:none}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tr{border-bottom:1px solid #e6e9ef;padding:.5rem 0}
table.stack td{border:0;padding:.2rem 0;display:grid;grid-template-columns:6.5rem minmax(0,1fr);gap:.5rem}
table.stack td::before{content:attr(data-label);color:#697386;font-weight:600}
.cards td{display:block;padding:.1rem 0}.cards tr{display:block;padding:.4rem 0}
}
</style></head><body>
<header><a class="brand" href="/">{{shopName}}</a><a href="/orders" id="orders-link">Orders</a></header>
<main>{{end}}

{{define "foot"}}</main></body></html>{{end}}

{{define "product"}}{{template "head" .}}
<h1 id="product-name">{{.Product.Name}}</h1>
<p>{{.Product.Description}}</p>
<p class="price" id="product-price">{{money .Product.Price .Product.Currency}}</p>
<form id="pay-form" method="post" action="{{.PayAction}}">
<button id="pay-button" type="submit">Pay {{money .Product.Price .Product.Currency}}</button>
</form>
<h2>Test cards</h2>
<p class="muted">Any name, a future expiry date (MM/YY) and any 3-digit security code.</p>
<table class="cards">
<tr><td class="nowrap"><code>4012 0000 0000 3010</code></td><td>succeeds without a challenge</td></tr>
<tr><td class="nowrap"><code>4003 8301 7187 4018</code></td><td>asks for 3-D Secure: Approve succeeds, Decline or Cancel fails</td></tr>
<tr><td class="nowrap"><code>4000 0000 0000 0002</code></td><td>is declined; the payment form lists more decline cards</td></tr>
</table>
{{template "foot" .}}{{end}}

{{define "order"}}{{template "head" .}}
<h1 id="page-title">{{.Title}}</h1>
{{with .Order}}
{{if .Cancelled}}<div class="notice notice-cancelled"><p style="margin:0" id="order-message">{{cancelWords .Reason}} No money was taken, and your order is still here if you want it.</p>
<form id="try-again-form" method="post" action="{{$.PayAction}}" style="margin-top:.75rem"><button id="try-again" type="submit">Pay again</button></form></div>
{{else if eq .Status "failed"}}<div class="notice notice-failed"><p style="margin:0" id="order-message">The payment did not go through: {{shopper .Reason}} No money was taken. You can try again with another card.</p>
<form id="try-again-form" method="post" action="{{$.PayAction}}" style="margin-top:.75rem"><button id="try-again" type="submit">Try another card</button></form></div>
{{else if eq .Status "paid"}}<div class="notice notice-paid"><p style="margin:0" id="order-message">Thank you: your payment is confirmed.</p></div>
{{else if $.Refresh}}<div class="notice notice-pending"><p style="margin:0" id="order-message">Your payment is not confirmed yet. This page checks again by itself for a minute.</p></div>
{{else}}<div class="notice notice-pending"><p style="margin:0" id="order-message">Your payment is still not confirmed. If you left the payment page before paying, pay again; if you paid, check again in a moment.</p>
<div class="actions" style="margin-top:.75rem"><form id="try-again-form" method="post" action="{{$.PayAction}}"><button id="try-again" type="submit">Pay again</button></form><a id="check-again" href="{{$.CheckAgain}}">Check again</a></div></div>{{end}}
<dl>
<dt>Order</dt><dd id="order-id">{{.ID}}</dd>
<dt>Product</dt><dd>{{.Product}}</dd>
<dt>Amount</dt><dd id="order-amount" class="nowrap">{{money .Amount .Currency}}</dd>
<dt>Status</dt><dd><span id="order-status" class="status status-{{.Status}}{{if .Cancelled}} status-cancelled{{end}}" data-status="{{.Status}}">{{if .Cancelled}}cancelled{{else}}{{.Status}}{{end}}</span></dd>
{{if not .Created.IsZero}}<dt>Created</dt><dd>{{when .Created}}</dd>{{end}}
</dl>
<details class="dev" id="for-developers"><summary>For developers</summary>
<dl>
{{with .Reason}}<dt>Reason</dt><dd id="order-reason">{{if iscode .}}<code>{{wbr .}}</code>{{else}}{{.}}{{end}}</dd>{{end}}
{{if final .Status}}<dt>Confirmed by</dt><dd id="order-source">{{.Source}}{{if not .Settled.IsZero}}, {{when .Settled}}{{end}}</dd>{{end}}
<dt>Callbacks</dt><dd>{{if .Callbacks}}<ol id="callbacks" class="callbacks">{{range .Callbacks}}{{template "callback" .}}{{end}}</ol>
{{else}}<span class="muted" id="no-callbacks">None received yet.</span>{{end}}</dd>
{{with $.Dashboard}}<dt>Gateway</dt><dd><a id="dashboard-link" href="{{.}}">The sandbox's dashboard</a> shows the payment, its requests and every callback attempt.</dd>{{end}}
</dl></details>
{{end}}
<p class="actions"><a href="/">Back to the shop</a><a href="/orders">All orders</a></p>
{{template "foot" .}}{{end}}

{{define "callback"}}<li class="callback" data-status="{{.Status}}">{{when .Received}} · {{.Type}} {{.Status}} · <span class="nowrap">{{money .Amount .Currency}}</span>{{with .ErrorCategory}} · <code>{{wbr .}}</code>{{end}} → {{.Effect}}</li>{{end}}

{{define "orders"}}{{template "head" .}}
<h1 id="page-title">Orders</h1>
{{if .Orders}}{{if .Refresh}}<p class="muted">Some payments are not confirmed yet; this page reloads by itself.</p>{{end}}
<table id="orders" class="stack">
<thead><tr><th>Order</th><th>Created</th><th>Amount</th><th>Status</th><th>Callbacks</th></tr></thead>
<tbody>{{range .Orders}}<tr class="order" data-order-id="{{.ID}}">
<td data-label="Order"><a href="/orders/{{.ID}}">{{wbr .ID}}</a></td>
<td data-label="Created">{{when .Created}}</td>
<td data-label="Amount" class="nowrap">{{money .Amount .Currency}}</td>
<td data-label="Status" class="order-status" data-status="{{.Status}}"><span><span class="status status-{{.Status}}{{if .Cancelled}} status-cancelled{{end}}">{{if .Cancelled}}cancelled{{else}}{{.Status}}{{end}}</span>{{with .Reason}}<br>{{if iscode .}}<code>{{wbr .}}</code>{{else}}<span class="muted">{{.}}</span>{{end}}{{end}}</span></td>
<td data-label="Callbacks">{{if .Callbacks}}<ol class="callbacks">{{range .Callbacks}}{{template "callback" .}}{{end}}</ol>{{else}}<span class="muted">none</span>{{end}}</td>
</tr>{{end}}</tbody></table>
{{else}}<p id="no-orders">No orders yet. <a href="/">Buy something.</a></p>{{end}}
{{template "foot" .}}{{end}}

{{define "message"}}{{template "head" .}}
<h1 id="page-title">{{.Title}}</h1><p id="message">{{.Message}}</p>
<p class="actions"><a href="/">Back to the shop</a><a href="/orders">All orders</a></p>
{{template "foot" .}}{{end}}
`

// pages holds every template, parsed once at start: a template error is a
// bug, so it stops the program at once rather than on a customer's request.
var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"money":    Money,
	"when":     when,
	"wbr":      wbr,
	"iscode":   isCode,
	"final":    func(status string) bool { return status == StatusPaid || status == StatusFailed },
	"shopper":  ShopperReason,
	"shopName": func() string { return ShopName },
	"cancelWords": func(reason string) string {
		if reason == string(smartcore.Err3DSCancelProcessing) {
			return "You cancelled the payment at your bank's confirmation."
		}
		return "You left the payment page without paying: cancelled, or closed until it timed out."
	},
	"refresh": func(d PageData) string {
		if d.RefreshURL == "" {
			return fmt.Sprint(d.Refresh)
		}
		return fmt.Sprintf("%d; url=%s", d.Refresh, d.RefreshURL)
	},
}).Parse(pageTemplates))

// Money renders cents as "12.50 EUR".
func Money(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return strings.TrimSpace(fmt.Sprintf("%s%d.%02d %s", sign, cents/100, cents%100, currency))
}

// when renders a time of day for people, with the instant for machines.
func when(t time.Time) template.HTML {
	if t.IsZero() {
		return ""
	}
	return template.HTML(`<time datetime="` + t.UTC().Format(time.RFC3339) + `" class="nowrap">` +
		template.HTMLEscapeString(t.Format("15:04:05")) + `</time>`)
}

// wbr lets a code such as INSUFFICIENT_FUNDS_PROCESSING_ERROR, or an id
// such as order-1f2e, wrap after its underscores and hyphens, and nowhere
// else, on a narrow screen.
func wbr(code string) template.HTML {
	var b strings.Builder
	b.WriteString(`<span style="word-break:keep-all;overflow-wrap:normal">`)
	for _, r := range code {
		b.WriteString(template.HTMLEscapeString(string(r)))
		if r == '_' || r == '-' {
			b.WriteString("<wbr>")
		}
	}
	b.WriteString(`</span>`)
	return template.HTML(b.String())
}

// ShopperReason says in a shopper's words why a payment failed, from the
// order's reason (the gateway's error code, or the shop's own sentence):
// never the code, never the document's description of it.
func ShopperReason(reason string) string {
	switch smartcore.ErrorCode(reason) {
	case smartcore.ErrEmitterDenialProcessing:
		return "your card's bank declined it."
	case smartcore.ErrInsufficientFundsProcessing:
		return "the card does not have enough funds."
	case smartcore.ErrDoNotHonourProcessing:
		return "the card's bank refused it."
	case smartcore.ErrLimitProcessing:
		return "the card's spending limit was reached."
	case smartcore.ErrAuthenticationProcessing:
		return "your bank could not confirm it was you (3-D Secure)."
	case smartcore.Err3DSTimeoutProcessing, smartcore.Err3DSRedirectTimeoutProcessing, smartcore.Err3DSRedirectTimeout:
		return "your bank's confirmation was not completed in time."
	case smartcore.ErrFormTimeoutProcessing:
		return "the payment page was left before a card was entered."
	}
	if reason != "" && !isCode(reason) {
		return reason + "."
	}
	return "the payment could not be completed."
}

// isCode reports whether s looks like one of the gateway's error codes.
func isCode(s string) bool {
	return s != "" && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ ") == ""
}

// IsCancel reports whether an order's reason says the shopper cancelled
// the payment: the gateway's code for a card form left without paying
// (its Cancel button included) or for a cancelled 3-D Secure check.
func IsCancel(reason string) bool {
	return reason == string(smartcore.ErrFormTimeoutProcessing) || reason == string(smartcore.Err3DSCancelProcessing)
}
