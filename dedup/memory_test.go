package dedup_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/dedup/deduptest"
)

func TestMemoryContract(t *testing.T) {
	deduptest.Run(t, func(t *testing.T, cfg deduptest.Config) dedup.Deduplicator {
		return &dedup.Memory{Lease: cfg.Lease, Retention: cfg.Retention}
	})
}

// fakeClock is a settable clock for Memory.Now.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock               { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }
func claim(m dedup.Deduplicator, k string) dedup.KeyState {
	return claimFull(m, k).State
}

func claimFull(m dedup.Deduplicator, k string) dedup.Claim {
	c, err := m.Claim(context.Background(), k)
	if err != nil {
		panic(err)
	}
	return c
}

func TestMemoryBoundsCompletedKeysByCount(t *testing.T) {
	ctx := context.Background()
	m := &dedup.Memory{Max: 3}
	for _, k := range []string{"a", "b", "c", "d"} {
		c := claimFull(m, k)
		require.Equal(t, dedup.KeyNew, c.State)
		require.NoError(t, m.Complete(ctx, k, c.Token))
	}
	require.Equal(t, 3, m.Len())
	require.Equal(t, dedup.KeyNew, claim(m, "a"), "the oldest completed key was forgotten")
	require.Equal(t, dedup.KeyDone, claim(m, "d"))
	// Keys in flight are never evicted by the bound, however many.
	for _, k := range []string{"p", "q", "r", "s", "t"} {
		require.Equal(t, dedup.KeyNew, claim(m, k))
	}
	for _, k := range []string{"b", "c", "d", "e", "f"} {
		if c := claimFull(m, k); c.State == dedup.KeyNew {
			require.NoError(t, m.Complete(ctx, k, c.Token))
		}
	}
	for _, k := range []string{"a", "p", "q", "r", "s", "t"} {
		require.Equal(t, dedup.KeyInFlight, claim(m, k), k)
	}
	require.Equal(t, 6+3, m.Len())
}

func TestMemoryBoundsCompletedKeysByAge(t *testing.T) {
	ctx := context.Background()
	clock := newClock()
	m := &dedup.Memory{Retention: time.Hour, Lease: time.Minute, Now: clock.now}
	require.NoError(t, m.Complete(ctx, "old", claimFull(m, "old").Token))
	clock.add(30 * time.Minute)
	require.NoError(t, m.Complete(ctx, "new", claimFull(m, "new").Token))
	claim(m, "running")
	clock.add(31 * time.Minute)
	require.Equal(t, dedup.KeyNew, claim(m, "old"), "retention passed")
	require.Equal(t, dedup.KeyDone, claim(m, "new"))
	require.Equal(t, dedup.KeyNew, claim(m, "running"), "lease passed")
	clock.add(30 * time.Minute)
	require.Equal(t, dedup.KeyNew, claim(m, "new"))
	require.Equal(t, 1, m.Len(), "one claim in flight, two past their lease, nothing completed")
}

// A claim whose holder overran its lease, or never came back, is not kept
// for ever: nothing else would ever free it.
func TestMemoryDropsClaimsPastTheirLease(t *testing.T) {
	ctx := context.Background()
	clock := newClock()
	m := &dedup.Memory{Max: 10, Retention: time.Minute, Lease: time.Minute, Now: clock.now}
	overrun := claimFull(m, "overrun")
	for i := range 1000 {
		claim(m, fmt.Sprint("abandoned-", i))
	}
	clock.add(2 * time.Minute)
	require.ErrorIs(t, m.Complete(ctx, "overrun", overrun.Token), dedup.ErrClaimLost)
	require.Equal(t, dedup.KeyNew, claim(m, "fresh"))
	require.Equal(t, 1, m.Len(), "only the fresh claim is held")
	clock.add(24 * time.Hour)
	require.Equal(t, 0, m.Len())
}

// The redelivery of a callback whose first delivery is still running must
