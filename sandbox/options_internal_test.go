package sandbox

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The default callback client refuses non-loopback addresses at dial time,
// after DNS: the host check alone could be fooled by a name that resolves
// elsewhere. The dialer's Control runs before connect, so nothing is sent.
func TestDefaultCallbackClientDialsLoopbackOnly(t *testing.T) {
	t.Parallel()
	c := callbackClient(nil, true, func(string) bool { return true })
	require.Equal(t, callbackTimeout, c.Timeout)
	_, err := c.Post("http://192.0.2.1:9/callback", "text/plain", nil) // TEST-NET-1
	require.ErrorIs(t, err, errNonLoopback)

	// A host's own client is used as given, but never follows redirects.
	own := &http.Client{Timeout: time.Second}
	c = callbackClient(own, false, IsLoopbackHost)
	require.Equal(t, time.Second, c.Timeout)
	require.NotNil(t, c.CheckRedirect)
	require.Nil(t, own.CheckRedirect, "the host's client is not modified")
}

func TestSettingsDefaults(t *testing.T) {
	t.Parallel()
	s := Options{}.settings()
	require.Equal(t, "test", s.key)
	require.Equal(t, "qwerty", s.secret)
	require.Equal(t, DefaultPayoutBalance, s.payoutBalance)
	require.Equal(t, DefaultRetrySchedule, s.retry)
	require.NotSame(t, http.DefaultClient, s.http)
	require.Equal(t, int64(0), Options{PayoutBalance: -5}.settings().payoutBalance)
	require.Empty(t, Options{RetrySchedule: []time.Duration{}}.settings().retry)
}
