package checkout

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
)

// challengeScript submits the form as soon as the page loads. It is the
// page's only script; its hash goes into the page's own CSP.
const challengeScript = `document.getElementById("threeds").submit();`

// challengeScriptHash is the CSP source for challengeScript.
var challengeScriptHash = func() string {
	sum := sha256.Sum256([]byte(challengeScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// challengeTemplate is the 3-D Secure page. html/template escapes the ACS
// URL and the field values for their attributes, and the nonce for its
// own; the noscript button lets a browser without JavaScript continue.
var challengeTemplate = template.Must(template.New("3ds").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Card verification</title>
</head>
<body>
<form id="threeds" method="post" action="{{.Action}}">
{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{end}}<p>Redirecting you to your bank to verify the payment…</p>
<noscript><p>JavaScript is off: press the button to continue to your bank.</p><button type="submit">Continue</button></noscript>
</form>
<script{{with .Nonce}} nonce="{{.}}"{{end}}>` + challengeScript + `</script>
</body>
</html>
`))

type challengePage struct {
	Action string
	Fields []HiddenField
	Nonce  string
}

// WriteChallenge answers with the page that POSTs a 3-D Secure challenge
// (n.Fields to the ACS URL n.URL) from the customer's browser, submitting
// itself with an inline script, or with a visible button inside <noscript>
// when JavaScript is off. nonce, when not "", is put on the script for the
// host's Content-Security-Policy; when "", the page sends its own policy
// that allows exactly that script by its hash. The answer is 200, HTML,
// and not cacheable.
//
// n must come from [NextStep] (which checked the ACS URL); it returns an
// error, and writes nothing, when n is not a [StepChallenge] with a URL
// and fields.
func WriteChallenge(w http.ResponseWriter, n Next, nonce string) error {
	if n.Step != StepChallenge || n.URL == "" || len(n.Fields) == 0 {
		return errors.New("checkout: WriteChallenge: not a 3-D Secure challenge")
	}
	var buf bytes.Buffer
	if err := challengeTemplate.Execute(&buf, challengePage{Action: n.URL, Fields: n.Fields, Nonce: nonce}); err != nil {
		return err
	}
	h := w.Header()
	noStore(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	// The ACS must not learn the merchant page's full URL from Referer.
	h.Set("Referrer-Policy", "origin")
	if nonce == "" {
		h.Add("Content-Security-Policy", "default-src 'none'; base-uri 'none'; script-src "+challengeScriptHash)
	}
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}
