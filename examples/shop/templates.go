package main

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
)

// The pages are plain HTML: inline CSS, no script, no external resource, so
// that they work offline and in a headless browser. These ids are a stable
// interface for the browser test:
//
//	/                  #product-name, #product-price, form#pay-form, button#pay-button
//	/success, /fail,   h1#page-title, #order-id, #order-status (text and data-status:
//	/orders/{id}       pending, paid or failed), #order-reason, #order-source,
//	                   ol#callbacks (li.callback each)
//	/orders            table#orders, one tr.order[data-order-id] per order with
//	                   td.order-status and ol.callbacks (li.callback each)
const pageTemplates = `
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{if .Refresh}}<meta http-equiv="refresh" content="{{.Refresh}}">{{end}}
<title>{{.Title}} · SmartCore demo shop</title>
<style>
body{font-family:system-ui,sans-serif;background:#f8fafc;margin:0;color:#0f172a}
header{background:#0f172a;color:#fff;padding:.75rem 1.5rem;display:flex;gap:1.5rem;align-items:center}
header a{color:#fff;text-decoration:none}header .brand{font-weight:600;margin-right:auto}
main{max-width:60rem;margin:2rem auto;background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.4rem;margin-top:0}.muted{color:#64748b;font-size:.875rem}
.price{font-size:1.25rem;font-weight:600}
button{padding:.7rem 1.4rem;border:0;border-radius:.3rem;font-size:1rem;cursor:pointer;background:#16a34a;color:#fff}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.4rem 1rem}dt{color:#64748b}dd{margin:0}
.status-paid{color:#15803d;font-weight:600}.status-failed{color:#b91c1c;font-weight:600}.status-pending{color:#a16207;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:.875rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e2e8f0;vertical-align:top;overflow-wrap:anywhere}th,.nowrap{white-space:nowrap}
ol.callbacks{margin:0;padding-left:1.2rem}code{font-size:.8rem}
.cards td{padding:.25rem .5rem}
</style></head><body>
<header><a class="brand" href="/">SmartCore demo shop</a><a href="/orders" id="orders-link">Orders</a></header>
<main>{{end}}

{{define "foot"}}</main></body></html>{{end}}

{{define "product"}}{{template "head" .}}
<h1 id="product-name">{{.Product.Name}}</h1>
<p>{{.Product.Description}}</p>
<p class="price" id="product-price">{{money .Product.Price .Product.Currency}}</p>
<form id="pay-form" method="post" action="/checkout">
<button id="pay-button" type="submit">Pay {{money .Product.Price .Product.Currency}}</button>
</form>
<h2>Test cards</h2>
<p class="muted">Any holder name, a future expiry (MM and YY) and any 3-digit CVV.</p>
<table class="cards">
<tr><td><code>4012000000003010</code></td><td>succeeds without a challenge</td></tr>
<tr><td><code>4003830171874018</code></td><td>asks for 3-D Secure: Approve succeeds, Decline or Cancel fails</td></tr>
<tr><td>any other card</td><td>is declined, e.g. <code>4000000000000002</code></td></tr>
</table>
{{template "foot" .}}{{end}}

{{define "order"}}{{template "head" .}}
<h1 id="page-title">{{.Title}}</h1>
{{with .Order}}<dl>
<dt>Order</dt><dd id="order-id">{{.ID}}</dd>
<dt>Product</dt><dd>{{.Product}}</dd>
<dt>Amount</dt><dd id="order-amount">{{money .Amount .Currency}}</dd>
<dt>Status</dt><dd id="order-status" class="status-{{.Status}}" data-status="{{.Status}}">{{.Status}}</dd>
{{with .Reason}}<dt>Reason</dt><dd id="order-reason">{{.}}{{with describe .}} — {{.}}{{end}}</dd>{{end}}
{{if .Status.Final}}<dt>Confirmed by</dt><dd id="order-source">{{.Source}} at {{clock .Settled}}</dd>{{end}}
</dl>
{{if not .Status.Final}}<p class="muted">The gateway has not confirmed this payment yet; this page reloads by itself.</p>{{end}}
<h2>Callbacks</h2>
{{if .Callbacks}}<ol id="callbacks" class="callbacks">{{range .Callbacks}}{{template "callback" .}}{{end}}</ol>
{{else}}<p class="muted" id="no-callbacks">None received yet.</p>{{end}}
{{end}}
<p><a href="/">Back to the shop</a> · <a href="/orders">All orders</a></p>
{{template "foot" .}}{{end}}

{{define "callback"}}<li class="callback" data-status="{{.Status.String}}">{{clock .Received}} · {{.Type}} {{.Status.String}} · {{money .Amount .Currency}}{{with .ErrorCategory}} · {{.}}{{end}} → {{.Effect}}</li>{{end}}

{{define "orders"}}{{template "head" .}}
<h1 id="page-title">Orders</h1>
{{if .Orders}}<table id="orders">
<thead><tr><th>Order</th><th>Created</th><th>Amount</th><th>Status</th><th>Callbacks</th></tr></thead>
<tbody>{{range .Orders}}<tr class="order" data-order-id="{{.ID}}">
<td class="nowrap"><a href="/orders/{{.ID}}">{{.ID}}</a></td><td class="nowrap">{{clock .Created}}</td><td class="nowrap">{{money .Amount .Currency}}</td>
<td class="order-status status-{{.Status}}" data-status="{{.Status}}">{{.Status}}{{with .Reason}}<br><span class="muted">{{.}}</span>{{end}}</td>
<td>{{if .Callbacks}}<ol class="callbacks">{{range .Callbacks}}{{template "callback" .}}{{end}}</ol>{{else}}<span class="muted">none</span>{{end}}</td>
</tr>{{end}}</tbody></table>
{{else}}<p id="no-orders">No orders yet. <a href="/">Buy something.</a></p>{{end}}
{{template "foot" .}}{{end}}

{{define "message"}}{{template "head" .}}
<h1 id="page-title">{{.Title}}</h1><p id="message">{{.Message}}</p>
<p><a href="/">Back to the shop</a> · <a href="/orders">All orders</a></p>
{{template "foot" .}}{{end}}
`

// pages holds every template, parsed once at start: a template error is a
// bug, so it stops the program at once rather than on a customer's request.
var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"money":    money,
	"clock":    func(t time.Time) string { return t.Format("15:04:05") },
	"describe": func(code string) string { return smartcore.ErrorCode(code).Description() },
}).Parse(pageTemplates))

// pageData is what every page template receives; each page uses a part.
type pageData struct {
	Title   string
	Refresh int // seconds before the browser reloads the page; 0: never
	Product product
	Order   Order
	Orders  []Order
	Message string
}

// money renders cents as "12.50 EUR".
func money(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return strings.TrimSpace(fmt.Sprintf("%s%d.%02d %s", sign, cents/100, cents%100, currency))
}
