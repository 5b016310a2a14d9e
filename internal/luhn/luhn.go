// Package luhn holds the Luhn checksum, the one implementation that
// package validate's card-number rule and the kit's redaction of card
// numbers share.
package luhn

// Valid reports whether s, a string of ASCII digits, passes the Luhn
// checksum that most card numbers carry. It returns false for an empty
// string or any byte that is not a digit.
func Valid(s string) bool {
	if s == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
