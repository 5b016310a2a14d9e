package client

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"2", 2 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"3600", maxRetryWait, true},
		{"99999999999999999", maxRetryWait, true},
		{"99999999999999999999999", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{now.Add(time.Hour).Format(http.TimeFormat), maxRetryWait, true},
		{now.Add(10 * time.Second).Format(time.RFC850), 10 * time.Second, true},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		require.Equal(t, tc.ok, ok, tc.in)
		require.Equal(t, tc.want, got, tc.in)
	}
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	base := 100 * time.Millisecond
	for attempt, full := range map[int]time.Duration{1: base, 2: 2 * base, 3: 4 * base, 20: maxRetryWait, 200: maxRetryWait} {
		for range 50 {
			d := backoff(base, attempt)
			require.GreaterOrEqual(t, d, full/2, "attempt %d", attempt)
			require.LessOrEqual(t, d, full, "attempt %d", attempt)
		}
	}
	require.Zero(t, backoff(0, 3))
}

func TestScrubber(t *testing.T) {
	s := scrubber{exact: []string{"qwerty", "Basic dGVzdDpxd2VydHk="}, tokens: []string{"123"}}
	got := s.clean("card 4012000000003010 cvv 123 amount 1230 key qwerty\nforged=1 order 1700000000000")
	require.Equal(t, "card 401200******3010 cvv [redacted] amount 1230 key [redacted] forged=1 order 1700000000000", got)
	long := s.clean(string(make([]byte, 2000)))
	require.LessOrEqual(t, len(long), maxReasonLen+len("…"))
}
