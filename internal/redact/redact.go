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
