package sandbox

import (
	"context"
	"encoding/base64"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// googleAuthMethod finds the auth method wherever a test token can carry
// it, and nothing in a token that does not.
func TestGoogleAuthMethod(t *testing.T) {
	t.Parallel()
	b64 := base64.StdEncoding.EncodeToString
	payload := b64([]byte(`{"paymentMethodDetails":{"authMethod":"PAN_ONLY"}}`))
	for name, tc := range map[string]struct{ dpan, want string }{
		"top level":            {b64([]byte(`{"authMethod":"CRYPTOGRAM_3DS"}`)), AuthMethodCryptogram3DS},
		"in signedMessage":     {b64([]byte(`{"signedMessage":"{\"authMethod\":\"PAN_ONLY\"}"}`)), AuthMethodPANOnly},
		"encryptedMessage":     {b64([]byte(`{"signedMessage":"{\"encryptedMessage\":\"` + payload + `\"}"}`)), AuthMethodPANOnly},
		"raw url alphabet":     {base64.RawURLEncoding.EncodeToString([]byte(`{"a":[{"authMethod":"PAN_ONLY"}]}`)), AuthMethodPANOnly},
		"encrypted, as in doc": {"eyJzaWduYXR1cmUiOiIqKioiLCJpbnRlcm1lZGlhdGVTaWduaW5nS2V5Ijp7InNpZ25lZEtleSI6Insia2V5VmFsdWUiOiIqKioiLCJrZXlFeHBpcmF0aW9uIjoiMTcxMTQzNDQ1MjgzNiJ9Iiwic2lnbmF0dXJlcyI6WyIqKioiXX0sInByb3RvY29sVmVyc2lvbiI6IkVDdjIiLCJzaWduZWRNZXNzYWdlIjoieyJlbmNyeXB0ZWRNZXNzYWdlIjoiKioqIiwiZXBoZW1lcmFsUHVibGljS2V5IjoiKioqIiwidGFnIjoiKioqIn0ifQ", ""},
		"not base64":           {"%%%", ""},
		"not JSON":             {b64([]byte("PAN_ONLY")), ""},
		"not a string":         {b64([]byte(`{"authMethod":1}`)), ""},
	} {
		require.Equal(t, tc.want, googleAuthMethod(tc.dpan), name)
	}
}

// FuzzGoogleAuthMethod: the token is outside input; reading it never
// panics, however deep or malformed.
func FuzzGoogleAuthMethod(f *testing.F) {
	f.Add(base64.StdEncoding.EncodeToString([]byte(`{"signedMessage":"{\"authMethod\":\"PAN_ONLY\"}"}`)))
	f.Add("e30")
	f.Fuzz(func(_ *testing.T, dpan string) { _ = googleAuthMethod(dpan) })
}

// Waits that never time out do not outlive their evicted transactions,
// and Close stops every timer, so that nothing expires or settles after it.
func TestWaitsAreBounded(t *testing.T) {
	t.Parallel()
	clock := NewFakeClock(time.Time{})
	srv := newTestServer(t, Options{MaxTransactions: 2, ThreeDSTimeout: -1, Clock: clock})
	ctx := context.Background()
	for i := range 20 {
		_, err := srv.Client.PayCard(ctx, testCardPayment(fmt.Sprint("wait-", i), CardSuccess, ""))
		require.NoError(t, err)
	}
	srv.mu.Lock()
	waits := len(srv.flow.waits)
	srv.mu.Unlock()
	require.LessOrEqual(t, waits, 4, "at most twice MaxTransactions")
	require.Zero(t, clock.Pending(), "ThreeDSTimeout -1: no timer")

	closing := newTestServer(t, Options{Clock: clock})
	_, err := closing.Client.PayCard(ctx, testCardPayment("pending", CardSuccess, ""))
	require.NoError(t, err)
	require.Equal(t, 1, clock.Pending())
	require.NoError(t, closing.Close())
	require.Zero(t, clock.Pending(), "Close stops the expiry timer")
}
