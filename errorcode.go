package smartcore

import (
	"strconv"

	"github.com/smartcorekit/smartcore/internal/errcode"
)

// ErrorCode is a transaction error code from the document's Dictionary. It is
// an open set: the gateway may send codes the document does not list, and
// they decode unchanged.
type ErrorCode string

// The error codes of the document's Dictionary.
const (
	ErrProcessing                   ErrorCode = "PROCESSING_ERROR"
	ErrAuthenticationProcessing     ErrorCode = "AUTHENTICATION_PROCESSING_ERROR"
	ErrDoNotHonourProcessing        ErrorCode = "DO_NOT_HONOUR_PROCESSING_ERROR"
	ErrEmitterDenialProcessing      ErrorCode = "EMITTER_DENIAL_PROCESSING_ERROR"
	ErrFormTimeoutProcessing        ErrorCode = "FORM_TIMEOUT_PROCESSING_ERROR"
	ErrInsufficientFundsProcessing  ErrorCode = "INSUFFICIENT_FUNDS_PROCESSING_ERROR"
	ErrLimitProcessing              ErrorCode = "LIMIT_PROCESSING_ERROR"
	ErrProcessorDenialProcessing    ErrorCode = "PROCESSOR_DENIAL_PROCESSING_ERROR"
	Err3DSRedirectTimeoutProcessing ErrorCode = "3DS_REDIRECT_TIMEOUT_PROCESSING_ERROR"
	Err3DSTimeoutProcessing         ErrorCode = "3DS_TIMEOUT_PROCESSING_ERROR"
	ErrTechnicalProcessing          ErrorCode = "TECHNICAL_PROCESSING_ERROR"
	ErrValidationProcessing         ErrorCode = "VALIDATION_PROCESSING_ERROR"
	ErrDuplicatedOrderID            ErrorCode = "PLATFORM_ERROR_DUPLICATED_ORDER_ID"
	ErrGateExchangeNotAllowed       ErrorCode = "PLATFORM_ERROR_ERROR_GATE_EXCHANGE_NOT_ALLOWED"
	ErrGateNotFound                 ErrorCode = "PLATFORM_ERROR_GATE_NOT_FOUND"
	ErrOrderBilling                 ErrorCode = "PLATFORM_ORDER_BILLING_ERROR"
	ErrCardTimeLimitProcessing      ErrorCode = "CARD_TIME_LIMIT_PROCESSING_ERROR"
	// Err3DSRedirectTimeout is spelled with spaces in the document's table,
	// unlike every other code; it is kept verbatim.
	Err3DSRedirectTimeout   ErrorCode = "3DS Redirect Timeout"
	Err3DSCancelProcessing  ErrorCode = "3DS_CANCEL_PROCESSING_ERROR"
	ErrAntifraudRules       ErrorCode = "PLATFORM_ERROR_ANTIFRAUD_RULES"
	ErrGateSkipped          ErrorCode = "PLATFORM_ERROR_GATE_SKIPPED"
	ErrCardBrandUnavailable ErrorCode = "PLATFORM_ERROR_CARD_BRAND_UNAVAILABLE"
)

// DeclineCategory says whose side a failed transaction or refused request
// blames, so that a caller can choose between telling the customer, fixing
// its own request and trying again later. The zero value is
// [CategoryUnknown].
type DeclineCategory int

// The categories of [ErrorCode.Category] and of package client's
// APIError.Category.
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

// codeInfo is what the document says about a code, and which side of the
// payment the code blames.
type codeInfo struct {
	description string
	category    DeclineCategory
}

