package webhook_test

import (
	"testing"

	"github.com/smartcorekit/smartcore/webhook"
)

// benchFields is the webhook benchmarks' 21-field callback, as received.
var benchFields = fields("orderId", "200004", "status", "2", "amount", "10000", "finalAmount", "10000",
	"currency", "EUR", "type", "Withdrawal", "message", "null", "errorCategory", "null",
	"cascadeErrors", "null", "isTrustedTransaction", "false", "authorize_status", "null",
	"paymentPhoneNumber", "null", "eci", "null", "firstName", "null", "lastName", "null", "rrn", "null",
	"card_holder", "N/A", "card_number", "401200******3010", "card_exp_month", "N/A", "card_exp_year", "N/A",
	"sign", "5eb6fb8f76261aae75e556a241b01ae4e64abefe8b576c12c2c78a479d2b0f14")

// BenchmarkParseCallback is the typed decoding of verified fields, the
// step between the signature check and the application.
func BenchmarkParseCallback(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := webhook.ParseCallback(benchFields); err != nil {
			b.Fatal(err)
		}
	}
}
