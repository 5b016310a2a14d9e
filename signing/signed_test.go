package signing

import (
	"slices"
	"testing"
)

func TestSignedDropsOldSignAndVerifies(t *testing.T) {
	s := mustNew(t, testSecret)
	in := []Field{{Key: "orderId", Value: "o-1"}, {Key: Param, Value: "stale"}, {Key: "status", Value: "2"}}
	orig := slices.Clone(in)
	out := s.Signed(in)
	if !slices.Equal(in, orig) {
		t.Fatalf("Signed modified its input: %v", in)
	}
	want := []Field{{Key: "orderId", Value: "o-1"}, {Key: "status", Value: "2"},
		{Key: Param, Value: s.SignFields(in)}}
	if !slices.Equal(out, want) {
		t.Fatalf("Signed = %v, want %v", out, want)
	}
	if err := s.VerifyFields(out); err != nil {
		t.Fatalf("VerifyFields(Signed(...)) = %v", err)
	}
	var zero Signer
	if got := zero.Signed(nil); len(got) != 1 || got[0] != (Field{Key: Param}) {
		t.Fatalf("zero Signer: %v", got)
	}
}
