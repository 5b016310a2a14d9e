package sandbox

import (
	"bytes"
	"html/template"
	"net/http"
	"time"
)

// The dashboard's pages: server-rendered, inline CSS, no script at all (the
// refresh is a meta refresh), so the Content-Security-Policy allows none.
// Tables turn into one card per row below 720 px.
const dashboardTemplates = `
{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
{{with .Refresh}}<meta http-equiv="refresh" content="{{.}}">{{end}}
<title>{{.Title}} · SmartCore sandbox</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1f36;background:#f6f8fb;-webkit-text-size-adjust:100%}
a{color:#4f46e5;text-underline-offset:2px}
.testbar{background:#ffd98a;color:#5c3b00;text-align:center;font-size:12px;font-weight:600;padding:5px 12px}
.wrap{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
.top{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px 16px;margin-bottom:16px}
.brandline{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.logo{width:28px;height:28px;border-radius:7px;background:#4f46e5;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-weight:700}
h1{font-size:20px;font-weight:650;margin:0;overflow-wrap:anywhere}
h2{font-size:15px;font-weight:650;margin:0 0 10px}
.muted{color:#697386}.small{font-size:12px}
.live{display:inline-flex;align-items:center;gap:8px;font-size:12px;color:#3c4257;background:#fff;border:1px solid #e6e9ef;border-radius:999px;padding:4px 10px;white-space:nowrap}
.dot{width:8px;height:8px;border-radius:50%;background:#16a34a;box-shadow:0 0 0 3px #16a34a33}
.paused .dot{background:#a3a3a3;box-shadow:none}
.api{margin:0 0 16px;color:#697386;font-size:13px;overflow-wrap:anywhere}
.api span{margin-right:14px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
code{background:#eef0f4;border-radius:4px;padding:1px 5px;word-break:keep-all;overflow-wrap:anywhere}
.card{background:#fff;border:1px solid #e6e9ef;border-radius:10px;padding:16px;margin-bottom:16px;box-shadow:0 1px 2px #1a1f360a}
.card.flush{padding:0;overflow:hidden}
.card.flush h2{padding:14px 16px 0}
.filters{display:flex;flex-direction:column;gap:8px;margin-bottom:16px}
.chips{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.chips .lbl{font-size:12px;color:#697386;width:52px}
.chip{display:inline-block;padding:4px 11px;border-radius:999px;border:1px solid #d5dbe3;background:#fff;color:#3c4257;text-decoration:none;font-size:13px;white-space:nowrap}
.chip:hover{border-color:#a5b4fc}
.chip.on{background:#1a1f36;border-color:#1a1f36;color:#fff}
table{width:100%;border-collapse:collapse}
th{text-align:left;font-size:11px;font-weight:600;letter-spacing:.05em;text-transform:uppercase;color:#697386;padding:10px 16px;border-bottom:1px solid #e6e9ef;background:#fafbfc;white-space:nowrap}
td{padding:11px 16px;border-bottom:1px solid #eef0f4;vertical-align:top}
tr:last-child td{border-bottom:0}
tbody tr:hover{background:#fafbff}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.order{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;text-decoration:none;overflow-wrap:anywhere}
.order:hover{text-decoration:underline}
.pill{display:inline-flex;align-items:center;gap:6px;border-radius:999px;padding:2px 9px;font-size:12px;font-weight:600;white-space:nowrap}
.pill:before{content:"";width:6px;height:6px;border-radius:50%;background:currentColor}
.ok{background:#dcfce7;color:#166534}.bad{background:#ffe4e6;color:#9f1239}.wait{background:#fef3c7;color:#92400e}.info{background:#e0e7ff;color:#3730a3}
.txt-ok{color:#166534}.txt-bad{color:#9f1239}.txt-wait{color:#92400e}
.empty{padding:32px 16px;text-align:center;color:#697386}
.empty p{margin:4px 0}
.note{font-size:12px;color:#697386;padding:10px 16px;margin:0;border-top:1px solid #eef0f4}
.back{display:inline-block;margin-bottom:12px;text-decoration:none;font-size:13px}
.hero{display:flex;flex-wrap:wrap;align-items:center;gap:8px 14px;margin-bottom:4px}
.amount{font-size:28px;font-weight:650;letter-spacing:-.01em;margin:6px 0 2px;white-space:nowrap}
.reason{margin:8px 0 0;color:#9f1239}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:12px 24px;margin:16px 0 0;padding-top:14px;border-top:1px solid #eef0f4}
dl.facts dt{font-size:12px;color:#697386;margin-bottom:2px}
dl.facts dd{margin:0;overflow-wrap:anywhere}
dl.facts .wide{grid-column:span 2}
.grid{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:0 16px;align-items:start}
h1.mono{font-size:20px;font-weight:650}
.actions form{margin:0}
.act{display:flex;flex-direction:column;gap:4px;padding:10px 0;border-top:1px solid #eef0f4}
.act:first-of-type{border-top:0;padding-top:0}
.act p{margin:0;font-size:12px;color:#697386}
.actions h3{font-size:12px;font-weight:600;letter-spacing:.05em;text-transform:uppercase;color:#697386;margin:14px 0 8px;padding-top:12px;border-top:1px solid #e6e9ef}
p.off{margin:6px 0 0;font-size:12px;color:#697386}
.actions h3+.act{border-top:0;padding-top:0}
button{font:inherit;font-size:14px;font-weight:600;cursor:pointer;border-radius:6px;padding:8px 14px;border:1px solid #d5dbe3;background:#fff;color:#1a1f36;width:100%;text-align:center}
button:hover{border-color:#a5b4fc}
button.primary{background:#4f46e5;border-color:#4f46e5;color:#fff}
button.primary:hover{background:#4338ca}
button.danger{color:#b4233d;border-color:#f3b8c4}
button:disabled{background:#f1f3f7;border-color:#e6e9ef;color:#8792a2;cursor:not-allowed}
.flash{border-radius:8px;padding:10px 12px;margin:0 0 12px;font-size:13px}
.flash.ok{font-weight:500}.flash.bad{font-weight:500}
.answer{display:block;white-space:pre-wrap;word-break:break-word;max-height:4.5em;overflow:hidden;background:#f6f8fb}
details summary{cursor:pointer;color:#4f46e5;font-size:12px;margin-top:6px}
details dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px;margin:8px 0 0;font-size:12px}
details dt{color:#697386;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
details dd{margin:0;overflow-wrap:anywhere;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
ol.timeline{list-style:none;margin:0;padding:0 16px 8px}
ol.timeline li{position:relative;padding:10px 0 10px 22px;border-left:2px solid #e6e9ef;margin-left:5px}
ol.timeline li:before{content:"";position:absolute;left:-7px;top:15px;width:12px;height:12px;border-radius:50%;background:#fff;border:2px solid #a3acb9}
ol.timeline li.ok:before{border-color:#16a34a}ol.timeline li.bad:before{border-color:#e11d48}ol.timeline li.wait:before{border-color:#d97706}ol.timeline li.info:before{border-color:#6366f1}
ol.timeline li{background:none;color:inherit}
.tl-head{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
.tl-head strong{font-weight:600}
.tl-detail{margin:2px 0 0;overflow-wrap:anywhere}
.foot{color:#8792a2;font-size:12px;margin-top:24px;text-align:center}
.single{max-width:480px;margin:48px auto;padding:0 20px}
.btnlink{display:inline-block;margin-top:16px;padding:9px 16px;border-radius:6px;background:#4f46e5;color:#fff;text-decoration:none;font-weight:600}
@media (max-width:900px){.grid{grid-template-columns:minmax(0,1fr)}}
@media (max-width:720px){
.wrap{padding:14px 12px 32px}
.api span{display:block}
dl.facts{grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:10px 16px}
dl.facts .wide{grid-column:1/-1}
table.cards thead{display:none}
table.cards,table.cards tbody{display:block;width:100%}
table.cards tr{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:6px 12px;padding:12px 14px;border-bottom:1px solid #e6e9ef}
table.cards tr:last-child{border-bottom:0}
table.cards td{display:block;padding:0;border:0;min-width:0}
table.cards td.num{text-align:right}
#transactions .c-order{grid-area:1/1}#transactions .c-amount{grid-area:1/2;font-weight:600}
#transactions .c-status{grid-area:2/1}#transactions .c-created{grid-area:2/2;text-align:right;color:#697386}
#transactions .c-type{grid-area:3/1/3/3;color:#697386}
#transactions .c-card{grid-area:4/1}#transactions .c-cb{grid-area:4/2;text-align:right}
#transactions .c-card:empty{display:none}
#attempts .c-n{grid-area:1/1}#attempts .c-time{grid-area:1/2;text-align:right;color:#697386}
#attempts .c-kind{grid-area:2/1}#attempts .c-latency{grid-area:2/2}
#attempts .c-answer{grid-area:3/1/3/3}#attempts .c-url{grid-area:4/1/4/3}
.lbl-m{color:#697386;font-size:12px}
.amount{font-size:24px}
}
@media (min-width:721px){.lbl-m{display:none}
#transactions .order{display:inline-block;max-width:26ch;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;vertical-align:top}
#transactions .c-card,#transactions .c-cb,#transactions .c-created{white-space:nowrap}}
</style></head><body>
<div class="testbar" role="note">TEST MODE · no real money moves</div>
<div class="wrap">
<header class="top"><div class="brandline"><span class="logo" aria-hidden="true">S</span><span><strong>SmartCore sandbox</strong> <span class="muted">· dashboard</span></span></div>
<span class="live{{if .Paused}} paused{{end}}" id="live"><span class="dot" aria-hidden="true"></span>{{if .Paused}}Updates paused{{else}}Live · updates every 3 s{{end}} · <a href="{{.Toggle.URL}}" id="refresh-toggle">{{.Toggle.Label}}</a></span></header>{{end}}

{{define "foot"}}<p class="foot">SmartCore sandbox · test mode · nothing here is sent anywhere but your callback URLs</p></div></body></html>{{end}}

{{define "list"}}{{template "head" .}}
<p class="api"><span>Gateway API <code>{{.API}}</code></span> <span>PCI DSS host <code>{{.API}}/pci</code></span></p>
<nav class="filters" aria-label="Filters">
<div class="chips" id="status-filter"><span class="lbl">Status</span>{{range .StatusChips}}<a class="chip{{if .On}} on{{end}}" href="{{.URL}}"{{if .On}} aria-current="true"{{end}}>{{.Label}}</a>{{end}}</div>
<div class="chips" id="type-filter"><span class="lbl">Type</span>{{range .Types}}<a class="chip{{if .On}} on{{end}}" href="{{.URL}}"{{if .On}} aria-current="true"{{end}}>{{.Label}}</a>{{end}}</div>
</nav>
<section class="card flush" aria-labelledby="list-title">
<h2 id="list-title">Transactions <span class="muted small">newest first</span></h2>
{{if .Rows}}<table class="cards" id="transactions">
<thead><tr><th>Order</th><th>Created (UTC)</th><th>Status</th><th class="num">Amount</th><th>Type</th><th>Card</th><th>Last callback</th></tr></thead>
<tbody>{{range .Rows}}<tr id="tx-{{.ID}}" data-status="{{.Pill.Group}}">
<td class="c-order"><a class="order" href="/transactions/{{.ID}}" title="{{.OrderID}}">{{wbr .OrderID}}</a></td>
<td class="c-created">{{at .Created}}</td>
<td class="c-status"><span class="pill {{.Pill.Tone}}">{{.Pill.Label}}</span></td>
<td class="num c-amount">{{.Amount}}</td>
<td class="c-type">{{.Type}} <span class="muted small">· {{.Method}}</span></td>
<td class="c-card">{{with .Card}}<span class="mono">{{.}}</span>{{end}}</td>
<td class="c-cb"><span class="lbl-m">Callback </span>{{with .Callback}}<span class="txt-{{.Tone}}">{{if .HTTP}}{{.HTTP}}{{else}}no answer{{end}}</span> <span class="muted small">{{.Kind}}</span>{{else}}<span class="muted">{{if .CallbackURL}}none yet{{else}}no URL{{end}}</span>{{end}}</td>
</tr>{{end}}</tbody></table>
{{if .Limited}}<p class="note">Showing the newest {{len .Rows}} of {{.Matched}} matching transactions.</p>{{end}}
{{else}}<div class="empty" id="empty">{{if .Filtered}}<p>No {{with .StatusName}}{{.}} {{end}}{{with .TypeLbl}}{{.}}{{else}}transactions{{end}} yet.</p><p><a href="{{.ClearURL}}">Show all transactions</a></p>
{{else}}<p><strong>No transactions yet.</strong></p><p>Point your client at <code>{{.API}}</code>; every request shows up here within seconds.</p>{{end}}</div>{{end}}
</section>
<p class="muted small">The sandbox holds {{.Held}} transaction{{if ne .Held 1}}s{{end}}. Times are the sandbox clock's, in UTC.</p>
{{template "foot" .}}{{end}}

{{define "detail"}}{{template "head" .}}
<a class="back" id="back" href="/">← All transactions</a>
<div class="grid">
<section class="card" aria-labelledby="tx-title">
<div class="hero"><h1 id="tx-title" class="mono">{{wbr .T.OrderID}}</h1><span class="pill {{.Pill.Tone}}" id="tx-status" data-status="{{.Pill.Group}}">{{.Pill.Label}}</span></div>
<p class="amount">{{.Amount}}</p>
<p class="muted" style="margin:0">{{.Type}} · {{.Method}} · created {{at .T.CreatedAt}}{{if not .T.EndDate.IsZero}} · finished {{at .T.EndDate}}{{end}}</p>
{{with .Reason}}<p class="reason">{{.}}</p>{{end}}
{{with .ParentID}}<p style="margin:8px 0 0"><a href="/transactions/{{.}}" id="parent">Open the parent transaction</a></p>{{end}}
{{with .ShopperPage}}<p style="margin:8px 0 0"><a href="{{.}}" id="shopper-page">Open the page the shopper sees →</a></p>{{end}}
<dl class="facts">{{range .Facts}}<div{{if .Wide}} class="wide"{{end}}><dt>{{.Label}}</dt><dd>{{if .Code}}<code>{{wbr .Value}}</code>{{else}}{{.Value}}{{end}}</dd></div>{{end}}</dl>
</section>
<aside class="card actions" aria-labelledby="actions-title" id="actions">
<h2 id="actions-title">Actions</h2>
{{with .Done}}<p class="flash ok" id="done" role="status">{{.}}</p>{{end}}
{{with .Problem}}<p class="flash bad" id="action-error" role="alert">{{.}}</p>{{end}}
{{range .Actions}}{{template "action" (actionOf $ .)}}{{end}}
{{if .Actions}}<h3>Callback</h3>{{end}}
{{range .Callbacks}}{{template "action" (actionOf $ .)}}{{end}}
{{with .CallbacksOff}}<p class="off" id="callbacks-off">{{.}}</p>{{end}}
</aside>
</div>
<section class="card flush" aria-labelledby="attempts-title">
<h2 id="attempts-title">Callback attempts <span class="muted small">newest first</span></h2>
{{if .Attempts}}<table class="cards" id="attempts">
<thead><tr><th>#</th><th>Time (UTC)</th><th>Sent as</th><th>Answer</th><th class="num">Latency</th><th>URL</th></tr></thead>
<tbody>{{range .Attempts}}<tr id="attempt-{{.N}}" data-http="{{.HTTP}}">
<td class="c-n"><strong>#{{.N}}</strong> <span class="muted small" style="white-space:nowrap">status {{.Reports}}</span></td>
<td class="c-time">{{at .Time}}</td>
<td class="c-kind">{{.Kind}}</td>
<td class="c-answer"><span class="txt-{{.Tone}}"><strong>{{.Result}}</strong></span>{{with .Answer}}<code class="answer" title="The start of your host's answer">{{.}}</code>{{end}}
{{if .Body}}<details><summary>What was sent</summary><dl>{{range .Body}}<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>{{end}}</dl></details>{{end}}</td>
<td class="num c-latency">{{with .Latency}}{{.}}{{else}}<span class="muted">—</span>{{end}}</td>
<td class="c-url"><span class="lbl-m">to </span><code>{{.URL}}</code></td>
</tr>{{end}}</tbody></table>
{{else}}<div class="empty"><p>No callback yet.</p><p class="small">{{if .T.CallbackURL}}One is sent to the callback URL when the transaction changes status.{{else}}The request had no callback_url, so none will be sent.{{end}}</p></div>{{end}}
</section>
<section class="card flush" aria-labelledby="timeline-title">
<h2 id="timeline-title">Requests and state changes <span class="muted small">newest first</span></h2>
{{if .Timeline}}<ol class="timeline" id="timeline">{{range .Timeline}}<li class="{{.Tone}}">
<div class="tl-head"><strong>{{.Title}}</strong>{{with .Code}} <code>{{wbr .}}</code>{{end}} <span class="muted small">{{at .Time}}{{if gt .Count 1}} · {{.Count}} times, last {{at .Last}}{{end}}</span></div>
{{with .Detail}}<p class="tl-detail">{{.}}</p>{{end}}
</li>{{end}}</ol>
{{else}}<div class="empty"><p class="small">Nothing recorded. The sandbox keeps requests and state changes for its {{journalOrders}} most recently active orders only.</p></div>{{end}}
</section>
{{template "foot" .}}{{end}}

{{define "action"}}<form class="act" method="post" action="/transactions/{{.ID}}/{{.A.Name}}{{.Query}}">
<button type="submit" id="action-{{.A.Name}}"{{with .A.Kind}} class="{{.}}"{{end}}{{if .A.Off}} disabled aria-describedby="callbacks-off"{{end}}>{{.A.Label}}</button>
{{if not .A.Off}}<p>{{codes .A.Help}}</p>{{end}}
</form>{{end}}

{{define "problem"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · SmartCore sandbox</title>
<style>body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1f36;background:#f6f8fb}
.testbar{background:#ffd98a;color:#5c3b00;text-align:center;font-size:12px;font-weight:600;padding:5px 12px}
main{max-width:480px;margin:48px auto;padding:0 20px}h1{font-size:20px;margin:0 0 8px}
a.btn{display:inline-block;margin-top:16px;padding:9px 16px;border-radius:6px;background:#4f46e5;color:#fff;text-decoration:none;font-weight:600}</style></head>
<body><div class="testbar" role="note">TEST MODE · no real money moves</div>
<main><h1>{{.Title}}</h1><p id="message">{{.Message}}</p><a class="btn" id="back" href="{{.Back.URL}}">{{.Back.Label}}</a></main></body></html>{{end}}
`

