package luhn

import "testing"

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"4012000000003010":    true,
		"4123540003981114":    true,
		"4012000000003011":    false,
		"0":                   true,
		"":                    false,
		"4012 0000 0000 3010": false,
		"-4012000000003010":   false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}
