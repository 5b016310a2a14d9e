package dashboard

import (
	"bytes"
	_ "embed" // the templates and the stylesheet are files
	"html/template"
	"net/http"
	"time"

	"github.com/smartcorekit/smartcore/sandbox/internal/journal"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// The dashboard's pages (templates/dashboard.html, with static/dashboard.css
// inlined by "head"): server-rendered, inline CSS, no script at all (the
// refresh is a meta refresh), so the Content-Security-Policy allows none.
// Tables turn into one card per row below 720 px.
//
//go:embed templates/dashboard.html
var dashboardTemplates string

//go:embed static/dashboard.css
var dashboardCSS string

var dashboardPages = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"wbr":           layout.Wbr,
	"css":           func() template.CSS { return template.CSS(dashboardCSS) },
	"at":            clockAt,
	"codes":         codeWords,
	"journalOrders": func() int { return journal.Orders },
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
			b.WriteString(string(layout.Wbr(w)))
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

// csp is the dashboard's Content-Security-Policy: the pages carry no
// script, and say so.
const csp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// renderDashboard sends a dashboard page.
func renderDashboard(w http.ResponseWriter, status int, name string, d any) {
	layout.Render(w, status, dashboardPages, name, d, csp)
}
