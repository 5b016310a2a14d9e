//go:build race

package validate_test

// The race detector changes what allocates, so allocation counts are
// checked only in the non-race run (CI runs both).
const raceEnabled = true