// errorCodes is the Dictionary, one entry per code: descriptions and
// categories are written here and nowhere else.
var errorCodes = map[ErrorCode]codeInfo{
	ErrProcessing:                   {"An error that has not fallen under any of the categories", CategoryUnknown},
	ErrAuthenticationProcessing:     {"Authentication error during processing 3DS level", CategoryDeclined},
	ErrDoNotHonourProcessing:        {"Rejection by anti fraud system", CategoryDeclined},
	ErrEmitterDenialProcessing:      {"Rejection by the issuer", CategoryDeclined},
	ErrFormTimeoutProcessing:        {"The buyer has not passed the card data entry form", CategoryDeclined},
	ErrInsufficientFundsProcessing:  {"Insufficient funds on the card", CategoryDeclined},
	ErrLimitProcessing:              {"limits validating error on the bank side", CategoryDeclined},
	ErrProcessorDenialProcessing:    {"Processing error on the payment gateway side", CategoryGatewayFailure},
	Err3DSRedirectTimeoutProcessing: {"The customer has not visited the 3DS page", CategoryDeclined},
	Err3DSTimeoutProcessing:         {"The customer has not returned from the 3DS processing", CategoryDeclined},
	ErrTechnicalProcessing:          {"Technical error on the side of the payment gateway", CategoryGatewayFailure},
	ErrValidationProcessing:         {"Data validating error at the gateway level", CategoryInvalidRequest},
	ErrDuplicatedOrderID:            {"error related to the fact that the ID that is sent is already in the system.", CategoryInvalidRequest},
	ErrGateExchangeNotAllowed:       {"error related to the amount of conversion to another currency, error on our side", CategoryGatewayFailure},
	ErrGateNotFound:                 {"operation could not find a gate to pass the operation", CategoryGatewayFailure},
	ErrOrderBilling:                 {"errors not falling under internal categories", CategoryGatewayFailure},
	ErrCardTimeLimitProcessing:      {"Limit on Minimum time between card transactions 60 seconds", CategoryDeclined},
	Err3DSRedirectTimeout:           {"inactivity on payment, or the client did not click on the link or the bank did not respond to us.", CategoryDeclined},
	Err3DSCancelProcessing:          {`User clicked "Cancel" button on 3DS page`, CategoryDeclined},
	ErrAntifraudRules:               {"Rejected by the gateway's anti-fraud rules (seen in cascadeErrors)", CategoryDeclined},
	ErrGateSkipped:                  {"The gate was skipped (seen in cascadeErrors)", CategoryGatewayFailure},
	ErrCardBrandUnavailable:         {"The card brand is not available on the gate (seen in cascadeErrors)", CategoryDeclined},
}

// Description returns the document's description of c, or "" for a code the
// document does not list.
func (c ErrorCode) Description() string { return errorCodes[c].description }

// Known reports whether c is listed in the document.
func (c ErrorCode) Known() bool { _, ok := errorCodes[c]; return ok }

// Category says whose side c blames: the customer's card or bank
// ([CategoryDeclined]), the merchant's request ([CategoryInvalidRequest])
// or the gateway ([CategoryGatewayFailure]). A code the document does not
// list, "" and PROCESSING_ERROR (which the document itself leaves
// uncategorised) return [CategoryUnknown].
func (c ErrorCode) Category() DeclineCategory { return errorCodes[c].category }

// ErrorCodes returns every code the document lists, in the document's order
// followed by the cascade categories its examples show.
func ErrorCodes() []ErrorCode {
	return []ErrorCode{
		ErrProcessing, ErrAuthenticationProcessing, ErrDoNotHonourProcessing,
		ErrEmitterDenialProcessing, ErrFormTimeoutProcessing, ErrInsufficientFundsProcessing,
		ErrLimitProcessing, ErrProcessorDenialProcessing, Err3DSRedirectTimeoutProcessing,
		Err3DSTimeoutProcessing, ErrTechnicalProcessing, ErrValidationProcessing,
		ErrDuplicatedOrderID, ErrGateExchangeNotAllowed, ErrGateNotFound, ErrOrderBilling,
		ErrCardTimeLimitProcessing, Err3DSRedirectTimeout, Err3DSCancelProcessing,
		ErrAntifraudRules, ErrGateSkipped, ErrCardBrandUnavailable,
	}
}

// knownCodes is ErrorCodes, built once for errorCodeOf.
var knownCodes = ErrorCodes()

// errorCodeOf returns the error code that the first of texts to hold one
// carries: a code of the document's Dictionary that a text is or contains
// as a word, otherwise a text shaped like a code, kept verbatim because the
// gateway's set of codes is open; "" when no text holds one. The rule is
// internal/errcode's, which the client applies to refusals too.
func errorCodeOf(texts ...string) ErrorCode { return errcode.Of(knownCodes, texts...) }
