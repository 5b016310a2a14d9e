package smartcore_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
)

// The document's example data, as typed request parts.

const (
	logTestPAN       = "4012000000003010"
	logTestPayoutPAN = "4123540003981114"
	logTestCVV       = "123"
)

func curlField(ex docexamples.Example, key string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(ex.Request), &m); err != nil {
		panic(err)
	}
	return m[key].(string)
}

var (
	curlApplePayDPan  = curlField(docexamples.ApplePay, "apple_pay_dpan")
	curlGooglePayDPan = curlField(docexamples.GooglePay, "google_pay_dpan")
)

func curlOrder(id string) smartcore.Order {
	return smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: id, Purpose: "description"}
}

func curlCustomer() smartcore.Customer {
	return smartcore.Customer{
		FirstName: "John", LastName: "Doe", Address: "10 Downing Street", City: "London",
		ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: docexamples.Email,
	}
}

func curlCard() smartcore.Card {
	return smartcore.Card{Holder: "John Doe", Number: logTestPAN, ExpMonth: "02", ExpYear: "25", CVV: logTestCVV}
}

func curlCardRequest() *smartcore.CardPaymentRequest {
	return &smartcore.CardPaymentRequest{
		Order: curlOrder("order-42"), MerchantSite: "https://merchant.site",
		Customer: curlCustomer(), IPAddress: "127.0.0.1", Card: curlCard(),
	}
}

func curlPayee() smartcore.Payee {
	return smartcore.Payee{FirstName: "John", MiddleName: "Jerom", LastName: "Doe", Phone: "+442079460612", Birthdate: "06.06.1997", ZipCode: "121165"}
}

func curlPayout() smartcore.Payout {
	return smartcore.Payout{Account: "EUR-sandbox-payout", OrderID: "testPayout_1050", Amount: 10000, CallbackURL: "https://site.com/callback"}
}

// requireNoSecrets fails when out holds a full card number, the CVV as a
// standalone number or a DPAN.
func requireNoSecrets(t *testing.T, out string) {
	t.Helper()
	for _, s := range []string{logTestPAN, logTestPayoutPAN, curlApplePayDPan, curlGooglePayDPan} {
		require.NotContains(t, out, s)
	}
	require.NotRegexp(t, regexp.MustCompile(`(^|[^0-9])`+logTestCVV+`([^0-9]|$)`), out)
}

// newJSONTestLogger logs to buf without the time, whose digits could
// contain the CVV by chance.
func newJSONTestLogger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{Key: a.Key, Value: slog.StringValue("-")}
			}
			return a
		},
	}))
}

func cardCarrierValues() map[string]any {
	card := curlCardRequest()
	card.PaymentMethod = smartcore.MethodCard
	auth := &smartcore.AuthorizeRequest{Order: curlOrder("a-1"), MerchantSite: "https://merchant.site", Customer: curlCustomer(), Card: curlCard()}
	apple := &smartcore.ApplePayPaymentRequest{Order: curlOrder("ap-1"), DPan: curlApplePayDPan, Network: "Visa"}
	google := &smartcore.GooglePayPaymentRequest{Order: curlOrder("gp-1"), DPan: curlGooglePayDPan, Network: "Visa"}
	withdrawal := &smartcore.CardWithdrawalRequest{Payout: curlPayout(), CardNumber: logTestPayoutPAN, Payee: curlPayee()}
	c := curlCard()
	return map[string]any{
		"CardPaymentRequest": card, "CardPaymentRequest value": *card,
		"AuthorizeRequest": auth, "AuthorizeRequest value": *auth,
		"ApplePayPaymentRequest": apple, "ApplePayPaymentRequest value": *apple,
		"GooglePayPaymentRequest": google, "GooglePayPaymentRequest value": *google,
		"CardWithdrawalRequest": withdrawal, "CardWithdrawalRequest value": *withdrawal,
		"Card": &c, "Card value": c,
	}
}

func TestCardDataIsRedactedInLogs(t *testing.T) {
	for name, v := range cardCarrierValues() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			newJSONTestLogger(&buf).Info("request", "req", v)
			out := buf.String()
			requireNoSecrets(t, out)

			var rec map[string]any
			require.NoError(t, json.Unmarshal(buf.Bytes(), &rec))
			req := rec["req"].(map[string]any)
			if card, ok := req["card"].(map[string]any); ok {
				req = card
			}
			switch {
			case req["card_number"] != nil:
				require.Equal(t, "401200******3010", req["card_number"])
				require.Equal(t, "[redacted]", req["card_cvv"])
				require.Equal(t, "02", req["card_exp_month"])
			case req["customer_card_number"] != nil:
				require.Equal(t, "412354******1114", req["customer_card_number"])
			case req["apple_pay_dpan"] != nil:
				require.Equal(t, "[redacted]", req["apple_pay_dpan"])
			default:
				require.Equal(t, "[redacted]", req["google_pay_dpan"])
			}
		})
	}
}

func TestCardDataIsRedactedByFmt(t *testing.T) {
	for name, v := range cardCarrierValues() {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			requireNoSecrets(t, out)
			require.Contains(t, out, "smartcore.", "%s with %s", name, verb)
		}
	}
	require.Equal(t, `smartcore.Card{card_holder: "John Doe", card_number: "401200******3010", card_exp_month: "02", card_exp_year: "25", card_cvv: "[redacted]"}`,
		fmt.Sprint(curlCard()))
}

func TestMaskCardNumbers(t *testing.T) {
	require.Equal(t, "card 401200******3010 declined, ref 1234567890123",
		smartcore.MaskCardNumbers("card 4012000000003010 declined, ref 1234567890123"))
	require.Equal(t, "", smartcore.MaskCardNumbers(""))
}

func TestMaskPAN(t *testing.T) {
	require.Equal(t, "401200******3010", smartcore.MaskPAN("4012000000003010"))
	require.Equal(t, "412354*********0001", smartcore.MaskPAN("4123540003981110001"))
	require.Equal(t, "*****", smartcore.MaskPAN("12345"))
	require.Equal(t, "", smartcore.MaskPAN(""))
}
