package client

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryDelay decides whether a failed attempt of a safe call is worth
// repeating and how long to wait first. Only failures that another attempt
// can cure qualify: a broken transport, throttling (429) and the proxy
// statuses 502, 503 and 504.
func (c *Client) retryDelay(res attemptResult, attempt int) (time.Duration, bool) {
	if res.err == nil {
		switch res.status {
		case http.StatusTooManyRequests, http.StatusBadGateway,
			http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		default:
			return 0, false
		}
		if d, ok := parseRetryAfter(res.header.Get("Retry-After"), time.Now()); ok {
			return d, true
		}
	}
	return backoff(c.baseDelay, attempt), true
}

// backoff returns the wait after the given failed attempt (1-based):
// baseDelay doubled per attempt, capped at maxRetryWait, with "equal
// jitter" (half fixed, half random) so that clients failing together do not
// retry together.
func backoff(base time.Duration, attempt int) time.Duration {
	if base <= 0 {
		return 0
	}
	d := base
	for i := 1; i < attempt && d < maxRetryWait; i++ {
		d *= 2
	}
	d = min(d, maxRetryWait)
	half := d / 2
	return half + rand.N(d-half+1)
}

// parseRetryAfter reads a Retry-After header, in delay-seconds or as an
// HTTP date, capped at maxRetryWait. It reports false when the header is
// absent or unreadable, so that the caller falls back on backoff.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryWait/time.Second) {
			return maxRetryWait, true
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	} else {
		return 0, false
	}
	return min(max(d, 0), maxRetryWait), true
}

// sleepCtx waits d unless ctx ends first. When ctx's deadline falls before
// the wait is over it returns at once: waiting could only end in failure.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return fmt.Errorf("retry in %v would pass the context deadline: %w", d.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
