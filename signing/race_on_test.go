//go:build race

package signing

// Under the race detector sync.Pool drops items at random, so allocation
// counts are meaningless there.
const raceEnabled = true
