package signing

import (
	"fmt"
	"slices"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
)

// utf16Compare is the reference order: JavaScript compares strings by their
// UTF-16 code units. []rune turns each invalid UTF-8 byte into U+FFFD.
func utf16Compare(a, b string) int {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "a", -1},
		{"a", "a", 0},
		{"a", "ab", -1},
		{"A", "a", -1},
		{"B", "a", -1},
		{"1", "10", -1},
		{"10", "9", -1},
		{"card_exp_month", "card_exp_year", -1},
		{"card_number", "card_exp_year", 1},
		{"z", "é", -1},
		{"é", "日", -1},
		{"\ud7ff", "😀", -1},
		// The cases where UTF-16 and UTF-8 orders disagree.
		{"😀", "\ue000", -1},
		{"😀", "\uff5e", -1},
		{"\U0010FFFF", "\ue000", -1},
		{"a😀", "a\uffff", -1},
		{"a😀b", "a\ue000", -1},
		{"x日😀", "x日\uff5e", -1},
		// Supplementary against supplementary: code point order.
		{"𝄞", "😀", -1},
		{"𐍈", "𝄞", -1},
		// Differ inside a multi-byte rune with a shared lead byte.
		{"é", "è", 1},
		{"日", "本", -1},
		// Invalid UTF-8: each bad byte reads as U+FFFD; ties broken by bytes.
		{"\xff", "\xfe", 1},
		{"\xff", "\ufffd", 1},
		{"\xff", "\ue000", 1},
		{"\xff", "😀", 1},
		{"\xe6\x97A", "\xe6\x97B", -1},
		{"\xe6\x97A", "日", 1},
		{"\xf0\x9f\x98", "😀", 1},
		{"a\xf0\x9f\x98", "a😀b", 1},
		{"\xc3", "é", 1},
		{"é\x80", "é", 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q_%q", tt.a, tt.b), func(t *testing.T) {
			if got := sign(Compare(tt.a, tt.b)); got != tt.want {
				t.Errorf("Compare = %d, want %d", got, tt.want)
			}
			if got := sign(Compare(tt.b, tt.a)); got != -tt.want {
				t.Errorf("Compare reversed = %d, want %d", got, -tt.want)
			}
			if ref := sign(utf16Compare(tt.a, tt.b)); ref != 0 && ref != tt.want {
				t.Errorf("table disagrees with the UTF-16 reference (%d)", ref)
			}
		})
	}
}

// TestCanonicalOrder checks the sort and the duplicate check of canonical
// against the UTF-16 reference and a map, on bodies small and large, with
// repeated keys (kept in received order) and keys that differ only after a
// long common prefix.
func TestCanonicalOrder(t *testing.T) {
	keys := []string{"b", "a", "😀", "\ue000", "B", "10", "9", "", "a", "\uff5e", "é", "card_exp_", "card_exp_month", "\x00"}
	ascii := []string{"b", "a", "B", "10", "9", "", "card_exp_", "card_exp_month", "\x00", "~", "item_0123_code"}
	for _, n := range []int{0, 1, 2, len(keys), 32, 33, 300, -40, -300} {
		keys := keys
		if n < 0 { // ASCII keys only: the sort compares them as bytes
			keys, n = ascii, -n
		}
		fields := make([]Field, n)
		for i := range fields {
			fields[i] = Field{keys[(i*7)%len(keys)] + keys[(i*3)%len(keys)], fmt.Sprint(i)}
		}
		want := slices.Clone(fields)
		slices.SortStableFunc(want, func(x, y Field) int { return utf16Compare(x.Key, y.Key) })
		var sc scratch
		repeated := sc.canonical(fields)
		got := make([]Field, len(sc.order))
		for n, i := range sc.order {
			got[n] = fields[i]
		}
		if !slices.Equal(got, want) {
			t.Errorf("n=%d: sorted = %q, want %q", n, got, want)
		}
		if want := repeatsKey(fields); repeated != want {
			t.Errorf("n=%d: repeated = %v, want %v", n, repeated, want)
		}
		if got, want := string(sc.buf), joinValues(want); got != want {
			t.Errorf("n=%d: canonical = %q, want %q", n, got, want)
		}
	}
}

func TestCanonical(t *testing.T) {
	tests := []struct {
		fields []Field
		want   string
	}{
		{nil, ""},
		{[]Field{{Param, "x"}}, ""},
		{[]Field{{"a", ""}}, ""},
		{[]Field{{"a", ""}, {"b", ""}}, "|"},
		{[]Field{{"b", "2"}, {Param, "x"}, {"a", "1"}}, "1|2"},
		{[]Field{{"\uff5e", "fullwidth"}, {"😀", "emoji"}, {"z", "z"}}, "z|emoji|fullwidth"},
		{[]Field{{"a", "x|y"}, {"b", "&=+% "}}, "x|y|&=+% "},
		// Repeated keys keep their received order (stable sort).
		{[]Field{{"b", "3"}, {"a", "1"}, {"b", "4"}, {"a", "2"}}, "1|2|3|4"},
		{[]Field{{"a", "2"}, {"a", "1"}}, "2|1"},
		// "Sign" is not Param.
		{[]Field{{"Sign", "s"}, {"a", "1"}}, "s|1"},
	}
	for _, tt := range tests {
		if got := Canonical(tt.fields); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.fields, got, tt.want)
		}
	}
}

// TestScratchReuse runs one Signer's pooled scratch through callbacks of
// different sizes and orders, including keys that tie on a long prefix: each
// must sign as the unpooled Canonical does.
func TestScratchReuse(t *testing.T) {
	s := mustNew(t, "qwerty")
	base := callbackFields()
	reversed := slices.Clone(base)
	slices.Reverse(reversed)
	retied := append(slices.Clone(base), Field{Key: "card_exp_zz", Value: "1"}, Field{Key: "card_exp_aa", Value: "2"})
	retied2 := append(slices.Clone(base), Field{Key: "card_exp_aa", Value: "1"}, Field{Key: "card_exp_zz", Value: "2"})
	for round := range 3 {
		for i, fields := range [][]Field{base, base, reversed, base, retied, retied2, retied, reversed[:5], base} {
			want := hmacHex("qwerty", Canonical(fields))
			require.Equal(t, want, s.SignFields(fields), "round %d case %d", round, i)
			require.NoError(t, s.VerifyFields(withSign(fields, want)), "round %d case %d", round, i)
		}
	}
}
