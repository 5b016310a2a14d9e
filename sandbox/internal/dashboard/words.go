package dashboard

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// The dashboard's words: how a state, a delivery or a method reads to a
// developer, in plain words rather than the API's names.

func httpWords(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return strconv.Itoa(code)
}

func latency(d time.Duration) string {
	switch {
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// statusPill words t's state as a developer would say it: the status
// group's label, the word of the list's filter, then what exactly
// happened.
func statusPill(t layout.Txn) pill {
	g := statusGroup(t)
	p := pill{Label: groupLabel(g), Group: g}
	switch g {
	case "succeeded":
		p.Tone, p.Detail = "ok", successWords(t)
	case "failed":
		p.Tone, p.Detail = "bad", failureWords(t)
	case "cancelled":
		p.Tone, p.Detail = "bad", "by the shopper"
		if t.AuthorizeStatus == layout.AuthorizeCancelled {
			p.Detail = "authorization released"
		}
	case "expired":
		p.Tone, p.Detail = "bad", "the shopper did not finish in time"
	case "authorized":
		p.Tone, p.Detail = "info", "not captured yet"
	default:
		p.Tone, p.Detail = "wait", waitingWords(t)
	}
	return p
}

// waitingWords says what a transaction that is not final waits for.
func waitingWords(t layout.Txn) string {
	switch t.Stage {
	case layout.StageForm:
		return "for card details"
	case layout.Stage3DS:
		return "for 3-D Secure"
	case layout.StageTokenize:
		return "for a card"
	case layout.StageRedirect:
		return "for the shopper's browser"
	case layout.StagePending:
		return "pending: settles after the pending delay"
	}
	return "processing"
}

// timeoutCode reports whether code is one of the document's timeouts.
func timeoutCode(code smartcore.ErrorCode) bool {
	switch code {
	case smartcore.ErrFormTimeoutProcessing, smartcore.Err3DSTimeoutProcessing,
		smartcore.Err3DSRedirectTimeoutProcessing, smartcore.Err3DSRedirectTimeout:
		return true
	}
	return false
}

func successWords(t layout.Txn) string {
	switch t.Type {
	case smartcore.TypeRefund:
		return "refunded"
	case smartcore.TypeWithdrawal:
		return "paid out"
	case layout.TypeTokenize:
		return "card saved"
	}
	switch {
	case t.RefundedAmount > 0 && t.FinalAmount == 0:
		return "paid, then refunded"
	case t.RefundedAmount > 0:
		return "paid, partly refunded"
	case t.AuthorizeStatus == layout.AuthorizeCaptured:
		return "captured"
	}
	return "paid"
}

func failureWords(t layout.Txn) string {
	switch t.Type {
	case layout.TypeTokenize:
		return "card not saved"
	case smartcore.TypeWithdrawal:
		return "payout declined"
	case smartcore.TypeRefund:
		return "refund refused"
	}
	return "declined"
}

func statusWord(s smartcore.Status) string {
	if s.Known() {
		return s.String()
	}
	return "unknown"
}

func kindWords(k delivery.Kind) string {
	switch k {
	case delivery.Normal:
		return "Status change"
	case delivery.Redelivery:
		return "Resent"
	case delivery.Duplicate:
		return "Duplicate"
	case delivery.BadSignature:
		return "Bad signature"
	}
	return k.String()
}

func typeWords(t smartcore.TransactionType) string {
	switch t {
	case smartcore.TypeWithdrawal:
		return "Payout"
	case layout.TypeTokenize:
		return "Saved card"
	}
	return string(t)
}

func methodWords(m string) string {
	switch m {
	case layout.MethodForm:
		return "Payment form"
	case layout.MethodCard:
		return "Card, host to host"
	case layout.MethodApplePay:
		return "Apple Pay"
	case layout.MethodGooglePay:
		return "Google Pay"
	case layout.MethodAuthorize:
		return "Authorize, then capture"
	case layout.MethodRecurrent:
		return "Recurring charge"
	case layout.MethodRefund:
		return "Refund"
	case layout.MethodTokenize:
		return "Card form for payouts"
	case layout.MethodPayout:
		return "Payout to a card"
	case layout.MethodPhone:
		return "Payout to a phone"
	case layout.MethodToken:
		return "Payout to a saved card"
	}
	return m
}

// maskedCard shows a card as "VISA •••• 3010".
func maskedCard(c *smartcore.CardInfo) string {
	if c == nil || c.Number == "" {
		return ""
	}
	n := maskedNumber(c.Number)
	if len(n) >= 4 {
		n = "•••• " + n[len(n)-4:]
	}
	return strings.TrimSpace(c.Type + " " + n)
}

// maskedNumber keeps the first six and last four digits of a card number
// and stars the rest, whatever it was given: the sandbox stores numbers
// masked already, and a page must not be the place where that changes.
func maskedNumber(n string) string {
	b := []byte(n)
	digits := 0
	for _, c := range b {
		if c >= '0' && c <= '9' {
			digits++
		}
	}
	seen := 0
	for i, c := range b {
		if c >= '0' && c <= '9' {
			seen++
			if seen > 6 && seen <= digits-4 {
				b[i] = '*'
			}
		}
	}
	return string(b)
}
