package form

import (
	"net/url"
	"testing"

	"github.com/smartcorekit/smartcore/signing"
)

// benchBody is the webhook benchmarks' 21-field callback.
const benchBody = "orderId=200004&status=2&amount=10000&finalAmount=10000&currency=EUR&type=Withdrawal&message=null&errorCategory=null&cascadeErrors=null&isTrustedTransaction=false&authorize_status=null&paymentPhoneNumber=null&eci=null&firstName=null&lastName=null&rrn=null&card_holder=N%2FA&card_number=401200%2A%2A%2A%2A%2A%2A3010&card_exp_month=N%2FA&card_exp_year=N%2FA&sign=5eb6fb8f76261aae75e556a241b01ae4e64abefe8b576c12c2c78a479d2b0f14"

// BenchmarkFloorParseQuery is net/url's parse of the same body.
func BenchmarkFloorParseQuery(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := url.ParseQuery(benchBody); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var stack [32]signing.Field
		if _, err := Parse(benchBody, stack[:0]); err != nil {
			b.Fatal(err)
		}
	}
}
