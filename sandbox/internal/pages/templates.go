// Package pages serves the sandbox's hosted pages: the payment form, the
// 3-D Secure challenge and ACS pages, the payout card form and the result
// and message pages. The core (package sandbox) implements [Gateway] for
// them. The hosted pages are server-rendered HTML forms with inline CSS and no
// external resource. They work without JavaScript; one small inline script
// (allowed by its hash in the Content-Security-Policy, see static/card.js)
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
//	/result/{id}    p#result-status (data-status), p#result-reason, a#back
//	messages        p#message, a#back
//
// The card forms also accept card_exp_month and card_exp_year instead of
// card_exp, for clients that post the API's field names. A refused
// submission answers 303 to the form's page with ?e=TOKEN, which shows the
// messages next to the fields (the holder and the expiry filled in again,
// never the card number or the security code, which are not kept): Back
// and Reload never re-post a form. The script clears a field's message as
// the shopper corrects it.
//
// Every page names the merchant by the sandbox's merchant name
// (Options.MerchantName), else the order's merchant_site host, and speaks
// the shopper's words: no error code and none of the document's
// descriptions, which are the dashboard's. A payment the shopper
// cancelled (FORM_TIMEOUT_PROCESSING_ERROR from the form's Cancel,
// 3DS_CANCEL_PROCESSING_ERROR from the challenge's) reads "Payment
// cancelled", with the way back to the merchant rather than "try another
// card".
package pages

import (
	_ "embed" // the templates and the stylesheet are files
	"html/template"

	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// pageTemplates are the pages' templates (templates/pages.html); "head"
// inlines static/pages.css.
//
//go:embed templates/pages.html
var pageTemplates string

//go:embed static/pages.css
var pageCSS string

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"wbr":      layout.Wbr,
	"datetime": layout.Datetime,
	"css":      func() template.CSS { return template.CSS(pageCSS) },
	"field":    func(id, msg string) fieldMsg { return fieldMsg{ID: id, Msg: msg} },
}).Parse(pageTemplates))

// fieldMsg is one field's message, for the "fielderror" template.
type fieldMsg struct{ ID, Msg string }
