// Package fold gives strings one spelling per case-insensitive match, the
// way strings.EqualFold (and so gorilla/schema and encoding/json) match
// names: checking a set of names for clashes is then one map lookup each.
package fold

import (
	"strings"
	"unicode"
)

// Case maps s to one spelling shared by every string that strings.EqualFold
// holds equal to it: each rune becomes the least rune of its case-folding
// orbit ("ſ", "S" and "s" all become "S"). strings.ToLower would miss such
// pairs. Invalid UTF-8 is kept as U+FFFD, as strings.Map reads it.
func Case(s string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}
