// Package layout is what the sandbox's hosted pages and its dashboard
// share: the view of a transaction the core fills for them, the way a
// page is sent (rendered to a buffer first, then sent no-store behind a
// strict Content-Security-Policy), the template helpers and the words
// both use for amounts and declines, and the reading of a typed card
// number that the control API shares (CardDigits). It does not import the
// sandbox: the sandbox imports it, and fills its types.
package layout

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
)

// The values of the sandbox's Stage, Method, TypeTokenize and authorize
// states, as the core's constants have them; the core's tests check that
// they agree.
const (
	StageNone     = ""
	StageForm     = "form"
	Stage3DS      = "3ds"
	StageTokenize = "tokenize"
	StageRedirect = "redirect"
	StagePending  = "pending"

	MethodForm      = "form"
	MethodCard      = "card"
	MethodApplePay  = "applePayDPan"
	MethodGooglePay = "googlePayDPan"
	MethodAuthorize = "authorize"
	MethodRecurrent = "recurrent"
	MethodRefund    = "refund"
	MethodTokenize  = "tokenize"
	MethodPayout    = "cardPayout"
	MethodPhone     = "phoneBalance"
	MethodToken     = "token"

	TypeTokenize smartcore.TransactionType = "Tokenize"

	AuthorizeAuthorized = "AUTHORIZED"
	AuthorizeCaptured   = "CAPTURED"
	AuthorizeCancelled  = "CANCELLED"
)

// Txn is a snapshot of a transaction as the pages show it: the fields of
// sandbox.Transaction that a page reads, with the stage and method as
// plain strings.
type Txn struct {
	OrderID, ProcessingID string
	Type                  smartcore.TransactionType
	Method                string
	Status                smartcore.Status
	Stage                 string
	Account, Currency     string

	Amount, FinalAmount, AuthorizedAmount, CapturedAmount, RefundedAmount int64

	AuthorizeStatus                  string
	ErrorCode                        smartcore.ErrorCode
	Card                             *smartcore.CardInfo
	FirstName, LastName, Phone       string
	ParentOrderID, ParentTransaction string
	Purpose, MerchantSite            string
	CallbackURL, SuccessURL, FailURL string
	CreatedAt, EndDate               time.Time
	// Cancelled is set, for the dashboard, on a payment the shopper
	// cancelled: at 3-D Secure (3DS_CANCEL_PROCESSING_ERROR), or on the
	// card form, which fails with the form timeout's code and is told from
	// a timeout by the journal.
	Cancelled bool
}

// Succeeded reports whether the payment went through: success, or
// authorized.
func (t Txn) Succeeded() bool {
	return t.Status == smartcore.StatusSuccess || t.AuthorizeStatus == AuthorizeAuthorized
}

// Render executes the template name of tmpl into a buffer first, so that
// a template error cannot leave half a page behind, and sends it with
// status. Every page is no-store, so that the back button asks the server
// again instead of showing a filled form from the cache; csp is the
// page's Content-Security-Policy.
func Render(w http.ResponseWriter, status int, tmpl *template.Template, name string, data any, csp string) {
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// Wbr lets a code such as INSUFFICIENT_FUNDS_PROCESSING_ERROR wrap after
// its underscores, and nowhere else, on a narrow screen.
func Wbr(code string) template.HTML {
	parts := strings.Split(code, "_")
	for i, p := range parts {
		parts[i] = template.HTMLEscapeString(p)
	}
	return template.HTML(`<span style="word-break:keep-all">` + strings.Join(parts, "_<wbr>") + `</span>`)
}

// Datetime renders a time for people, with the machine-readable instant
// in a <time> element.
func Datetime(t time.Time) template.HTML {
	if t.IsZero() {
		return ""
	}
	return template.HTML(`<time datetime="` + t.UTC().Format(time.RFC3339) + `">` +
		template.HTMLEscapeString(t.UTC().Format("2 Jan 2006, 15:04 UTC")) + `</time>`)
}

// CardDigits returns a card number without the spaces and dashes people
// type in it ("4012 0000 0000 3010"), and whether what is left is 12 to 19
// digits, a card number the sandbox can be paid with. The payment form,
// the control API and Sandbox.QueueDecline read card numbers with it.
func CardDigits(s string) (string, bool) {
	d := strings.NewReplacer(" ", "", "-", "").Replace(s)
	return d, len(d) >= 12 && len(d) <= 19 && strings.Trim(d, "0123456789") == ""
}

// FormatAmount renders cents as "10.00 EUR".
func FormatAmount(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return strings.TrimSpace(fmt.Sprintf("%s%d.%02d %s", sign, cents/100, cents%100, currency))
}

// DeclineReason says, in the words a shopper would understand, why a
// payment failed with code.
func DeclineReason(code smartcore.ErrorCode) string {
	switch code {
	case smartcore.ErrEmitterDenialProcessing:
		return "The card's bank declined the payment."
	case smartcore.ErrInsufficientFundsProcessing:
		return "The card does not have enough funds."
	case smartcore.ErrDoNotHonourProcessing:
		return "The payment was stopped by fraud screening."
	case smartcore.ErrLimitProcessing:
		return "The card's spending limit was reached."
	case smartcore.ErrAuthenticationProcessing:
		return "The card's bank could not confirm the payment (3-D Secure was declined)."
	case smartcore.Err3DSCancelProcessing:
		return "The bank's confirmation (3-D Secure) was cancelled."
	case smartcore.ErrFormTimeoutProcessing:
		return "The payment was cancelled, or timed out, before a card was entered."
	case smartcore.Err3DSTimeoutProcessing, smartcore.Err3DSRedirectTimeout:
		return "The bank's confirmation (3-D Secure) was not completed in time."
	}
	return "The payment could not be completed."
}
