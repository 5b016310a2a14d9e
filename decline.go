package smartcore

import "strconv"

// DeclineCategory says whose side a failed transaction or refused request
// blames, so that a caller can choose between telling the customer, fixing
// its own request and trying again later. The zero value is
// [CategoryUnknown].
type DeclineCategory int

// The categories of [ErrorCode.Category] and [APIError.Category].
const (
	// CategoryUnknown: the code is not in the document's Dictionary, is
	// PROCESSING_ERROR (which the document leaves uncategorised), or there
	// is no code. Treat it as a failure of unknown cause.
	CategoryUnknown DeclineCategory = iota
	// CategoryDeclined: declined on the customer's side: by the issuer
	// (EMITTER_DENIAL, INSUFFICIENT_FUNDS, LIMIT, DO_NOT_HONOUR), by
	// anti-fraud, by 3-D Secure (AUTHENTICATION, 3DS_*), or abandoned by
	// the customer (FORM_TIMEOUT, CARD_TIME_LIMIT). Not a fault of the
	// merchant or the gateway: tell the customer, offer another card.
	CategoryDeclined
	// CategoryInvalidRequest: the merchant's request was wrong
	// (VALIDATION_PROCESSING_ERROR, PLATFORM_ERROR_DUPLICATED_ORDER_ID, or
	// a 4xx without a code). Sending it again unchanged fails again.
	CategoryInvalidRequest
	// CategoryGatewayFailure: the gateway or a processor behind it failed
	// (TECHNICAL, PROCESSOR_DENIAL, PLATFORM_ERROR_GATE_NOT_FOUND,
	// PLATFORM_ORDER_BILLING_ERROR, the gate exchange error, or a 5xx
	// without a code). It may work later; reconcile with Check first.
	CategoryGatewayFailure
)

// String returns "unknown", "declined", "invalid request" or "gateway
// failure", and "DeclineCategory(N)" for any other value.
func (c DeclineCategory) String() string {
	switch c {
	case CategoryUnknown:
		return "unknown"
	case CategoryDeclined:
		return "declined"
	case CategoryInvalidRequest:
		return "invalid request"
	case CategoryGatewayFailure:
		return "gateway failure"
	}
	return "DeclineCategory(" + strconv.Itoa(int(c)) + ")"
}
