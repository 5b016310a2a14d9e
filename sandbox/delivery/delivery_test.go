package delivery_test

import (
	"testing"

	"github.com/smartcorekit/smartcore/sandbox/delivery"
)

func TestKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[delivery.Kind]string{
		delivery.Normal: "normal", delivery.Redelivery: "redelivery", delivery.Duplicate: "duplicate",
		delivery.BadSignature: "bad-signature", delivery.Kind(9): "delivery.Kind(9)",
	} {
		if got := k.String(); got != want {
			t.Errorf("%d: got %q, want %q", int(k), got, want)
		}
	}
}

func TestEventOKOnly200(t *testing.T) {
	t.Parallel()
	for code, want := range map[int]bool{200: true, 0: false, 201: false, 204: false, 500: false} {
		if got := (delivery.Event{HTTPStatus: code}).OK(); got != want {
			t.Errorf("%d: got %v, want %v", code, got, want)
		}
	}
}
