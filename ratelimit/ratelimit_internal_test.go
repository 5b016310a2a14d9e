package ratelimit

import (
	"encoding/binary"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"
)

// TestLimiterMemoryBound sends 50,000 distinct clients through a set capped
// at 1,000: the map and the list never hold more, and they stay in step.
func TestLimiterMemoryBound(t *testing.T) {
	l := mustLimiters(t, Options{MaxClients: 1000})
	now := time.Now()
	for i := range 50000 {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], 0x0a000000+uint32(i))
		_, ok := l.allow(l.key(netip.AddrFrom4(b), nil), now)
		require.True(t, ok)
		if n := l.size(); n > 1000 || n != l.recency.Len() {
			t.Fatalf("after %d clients: map %d, list %d", i+1, n, l.recency.Len())
		}
	}
	require.Equal(t, 1000, l.size())
}

// TestLimiterEvictsLeastRecentlyUsed: a client seen recently survives
// eviction and keeps its spent bucket; the oldest is forgotten.
func TestLimiterEvictsLeastRecentlyUsed(t *testing.T) {
	l := mustLimiters(t, Options{MaxClients: 2, Burst: 1, Rate: rate.Every(time.Hour)})
	now := time.Now()
	a, b, c := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2"), netip.MustParseAddr("192.0.2.3")
	_, ok := l.allow(a, now)
	require.True(t, ok)
	_, ok = l.allow(b, now)
	require.True(t, ok)
	_, ok = l.allow(a, now) // a is now the most recent, and empty
	require.False(t, ok)
	_, ok = l.allow(c, now) // evicts b
	require.True(t, ok)
	_, ok = l.allow(a, now)
	require.False(t, ok, "a was used recently and must keep its state")
	_, ok = l.allow(b, now)
	require.True(t, ok, "b was evicted and starts again")
}

func TestLimiterConcurrent(t *testing.T) {
	l := mustLimiters(t, Options{MaxClients: 64, Rate: rate.Inf})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				l.allow(netip.AddrFrom4([4]byte{10, byte(g), byte(i >> 8), byte(i)}), time.Now())
			}
		})
	}
	wg.Wait()
	require.LessOrEqual(t, l.size(), 64)
}

func TestRetryAfterSeconds(t *testing.T) {
	for d, want := range map[time.Duration]int64{
		0: 1, time.Nanosecond: 1, 999 * time.Millisecond: 1, time.Second: 1,
		time.Second + time.Nanosecond: 2, 2500 * time.Millisecond: 3, time.Hour: 3600,
	} {
		require.Equal(t, want, retryAfterSeconds(d), d)
	}
}

func TestLimiterWaitFromClock(t *testing.T) {
	l := mustLimiters(t, Options{Rate: 0.4, Burst: 1})
	now := time.Unix(1_700_000_000, 0)
	key := netip.MustParseAddr("192.0.2.1")
	_, ok := l.allow(key, now)
	require.True(t, ok)
	wait, ok := l.allow(key, now)
	require.False(t, ok)
	require.Equal(t, 2500*time.Millisecond, wait)
	_, ok = l.allow(key, now.Add(2500*time.Millisecond))
	require.True(t, ok, "the refused request must not have consumed the next token")
}

func TestLimiterKey(t *testing.T) {
	l := mustLimiters(t, Options{})
	require.Equal(t, netip.MustParseAddr("2001:db8:1:2::"), l.key(netip.MustParseAddr("2001:db8:1:2:3:4:5:6"), nil))
	require.Equal(t, netip.MustParseAddr("192.0.2.1"), l.key(netip.MustParseAddr("192.0.2.1"), nil))
	require.Equal(t, netip.Addr{}, l.key(netip.Addr{}, nil))
}

// TestLimiterDefaults: 1 request per second in bursts of 5, so the sixth
// request at once waits one second.
func TestLimiterDefaults(t *testing.T) {
	l := mustLimiters(t, Options{})
	require.Equal(t, DefaultMaxClients, l.max)
	now := time.Unix(1_700_000_000, 0)
	key := netip.MustParseAddr("192.0.2.1")
	for range 5 {
		_, ok := l.allow(key, now)
		require.True(t, ok)
	}
	wait, ok := l.allow(key, now)
	require.False(t, ok)
	require.Equal(t, time.Second, wait)
	require.Equal(t, int64(1), retryAfterSeconds(wait))
	_, ok = l.allow(key, now.Add(time.Second))
	require.True(t, ok)
}

func mustLimiters(t *testing.T, opts Options) *limiters {
	t.Helper()
	l, err := newLimiters(opts)
	require.NoError(t, err)
	return l
}
