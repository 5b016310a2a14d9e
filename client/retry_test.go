package client_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

// answerInTurn answers the n-th request with handlers[n], repeating the last.
func answerInTurn(handlers ...http.HandlerFunc) http.HandlerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		handlers[min(i, len(handlers)-1)](w, r)
	}
}

func answerRetryAfter(status int, retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", retryAfter)
		w.WriteHeader(status)
	}
}

const checkAnswerOK = `{"order_id": "x", "status": 2}`

func TestCheckRetriesTransientFailures(t *testing.T) {
	for name, first := range map[string]http.HandlerFunc{
		"429":               answerJSON(http.StatusTooManyRequests, `{}`),
		"502":               answerJSON(http.StatusBadGateway, `<html></html>`),
		"503":               answerJSON(http.StatusServiceUnavailable, ``),
		"504":               answerJSON(http.StatusGatewayTimeout, ``),
		"connection closed": closeConnAfter(""),
		"cut mid-response":  closeConnAfter("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{"),
	} {
		t.Run(name, func(t *testing.T) {
			gw := newFakeHost(t, answerInTurn(first, first, answerJSON(200, checkAnswerOK)))
			c := newTestClient(t, gw, newFakeHost(t, nil))
			got, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
			require.NoError(t, err)
			require.Equal(t, smartcore.StatusSuccess, got.Status)
			require.Len(t, gw.Hits(), 3)
		})
	}
}

func TestBalanceRetries(t *testing.T) {
	gw := newFakeHost(t, answerInTurn(answerJSON(502, ``), answerJSON(200, `{"balance": 7}`)))
	c := newTestClient(t, gw, newFakeHost(t, nil))
	got, err := c.Balance(t.Context(), &smartcore.BalanceRequest{Account: "a"})
	require.NoError(t, err)
	require.EqualValues(t, 7, got.Balance)
	require.Len(t, gw.Hits(), 2)
}

func TestCheckGivesUpAfterMaxAttempts(t *testing.T) {
	gw := newFakeHost(t, answerJSON(http.StatusServiceUnavailable, `{"err": "maintenance"}`))
	c := newTestClient(t, gw, newFakeHost(t, nil), client.WithRetry(4, time.Millisecond))
	_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, 503, apiErr.StatusCode)
	require.Equal(t, "maintenance", apiErr.Err)
	require.NotErrorIs(t, err, client.ErrOutcomeUnknown, "check changes nothing")
	require.Len(t, gw.Hits(), 4)
}

func TestCheckDoesNotRetryOtherStatuses(t *testing.T) {
	for _, status := range []int{400, 401, 404, 500} {
		gw := newFakeHost(t, answerJSON(status, `{"err": "no"}`))
		c := newTestClient(t, gw, newFakeHost(t, nil))
		_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
		require.Error(t, err)
		require.Len(t, gw.Hits(), 1, "status %d", status)
	}
}

func TestRetryDisabled(t *testing.T) {
	gw := newFakeHost(t, answerJSON(503, ``))
	c := newTestClient(t, gw, newFakeHost(t, nil), client.WithRetry(1, time.Millisecond))
	_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
	require.Error(t, err)
	require.Len(t, gw.Hits(), 1)
}

func TestStateChangingCallsAreNeverRetried(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"429": answerJSON(429, ``), "503": answerRetryAfter(503, "0"), "closed": closeConnAfter(""),
	} {
		t.Run(name, func(t *testing.T) {
			gw, pci := newFakeHost(t, h), newFakeHost(t, h)
			c := newTestClient(t, gw, pci, client.WithRetry(5, time.Millisecond))
			_, err := c.PayCard(t.Context(), curlCardRequest())
			require.Error(t, err)
			_, err = c.Refund(t.Context(), &smartcore.RefundRequest{OrderID: "o", Amount: 1, Reason: "r"})
			require.Error(t, err)
			_, err = c.WithdrawPhone(t.Context(), &smartcore.PhoneWithdrawalRequest{
				Payout: smartcore.Payout{Account: "a", Amount: 1, OrderID: "o"}, Phone: "79123456789",
			})
			require.Error(t, err)
			require.Len(t, pci.Hits(), 1)
			require.Len(t, gw.Hits(), 2)
		})
	}
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	gw := newFakeHost(t, answerInTurn(answerRetryAfter(429, "1"), answerJSON(200, checkAnswerOK)))
	c := newTestClient(t, gw, newFakeHost(t, nil), client.WithRetry(2, time.Millisecond))
	start := time.Now()
	_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
	require.NoError(t, err)
	require.GreaterOrEqual(t, time.Since(start), 950*time.Millisecond, "Retry-After: 1 overrides the 1ms backoff")
	require.Len(t, gw.Hits(), 2)
}

func TestRetryAfterPastDeadlineStopsAtOnce(t *testing.T) {
	gw := newFakeHost(t, answerRetryAfter(503, "20"))
	c := newTestClient(t, gw, newFakeHost(t, nil))
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Check(ctx, &smartcore.CheckRequest{OrderID: "x"})
	require.Less(t, time.Since(start), time.Second)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr, "the last answer is kept")
	require.Equal(t, 503, apiErr.StatusCode)
	require.Len(t, gw.Hits(), 1)
}

func TestCancelDuringBackoffStopsAtOnce(t *testing.T) {
	gw := newFakeHost(t, answerJSON(503, ``))
	c := newTestClient(t, gw, newFakeHost(t, nil), client.WithRetry(3, 10*time.Second))
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Check(ctx, &smartcore.CheckRequest{OrderID: "x"})
	require.Less(t, time.Since(start), 2*time.Second)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, gw.Hits(), 1)
}

func TestRateLimitDelaysBurst(t *testing.T) {
	gw := newFakeHost(t, answerJSON(200, checkAnswerOK))
	c := newTestClient(t, gw, newFakeHost(t, nil), client.WithRateLimit(50, 1))
	start := time.Now()
	for range 5 {
		_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
		require.NoError(t, err)
	}
	// One token at once, then one every 20ms.
	require.GreaterOrEqual(t, time.Since(start), 70*time.Millisecond)
	require.Len(t, gw.Hits(), 5)
}

func TestRateLimitHonoursContext(t *testing.T) {
	gw := newFakeHost(t, answerJSON(200, checkAnswerOK))
	c := newTestClient(t, gw, newFakeHost(t, nil), client.WithRateLimit(rate.Every(time.Hour), 1))
	_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err = c.PayCard(ctx, curlCardRequest())
	require.Error(t, err)
	require.NotErrorIs(t, err, client.ErrOutcomeUnknown, "nothing was sent")
	require.Len(t, gw.Hits(), 1)
}