var dashboardPages = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"wbr":           wbr,
	"at":            clockAt,
	"codes":         codeWords,
	"journalOrders": func() int { return journalOrders },
	"actionOf": func(d detailPage, a actionView) actionForm {
		return actionForm{ID: d.T.ProcessingID, Query: d.ActionQuery, A: a}
	},
}).Parse(dashboardTemplates))

// actionForm is one action button's form.
type actionForm struct {
	ID, Query string
	A         actionView
}

// clockAt renders a time as its wall clock to the second, in UTC, with
// the day when it is not today, and the exact instant in <time>.
func clockAt(t time.Time) template.HTML {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	layout := "15:04:05"
	if y, m, d := t.Date(); y != time.Now().UTC().Year() || m != time.Now().UTC().Month() || d != time.Now().UTC().Day() {
		layout = "2 Jan 2006, 15:04:05"
	}
	return template.HTML(`<time datetime="` + t.Format(time.RFC3339Nano) + `" style="white-space:nowrap">` +
		template.HTMLEscapeString(t.Format(layout)) + `</time>`)
}

// codeWords shows the upper-case codes in an action's help as code that
// wraps only at underscores; the rest is escaped text.
func codeWords(s string) template.HTML {
	var b bytes.Buffer
	word := func(w string) {
		if len(w) > 3 && isCode(w) {
			b.WriteString(`<code>`)
			b.WriteString(string(wbr(w)))
			b.WriteString(`</code>`)
			return
		}
		b.WriteString(template.HTMLEscapeString(w))
	}
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '.' || s[i] == ',' || s[i] == ':' || s[i] == '(' || s[i] == ')' {
			word(s[start:i])
			if i < len(s) {
				b.WriteString(template.HTMLEscapeString(s[i : i+1]))
			}
			start = i + 1
		}
	}
	return template.HTML(b.String())
}

func isCode(w string) bool {
	under := false
	for _, c := range []byte(w) {
		switch {
		case c == '_':
			under = true
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return under
}

// renderDashboard executes a dashboard template into a buffer first, so
// that an error cannot leave half a page. The pages carry no script, and
// say so in their Content-Security-Policy.
func renderDashboard(w http.ResponseWriter, status int, name string, d any) {
	var buf bytes.Buffer
	if err := dashboardPages.ExecuteTemplate(&buf, name, d); err != nil {
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
