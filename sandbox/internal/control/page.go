package control

import (
	_ "embed" // the page is a file
	"html/template"
	"net/http"

	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// The page describing the API (templates/control.html), which the
// dashboard links to: static HTML with inline CSS and no script.
//
//go:embed templates/control.html
var pageTemplate string

var pageTmpl = template.Must(template.New("control").Parse(pageTemplate))

const csp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// page serves GET /test-helpers/: the API for people, with examples on
// this sandbox's address. It shows no credentials.
func (s *server) page(w http.ResponseWriter, r *http.Request) {
	layout.Render(w, http.StatusOK, pageTmpl, "control", struct{ Base string }{s.g.BaseURL(r)}, csp)
}
