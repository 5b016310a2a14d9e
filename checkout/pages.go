package checkout

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore"
)

// pageCSP is sent with the error and status pages, which have neither
// scripts nor styles nor images. It is added, not set, so that a policy the
// host's middleware put on the response still applies as well.
const pageCSP = "default-src 'none'; base-uri 'none'; form-action 'none'"

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{with .Reference}}<p>Reference: <code>{{.}}</code></p>
{{end}}<p><a href="/">Back to the shop</a></p>
</body>
</html>
`))

type page struct {
	Title, Message, Reference string
}

// problem is the JSON body of an error.
type problem struct {
	Error     string `json:"error"`
	Reference string `json:"reference,omitempty"`
}

// WantsJSON reports whether the answer to r should be JSON rather than
// HTML: always for requests to the wallet handler (its caller is a
// script), and otherwise when the Accept header gives application/json a
// higher quality than text/html. A browser navigation, "*/*" and a missing
// header all get HTML.
func WantsJSON(r *http.Request) bool {
	if v, _ := r.Context().Value(jsonKey).(bool); v {
		return true
	}
	jsonQ, htmlQ := 0.0, 0.0
	for _, line := range r.Header.Values("Accept") {
		for item := range strings.SplitSeq(line, ",") {
			mediaType, params, _ := strings.Cut(item, ";")
			q := quality(params)
			switch strings.ToLower(strings.TrimSpace(mediaType)) {
			case "application/json":
				jsonQ = max(jsonQ, q)
			case "text/html":
				htmlQ = max(htmlQ, q)
			}
		}
	}
	return jsonQ > htmlQ
}

// quality returns the q parameter of a media range, 1 when absent or
// malformed.
func quality(params string) float64 {
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			if q, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && q >= 0 && q <= 1 {
				return q
			}
		}
	}
	return 1
}

// noStore marks an answer as private to this customer and this moment.
func noStore(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// writeProblem answers an error in the format r asks for.
func writeProblem(w http.ResponseWriter, r *http.Request, code int, msg, ref string) {
	h := w.Header()
	noStore(h)
	if WantsJSON(r) {
		h.Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(problem{Error: msg, Reference: ref})
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Add("Content-Security-Policy", pageCSP)
	w.WriteHeader(code)
	_ = pageTemplate.Execute(w, page{Title: http.StatusText(code), Message: msg, Reference: ref})
}

// writeStatusPage tells the customer how a payment ended (or that it has
// not ended yet) when no return URL is configured for that outcome. The
// reference shown is the shop's order id, which the customer can quote: the
// gateway's own id for the payment may differ.
func writeStatusPage(w http.ResponseWriter, status smartcore.Status, orderID string) {
	p := page{Title: "Payment is being processed", Message: "We will confirm the payment as soon as the payment provider does. Please do not pay again."}
	switch status {
	case smartcore.StatusSuccess:
		p = page{Title: "Payment successful", Message: "Thank you, your payment was accepted."}
	case smartcore.StatusFail:
		p = page{Title: "Payment failed", Message: "The payment did not go through. You can try again or use another payment method."}
	}
	p.Reference = orderID
	h := w.Header()
	noStore(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Add("Content-Security-Policy", pageCSP)
	w.WriteHeader(http.StatusOK)
	_ = pageTemplate.Execute(w, p)
}
