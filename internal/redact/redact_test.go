package redact

import "testing"

func TestPAN(t *testing.T) {
	for in, want := range map[string]string{
		"4012000000003010":    "401200******3010",
		"4123540003981110001": "412354*********0001",
		"12345":               "*****",
		"":                    "",
	} {
		if got := PAN(in); got != want {
			t.Errorf("PAN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCardNumbers(t *testing.T) {
	for _, tc := range []struct {
		in     string
		tokens []string
		want   string
	}{
		{"card 4012000000003010 declined, ref 1234567890123", nil, "card 401200******3010 declined, ref 1234567890123"},
		{"cvv 123 amount 1230", []string{"123"}, "cvv [redacted] amount 1230"},
		{"4012000000003010x4012000000003011", nil, "401200******3010x4012000000003011"},
		{"", nil, ""},
	} {
		if got := CardNumbers(tc.in, tc.tokens); got != tc.want {
			t.Errorf("CardNumbers(%q, %q) = %q, want %q", tc.in, tc.tokens, got, tc.want)
		}
	}
}

func TestValue(t *testing.T) {
	if Value("") != "" || Value("x") != Mark {
		t.Errorf("Value: got %q and %q", Value(""), Value("x"))
	}
}

func TestMember(t *testing.T) {
	for _, tc := range []struct {
		name, value, want string
		kind              Kind
	}{
		{"card_cvv", "123", Mark, CVV},
		{"CVC2", "", "", CVV},
		{"customer_card_number", "4012000000003010", "401200******3010", Card},
		{"card_number", "4111 2222 3333 4445", "**** **** **** 4445", Card},
		{"card_holder", "John Doe", "John Doe", Card},
		{"card_exp_month", "02", "02", Card},
		{"apple_pay_dpan", "ab12cd34ef56gh78ij90", "ab**cd**ef**gh78ij90", Card},
		{"order_id", "4012000000003010", "4012000000003010", Plain},
	} {
		if got := ByName(tc.name); got != tc.kind {
			t.Errorf("ByName(%q) = %v, want %v", tc.name, got, tc.kind)
		}
		if got := Member(tc.name, tc.value); got != tc.want {
			t.Errorf("Member(%q, %q) = %q, want %q", tc.name, tc.value, got, tc.want)
		}
	}
}
