// Package redact holds the kit's masking rules: how a card number is
// masked, how card numbers are found in free text, and the mark that
// stands for a removed value. The root package's MaskPAN and
// MaskCardNumbers and the client's scrubbing of gateway answers both use
// it, so that there is one rule.
package redact

import (
	"slices"
	"strings"

	"github.com/smartcorekit/smartcore/internal/luhn"
)

// Mark stands in for a removed value.
const Mark = "[redacted]"

// PAN returns a card number with all but the first 6 and last 4 digits
// replaced by '*' ("401200******3010"). A value too short to be a card
// number (under 13 characters) is masked entirely; "" stays "".
func PAN(pan string) string {
	if len(pan) < 13 {
		return strings.Repeat("*", len(pan))
	}
	return pan[:6] + strings.Repeat("*", len(pan)-10) + pan[len(pan)-4:]
}

// Value returns Mark for a non-empty value and "" for an empty one, so
// that a log still shows whether the value was set.
func Value(s string) string {
	if s == "" {
		return ""
	}
	return Mark
}

// CardNumbers masks, as PAN does, every run of 13 to 19 digits in text
// that passes the Luhn check (a card number), and replaces by Mark every
// run of digits equal to one of tokens (a CVV, which is removed only where
// it stands alone, not inside a longer number).
func CardNumbers(text string, tokens []string) string {
	var b strings.Builder
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			b.WriteByte(text[i])
			i++
			continue
		}
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		run := text[i:j]
		switch {
		case len(run) >= 13 && len(run) <= 19 && luhn.Valid(run):
			b.WriteString(PAN(run))
		case slices.Contains(tokens, run):
			b.WriteString(Mark)
		default:
			b.WriteString(run)
		}
		i = j
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Kind is what a member's name says about its value.
type Kind int

// The kinds of member names.
const (
	// Plain names say nothing: the value is shown as it is.
	Plain Kind = iota
	// CVV names hold a card's security code (cvv, cvc): the value is
	// removed whole.
	CVV
	// Card names hold card data (a card or a PAN, a wallet's dpan): card
	// numbers in the value are masked.
	Card
)

// ByName returns the kind of the member named name, case-insensitively:
// CVV when it contains "cvv" or "cvc", Card when it contains "card" or
// ends in "pan" (card_number, customer_card_number, apple_pay_dpan).
func ByName(name string) Kind {
	k := strings.ToLower(name)
	switch {
	case strings.Contains(k, "cvv") || strings.Contains(k, "cvc"):
		return CVV
	case strings.Contains(k, "card") || strings.HasSuffix(k, "pan"):
		return Card
	}
	return Plain
}

// Member returns the value of the member named name as it may be shown,
// by its name alone (see ByName): a CVV as Mark, and in a Card member
// card numbers masked as CardNumbers masks them, and a value still holding
// more than 8 digits (a number written in groups, "4012 0000 0000 3010",
// or one that fails the Luhn check) with only its last 4 digits kept. A
// value already masked, or with few digits (a holder's name, an expiry
// month), and any Plain member's value are returned as they are, so that
// an order id that happens to be a Luhn-valid run of digits is not
// mangled.
func Member(name, value string) string {
	switch ByName(name) {
	case CVV:
		return Value(value)
	case Card:
		return cardField(value)
	}
	return value
}

// cardField masks the value of a member named for a card (see Member).
func cardField(value string) string {
	value = CardNumbers(value, nil)
	digits := 0
	for i := 0; i < len(value); i++ {
		if isDigit(value[i]) {
			digits++
		}
	}
	if digits <= 8 || strings.Contains(value, "*") {
		return value
	}
	b, kept := []byte(value), 0
	for i := len(b) - 1; i >= 0; i-- {
		if isDigit(b[i]) {
			if kept == 4 {
				b[i] = '*'
			} else {
				kept++
			}
		}
	}
	return string(b)
}
