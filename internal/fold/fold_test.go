package fold

import (
	"strings"
	"testing"
)

func TestCaseAgreesWithEqualFold(t *testing.T) {
	words := []string{"status", "STATUS", "ſtatus", "Status", "key", "\u212aey", "KEY", "straße", "STRASSE", "é", "É", "x", "", "a\xffb"}
	for _, a := range words {
		for _, b := range words {
			if got, want := Case(a) == Case(b), strings.EqualFold(a, b); got != want {
				t.Errorf("Case(%q) == Case(%q) is %v, strings.EqualFold says %v", a, b, got, want)
			}
		}
	}
}

func FuzzCaseAgreesWithEqualFold(f *testing.F) {
	f.Add("status", "ſtatus")
	f.Add("Key", "\u212aey")
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := Case(a) == Case(b), strings.EqualFold(a, b); got != want {
			t.Fatalf("Case(%q) == Case(%q) is %v, strings.EqualFold says %v", a, b, got, want)
		}
	})
}
