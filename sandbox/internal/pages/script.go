package pages

import (
	"crypto/sha256"
	_ "embed" // the templates, the stylesheet and the script are files
	"encoding/base64"
	"html/template"
)

// cardScript is the card forms' only script (static/card.js). Everything
// it does is a convenience: without it the forms work the same, and the
// server checks every field again. It groups the card number as it is
// typed (4-6-5 for American Express, fours otherwise), names the brand
// from the prefix (the same ranges as brand in the sandbox's cards.go),
// adds the slash in MM/YY, keeps the security code to digits, clears a
// refused field's message (and the form's alert once none is left) as the
// shopper corrects the field, and disables
// the submit button once the form is on its way so that a second click
// cannot pay twice. A page the browser's back button restores from its
// back-forward cache, which Chrome does even for no-store pages, is loaded
// again from the server, so that a card form or a challenge already
// answered is never shown as it was left.
//
//go:embed static/card.js
var cardScript string

// scriptHash is cardScript's CSP source, computed from the embedded
// file's bytes: the script runs because its hash is listed, and no other
// script can.
var scriptHash = func() string {
	sum := sha256.Sum256([]byte(cardScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// script is cardScript as the templates insert it, verbatim.
var script = template.JS(cardScript)

// csp is the pages' Content-Security-Policy: inline styles, and the one
// script by its hash.
var csp = "default-src 'none'; style-src 'unsafe-inline'; script-src " + scriptHash +
	"; base-uri 'none'; frame-ancestors 'none'"
