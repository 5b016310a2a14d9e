package sandbox

import (
	"encoding/base64"
	"encoding/json"
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
	// [Sandbox.Complete]) approves, declines or cancels, and so do the
	// recurrent charges from a payment made with it. As a withdrawal
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

// Amounts ending in 77 cents (PendingCents, flow.go) make a capture,
// cancel, refund, recurrent charge or withdrawal go pending whatever the
// card: status 1 now, the result PendingDelay later by callback and check.

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
	cascade   []string            // the gates' errorCategory, for a queued decline
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
	masked := smartcore.MaskPAN(pan)
	// The BIN is the masked number's head where it shows one, else a copy:
	// a substring of pan would keep the whole card number in memory.
	bin := pan[:min(len(pan), 6)]
	if strings.HasPrefix(masked, bin) {
		bin = masked[:len(bin)]
	} else {
		bin = strings.Clone(bin)
	}
	return &smartcore.CardInfo{
		Number:   masked,
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
	if b, ok := decodeBase64(dpan); ok && strings.Contains(strings.ToLower(string(b)), "decline") {
		return DefaultDecline
	}
	return ""
}

// The Google Pay auth methods the document names. A Google Pay token's
// auth method decides its 3-D Secure: PAN_ONLY goes through a challenge
// ("Processing forces all Google Pay transactions using the PAN_ONLY data
// type undergo 3D Secure authentication"), CRYPTOGRAM_3DS is frictionless.
const (
	AuthMethodPANOnly       = "PAN_ONLY"
	AuthMethodCryptogram3DS = "CRYPTOGRAM_3DS"
)

// googleAuthMethod reads the auth method of a google_pay_dpan: the base64
// of Google's token, whose authMethod lies in the encrypted message the
// gateway decrypts. The sandbox cannot decrypt, so it looks for an
// "authMethod" string member anywhere a test can put one: in the token's
// JSON, in JSON nested in its string members (signedMessage is JSON in a
// string), and in an encryptedMessage that is the base64 of JSON — the
// decrypted payload, {"paymentMethodDetails": {"authMethod": "PAN_ONLY",
// ...}}, sent in the clear. It returns "" when there is none, which is
// treated as frictionless, like CRYPTOGRAM_3DS.
func googleAuthMethod(dpan string) string {
	b, ok := decodeBase64(dpan)
	if !ok {
		return ""
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return ""
	}
	return findAuthMethod(v, 0)
}

// findAuthMethod walks a decoded JSON value for an "authMethod" string,
// descending into JSON held in strings; depth bounds the descent.
func findAuthMethod(v any, depth int) string {
	if depth > 6 {
		return ""
	}
	switch v := v.(type) {
	case map[string]any:
		if m, ok := v["authMethod"].(string); ok {
			return m
		}
		for key, e := range v {
			if str, ok := e.(string); ok && key == "encryptedMessage" {
				if b, ok := decodeBase64(str); ok {
					e = string(b)
				}
			}
			if m := findAuthMethod(e, depth+1); m != "" {
				return m
			}
		}
	case []any:
		for _, e := range v {
			if m := findAuthMethod(e, depth+1); m != "" {
				return m
			}
		}
	case string:
		if strings.HasPrefix(strings.TrimSpace(v), "{") {
			var inner any
			if json.Unmarshal([]byte(v), &inner) == nil {
				return findAuthMethod(inner, depth+1)
			}
		}
	}
	return ""
}

// decodeBase64 decodes s in any of the four base64 alphabets a wallet
// integration may produce.
func decodeBase64(s string) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, true
		}
	}
	return nil, false
}

// walletInfo describes a wallet payment's card: only the network is known.
func walletInfo(network string) *smartcore.CardInfo {
	return &smartcore.CardInfo{Type: strings.ToUpper(network)}
}
