package checkout

// Values of the Google Pay tokenizationSpecification the document
// prescribes.
const (
	// TokenizationTypePaymentGateway is the PAYMENT_GATEWAY integration type.
	TokenizationTypePaymentGateway = "PAYMENT_GATEWAY"
	// GooglePayGateway is the gateway identifier: Google Pay is processed by
	// PrimePay LLP.
	GooglePayGateway = "primepay"
)

// TokenizationSpecification is the tokenizationSpecification of a Google
// Pay PaymentDataRequest's CARD payment method. Marshaled to JSON it is the
// object the document shows:
//
//	{"type":"PAYMENT_GATEWAY","parameters":{"gateway":"primepay","gatewayMerchantId":"…"}}
type TokenizationSpecification struct {
	Type       string                     `json:"type"`       // the integration type: TokenizationTypePaymentGateway ("PAYMENT_GATEWAY")
	Parameters TokenizationSpecParameters `json:"parameters"` // the gateway and the merchant id PrimePay provided
}

// TokenizationSpecParameters are the parameters of a
// [TokenizationSpecification].
type TokenizationSpecParameters struct {
	Gateway           string `json:"gateway"`           // the gateway identifier: GooglePayGateway ("primepay")
	GatewayMerchantID string `json:"gatewayMerchantId"` // the merchant id PrimePay provided (gatewayMerchantId)
}

// GooglePayTokenizationSpecification returns the tokenizationSpecification
// for the merchant id PrimePay provided, to embed in the host page's
// PaymentDataRequest (marshal it with encoding/json, or pass it to
// html/template, which escapes it for a script). The id is not checked:
// an empty one gives an empty gatewayMerchantId, which Google Pay refuses.
func GooglePayTokenizationSpecification(gatewayMerchantID string) TokenizationSpecification {
	return TokenizationSpecification{
		Type: TokenizationTypePaymentGateway,
		Parameters: TokenizationSpecParameters{
			Gateway:           GooglePayGateway,
			GatewayMerchantID: gatewayMerchantID,
		},
	}
}
