package sandbox_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/sandbox"
)

func TestFakeClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	c := sandbox.NewFakeClock(start)
	require.Equal(t, start, c.Now())

	var fired []string
	var seenAt []time.Time
	c.AfterFunc(2*time.Second, func() { fired = append(fired, "b"); seenAt = append(seenAt, c.Now()) })
	c.AfterFunc(time.Second, func() {
		fired = append(fired, "a")
		seenAt = append(seenAt, c.Now())
		// Scheduled from a call, due within the same Advance window.
		c.AfterFunc(500*time.Millisecond, func() { fired = append(fired, "a2") })
	})
	stopped := c.AfterFunc(time.Second, func() { fired = append(fired, "stopped") })
	require.True(t, stopped.Stop())
	require.False(t, stopped.Stop())
	require.Equal(t, 3-1, c.Pending())

	c.Advance(999 * time.Millisecond)
	require.Empty(t, fired)
	c.Advance(time.Second)
	require.Equal(t, []string{"a", "a2"}, fired)
	require.Equal(t, []time.Time{start.Add(time.Second)}, seenAt, "a call sees the time it was due")
	require.Equal(t, start.Add(1999*time.Millisecond), c.Now())
	c.Advance(-time.Hour)
	require.Equal(t, start.Add(1999*time.Millisecond), c.Now(), "time never goes back")
	c.Advance(time.Millisecond)
	require.Equal(t, []string{"a", "a2", "b"}, fired)
	require.Equal(t, 0, c.Pending())

	require.Equal(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), sandbox.NewFakeClock(time.Time{}).Now())
}

func TestTimestampsFollowTheClock(t *testing.T) {
	t.Parallel()
	clock := sandbox.NewFakeClock(time.Date(2023, 7, 4, 13, 22, 7, 87e6, time.UTC))
	srv := settled(t, sandbox.Options{Clock: clock})
	_, err := srv.Client.PayCard(t.Context(), cardPayment("timed", sandbox.CardSuccess, 1000, ""))
	require.NoError(t, err)
	chk := check(t, srv, "timed")
	require.Equal(t, clock.Now(), chk.EndDate.Time)
	require.Equal(t, clock.Now(), mustOrder(t, srv, "timed").CreatedAt)
}
