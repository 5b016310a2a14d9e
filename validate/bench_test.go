package validate_test

import (
	"encoding/json"
	"testing"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/docexamples"
	"github.com/smartcorekit/smartcore/validate"
)

// BenchmarkFloorDecode is the cost Struct is measured against: decoding
// the document's host-to-host card request, with no validation.
func BenchmarkFloorDecode(b *testing.B) {
	data := []byte(docexamples.CardPayment.Request)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var req smartcore.CardPaymentRequest
		if err := json.Unmarshal(data, &req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStructCardPayment validates the largest request type, already
// decoded and valid: go-playground's cost, a few microseconds and a few
// dozen allocations, about a tenth of decoding the same request.
func BenchmarkStructCardPayment(b *testing.B) {
	req := new(smartcore.CardPaymentRequest)
	if err := json.Unmarshal([]byte(docexamples.CardPayment.Request), req); err != nil {
		b.Fatal(err)
	}
	if err := validate.Struct(req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := validate.Struct(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStructCardPaymentInvalid is the failure path, for reference:
// building Errors allocates.
func BenchmarkStructCardPaymentInvalid(b *testing.B) {
	req := new(smartcore.CardPaymentRequest)
	if err := json.Unmarshal([]byte(docexamples.CardPayment.Request), req); err != nil {
		b.Fatal(err)
	}
	req.Email, req.Amount = "x", 0
	b.ReportAllocs()
	for b.Loop() {
		if validate.Struct(req) == nil {
			b.Fatal("want an error")
		}
	}
}

// BenchmarkStrictCardPayment is the same request under the strict
// formats.
func BenchmarkStrictCardPayment(b *testing.B) {
	req := new(smartcore.CardPaymentRequest)
	if err := json.Unmarshal([]byte(docexamples.CardPayment.Request), req); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := validate.Strict(req); err != nil {
			b.Fatal(err)
		}
	}
}
