// Package errcode holds the one rule for finding the gateway's error code
// in its text (an answer's err, msg or errorMessage, a refusal's body).
// The codes themselves, the document's Dictionary, are the root package's
// ErrorCode constants, which callers pass in.
package errcode

import "strings"

// Of returns the error code that the first of texts to hold one carries: a
// code of known that a text is or contains as a word (in any of texts,
// before anything else), otherwise a text that is itself shaped like a code
// (see Shaped), kept verbatim because the gateway's set of codes is open.
// It returns "" when no text holds one.
func Of[C ~string](known []C, texts ...string) C {
	for _, s := range texts {
		if c := In(known, s); c != "" {
			return c
		}
	}
	for _, s := range texts {
		if s = strings.TrimSpace(s); Shaped(s) {
			return C(s)
		}
	}
	return ""
}

// In returns the code of known that s is or contains as a whole word, the
// longest when several match (PROCESSING_ERROR is part of most codes), or
// "" when there is none.
func In[C ~string](known []C, s string) C {
	if s == "" {
		return ""
	}
	var best C
	for _, c := range known {
		if string(c) == s {
			return c
		}
		if len(c) > len(best) && containsWord(s, string(c)) {
			best = c
		}
	}
	return best
}

// Shaped reports whether s looks like one of the gateway's codes: upper
// case letters, digits and underscores, with at least one underscore and
// one letter, and short. An ordinary message ("Bad request", "SUCCESS")
// is not one.
func Shaped(s string) bool {
	if len(s) < 3 || len(s) > 100 || !strings.Contains(s, "_") {
		return false
	}
	letter := false
	for i := range len(s) {
		switch b := s[i]; {
		case b >= 'A' && b <= 'Z':
			letter = true
		case b == '_' || b >= '0' && b <= '9':
		default:
			return false
		}
	}
	return letter
}

// containsWord reports whether word occurs in s not preceded or followed by
// a letter, digit or underscore.
func containsWord(s, word string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(word)
		if (start == 0 || !isWordByte(s[start-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		from = start + 1
	}
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
}
