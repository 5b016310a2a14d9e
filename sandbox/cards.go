package sandbox

import (
	"encoding/base64"
	"strings"

	"github.com/smartcorekit/smartcore"
)

// The document's test cards, and a few more of the sandbox's own. Every card
// number not listed here declines with EMITTER_DENIAL_PROCESSING_ERROR.
const (
	// CardSuccess succeeds without a challenge (frictionless 3-D Secure),
	// for payments and withdrawals alike.
	CardSuccess = "4012000000003010"
	// CardChallenge asks for a 3-D Secure challenge, which the customer (or
	// [Sandbox.Complete]) approves, declines or cancels. As a withdrawal
	// destination it fails like any other card.
	CardChallenge = "4003830171874018"
	// CardDeclined declines with EMITTER_DENIAL_PROCESSING_ERROR, like every
	// card without a rule of its own; it exists to be named in tests.
	CardDeclined = "4000000000000002"
	// CardInsufficientFunds declines with INSUFFICIENT_FUNDS_PROCESSING_ERROR.
	CardInsufficientFunds = "4000000000009995"
	// CardDoNotHonour declines with DO_NOT_HONOUR_PROCESSING_ERROR.
	CardDoNotHonour = "4000000000000069"
	// CardLimit declines with LIMIT_PROCESSING_ERROR.
	CardLimit = "4000000000000119"
)

// PhoneDeclined is the one phone number a phoneBalance withdrawal fails for,
// with PROCESSOR_DENIAL_PROCESSING_ERROR. Every other valid phone succeeds.
const PhoneDeclined = "70000000000"

// DefaultDecline is the error code of a declined card without a rule of its
// own, and of a wallet token that asks to be declined.
const DefaultDecline = smartcore.ErrEmitterDenialProcessing

// cardClass is what the sandbox decides about a card, remembered instead of
// the card number (which it never stores).
type cardClass struct {
	challenge bool                // payments go through a 3-D Secure challenge
	decline   smartcore.ErrorCode // "" when the card is accepted
}

// paymentClass applies the payment rules of the document's table.
func paymentClass(pan string) cardClass {
	switch pan {
	case CardSuccess:
		return cardClass{}
	case CardChallenge:
		return cardClass{challenge: true}
	}
	return cardClass{decline: declineCode(pan)}
}

// withdrawalDecline applies the withdrawal rules: only CardSuccess is paid
// out to. It returns "" for that card and the decline code otherwise.
func withdrawalDecline(pan string) smartcore.ErrorCode {
	if pan == CardSuccess {
		return ""
	}
	return declineCode(pan)
}

func declineCode(pan string) smartcore.ErrorCode {
	switch pan {
	case CardInsufficientFunds:
		return smartcore.ErrInsufficientFundsProcessing
	case CardDoNotHonour:
		return smartcore.ErrDoNotHonourProcessing
	case CardLimit:
		return smartcore.ErrLimitProcessing
	}
	return DefaultDecline
}

// cardInfo describes a card as check and withdrawals report it: the number
// masked 6+4, the BIN, and the issuer. Every test card is reported as issued
// in Spain, as in the document's example, and the brand comes from the
// number's prefix.
func cardInfo(pan, holder, expMonth, expYear string) *smartcore.CardInfo {
	bin := pan
	if len(bin) > 6 {
		bin = bin[:6]
	}
	return &smartcore.CardInfo{
		Number:   smartcore.MaskPAN(pan),
		Holder:   holder,
		ExpMonth: expMonth,
		ExpYear:  expYear,
		BIN:      bin,
		Country:  "Spain",
		ISO:      "ESP",
		Type:     brand(pan),
	}
}

// brand names the card scheme from the number's prefix.
func brand(pan string) string {
	switch {
	case strings.HasPrefix(pan, "4"):
		return "VISA"
	case hasPrefixRange(pan, 2, 51, 55), hasPrefixRange(pan, 4, 2221, 2720):
		return "MASTERCARD"
	case strings.HasPrefix(pan, "34"), strings.HasPrefix(pan, "37"):
		return "AMEX"
	case strings.HasPrefix(pan, "62"):
		return "UNIONPAY"
	case hasPrefixRange(pan, 4, 2200, 2204):
		return "MIR"
	}
	return "UNKNOWN"
}

// hasPrefixRange reports whether the first n digits of pan, as a number,
// lie in [lo, hi].
func hasPrefixRange(pan string, n, lo, hi int) bool {
	if len(pan) < n {
		return false
	}
	v := 0
	for i := range n {
		c := pan[i]
		if c < '0' || c > '9' {
			return false
		}
		v = v*10 + int(c-'0')
	}
	return v >= lo && v <= hi
}

// walletDecline applies the sandbox's rule for Apple Pay and Google Pay
// DPANs: a token whose base64 decodes to text containing "decline" (any
// case) is declined with DefaultDecline; every other token succeeds
// frictionless.
func walletDecline(dpan string) smartcore.ErrorCode {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(dpan); err == nil {
			if strings.Contains(strings.ToLower(string(b)), "decline") {
				return DefaultDecline
			}
			return ""
		}
	}
	return ""
}

// walletInfo describes a wallet payment's card: only the network is known.
func walletInfo(network string) *smartcore.CardInfo {
	return &smartcore.CardInfo{Type: strings.ToUpper(network)}
}
