package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
)

// startSandbox runs the sandbox command with args on a free port and
// returns its gateway URL; it is stopped when the test ends.
func startSandbox(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runSandbox(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &out, &errOut)
	}()
	t.Cleanup(func() { cancel(); requireStopped(t, done) })
	line := regexp.MustCompile(`control API:\s+(http://\S+)/test-helpers/`)
	require.Eventually(t, func() bool { return line.MatchString(out.String()) }, 5*time.Second, 10*time.Millisecond,
		"stdout: %s stderr: %s", out.String(), errOut.String())
	return line.FindStringSubmatch(out.String())[1]
}

// advance posts clock/advance and returns the status and error code.
func advance(t *testing.T, base string, seconds int) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/test-helpers/clock/advance", strings.NewReader(`{"seconds":`+itoa(seconds)+`}`))
	require.NoError(t, err)
	req.SetBasicAuth(smartcore.SandboxMerchantKey, smartcore.SandboxSecret)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var body struct {
		Error struct{ Code string } `json:"error"`
	}
	require.NoError(t, json.Unmarshal(data, &body), string(data))
	return res.StatusCode, body.Error.Code
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestSandboxManualClock: with --clock manual, time moves only by the
// control API, and a hosted form expires when it is moved past
// --form-timeout; on the real clock, clock/advance is refused.
func TestSandboxManualClock(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	base := startSandbox(t, "--clock", "manual", "--form-timeout", "15m")
	gw, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret, client.WithBaseURL(base), client.WithPCIBaseURL(base+"/pci"))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = gw.InitPayment(ctx, &smartcore.InitPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 100, Currency: "EUR", OrderID: "clocked", Purpose: "test"},
		Customer:     smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "1 Main St", City: "London", ZipCode: "12345", Country: "GB", Phone: "+442079460612", Email: "john@example.com"},
		MerchantSite: "https://merchant.site", IPAddress: "127.0.0.1",
	})
	require.NoError(t, err)
	status, code := advance(t, base, 14*60)
	require.Equal(t, http.StatusOK, status, code)
	chk, err := gw.Check(ctx, &smartcore.CheckRequest{OrderID: "clocked"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusProcessing, chk.Status, "14 minutes: still waiting")
	status, _ = advance(t, base, 61)
	require.Equal(t, http.StatusOK, status)
	chk, err = gw.Check(ctx, &smartcore.CheckRequest{OrderID: "clocked"})
	require.NoError(t, err)
	require.Equal(t, smartcore.StatusFail, chk.Status)
	require.Equal(t, smartcore.ErrFormTimeoutProcessing, chk.ErrorMessage)

	real := startSandbox(t)
	status, code = advance(t, real, 1)
	require.Equal(t, http.StatusConflict, status)
	require.Equal(t, "clock_not_manual", code)
}

func TestSandboxClockFlag(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	cfg, err := parseSandboxFlags([]string{"--clock", "manual"}, io.Discard)
	require.NoError(t, err)
	require.IsType(t, &sandbox.FakeClock{}, cfg.opts.Clock)
	require.WithinDuration(t, time.Now(), cfg.opts.Clock.Now(), time.Minute, "the manual clock starts now")
	cfg, err = parseSandboxFlags([]string{"--clock", "real"}, io.Discard)
	require.NoError(t, err)
	require.Nil(t, cfg.opts.Clock)

	var out, errOut syncBuffer
	require.Equal(t, 2, runSandbox(context.Background(), []string{"--clock", "fake"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, "smartcore sandbox: --clock must be real or manual, got \"fake\"\n", errOut.String())
}

// TestSandboxHelpDocumentsTheControlAPI: --help lists every test card with
// its outcome, every control endpoint, and what the manual clock holds.
func TestSandboxHelpDocumentsTheControlAPI(t *testing.T) {
	var out, errOut syncBuffer
	require.Equal(t, 0, runSandbox(context.Background(), []string{"-h"}, strings.NewReader(""), &out, &errOut))
	usage := errOut.String() + out.String()
	for _, pan := range []string{sandbox.CardSuccess, sandbox.CardChallenge, sandbox.CardInsufficientFunds,
		sandbox.CardDoNotHonour, sandbox.CardLimit, sandbox.CardDeclined} {
		require.Regexp(t, `(?m)^  `+pan+`  \S`, usage, pan)
	}
	for _, ep := range []string{"GET    /test-helpers/orders/{order_id}", "POST   /test-helpers/orders/{order_id}/complete",
		"POST   /test-helpers/orders/{order_id}/settle", "POST   /test-helpers/declines", "POST   /test-helpers/orders/{order_id}/callbacks",
		"POST   /test-helpers/faults", "DELETE /test-helpers/faults", "POST   /test-helpers/clock/advance"} {
		require.Contains(t, usage, ep)
	}
	require.Contains(t, usage, "[--clock real|manual]")
	require.Regexp(t, `-clock string\n\s+real, or manual: time moves only by POST /test-helpers/clock/advance`, usage)
	require.Contains(t, usage, "pending operations and callback retries")
}
