package checkout

import (
	"encoding/base64"
	"encoding/json"
	"errors"
)

// How the document's "Base64 of decoded value of" is read for each wallet
// is explained under "Wallet tokens" in the package documentation (doc.go).

// GooglePayDPan returns the google_pay_dpan for a Google Pay token, the
// string paymentMethodData.tokenizationData.token as the Google Pay API
// delivered it: standard base64 (with padding) of its bytes. It does not
// check the token; an empty token gives "".
func GooglePayDPan(token string) string {
	return base64.StdEncoding.EncodeToString([]byte(token))
}

// ApplePayDPan returns the apple_pay_dpan for Apple Pay payment data
// already decrypted with the merchant's key (the JSON object holding
// applicationPrimaryAccountNumber and onlinePaymentCryptogram): standard
// base64 of those bytes. It does not check them; nil gives "".
func ApplePayDPan(decrypted []byte) string {
	return base64.StdEncoding.EncodeToString(decrypted)
}

// applePayPaymentData is the part of Apple Pay's paymentData this package
// reads; the rest (version, signature, header) is for the decrypter.
type applePayPaymentData struct {
	Data string `json:"data"`
}

// errApplePayData is the reason a paymentData object is refused.
var errApplePayData = errors.New("paymentData.data is missing or not base64")

// decodeApplePayData returns the bytes of paymentData.data.
func decodeApplePayData(paymentData json.RawMessage) ([]byte, error) {
	var pd applePayPaymentData
	if err := json.Unmarshal(paymentData, &pd); err != nil || pd.Data == "" {
		return nil, errApplePayData
	}
	b, err := base64.StdEncoding.DecodeString(pd.Data)
	if err != nil {
		return nil, errApplePayData
	}
	return b, nil
}

// DecodeApplePayData reads the document's Apple Pay description literally:
// it returns the base64-decoded bytes of paymentData.data (the ciphertext),
// which the wallet handler then base64-encodes again. Use it as
// WalletOptions.DecryptApplePay (wrapped in a func that ignores the
// context) only if SmartCore confirms that it decrypts Apple Pay tokens for
// your account: the document's example is decrypted payment data. It
// returns an error when paymentData is not an object with a base64 "data"
// member; the error never contains the data.
func DecodeApplePayData(paymentData json.RawMessage) ([]byte, error) {
	return decodeApplePayData(paymentData)
}
