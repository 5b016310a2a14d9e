package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/sandbox"
)

func TestSandboxCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runSandbox(ctx, []string{"--addr", "127.0.0.1:0", "--merchant-key", "shop", "--secret", "s3cret", "--max-transactions", "1"}, strings.NewReader(""), &out, &errOut)
	}()

	urlLine := regexp.MustCompile(`gateway URL:\s+(http://\S+)`)
	pciLine := regexp.MustCompile(`PCI DSS URL:\s+(http://\S+)`)
	require.Eventually(t, func() bool { return pciLine.MatchString(out.String()) }, 5*time.Second, 10*time.Millisecond, "stdout: %s stderr: %s", out.String(), errOut.String())
	printed := out.String()
	require.Contains(t, printed, "merchant key:  shop")
	require.Contains(t, printed, "secret:        s3cret")
	base := urlLine.FindStringSubmatch(printed)[1]
	pci := pciLine.FindStringSubmatch(printed)[1]
	require.Equal(t, base+"/pci", pci)

	gw, err := client.New("shop", "s3cret", client.WithBaseURL(base), client.WithPCIBaseURL(pci))
	require.NoError(t, err)
	res, err := gw.Balance(context.Background(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
	require.NoError(t, err)
	require.Equal(t, int64(1_000_000), res.Balance)

	// --max-transactions 1: the next order evicts the held authorization,
	// which is then reported evicted.
	pay := func(id string) error {
		_, err := gw.Authorize(context.Background(), &smartcore.AuthorizeRequest{
			Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 100, Currency: "EUR", OrderID: id, Purpose: "test"},
			Customer:     smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "1 Main St", City: "London", ZipCode: "12345", Country: "GB", Phone: "+442079460612", Email: "john@example.com"},
			Card:         smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"},
			MerchantSite: "https://merchant.site",
		})
		return err
	}
	require.NoError(t, pay("held"))
	require.NoError(t, pay("next"))
	_, err = gw.Capture(context.Background(), &smartcore.CaptureRequest{OrderID: "held"})
	var apiErr *client.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, sandbox.CodeOrderNotFound, apiErr.Err)
	require.Contains(t, apiErr.Msg, "evicted")

	cancel()
	requireStopped(t, done)
}

func TestSandboxCommandBadFlags(t *testing.T) {
	ctx := context.Background()
	var out, errOut syncBuffer
	require.Equal(t, 2, runSandbox(ctx, []string{"--secret", ""}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"--nope"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"--max-transactions", "0"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"--max-transactions", "-5"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"extra"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 1, runSandbox(ctx, []string{"--addr", "127.0.0.1:bad"}, strings.NewReader(""), &out, &errOut))
}

// The defaults are those of the zero sandbox.Options, spelled out: the
// sandbox reads zero durations as these constants.
var sandboxFlagDefaults = sandbox.Options{
	MerchantKey:     smartcore.SandboxMerchantKey,
	Secret:          smartcore.SandboxSecret,
	PayoutBalance:   sandbox.DefaultPayoutBalance,
	MaxTransactions: sandbox.DefaultMaxTransactions,
	PendingDelay:    sandbox.DefaultPendingDelay,
	FormTimeout:     sandbox.DefaultFormTimeout,
	ThreeDSTimeout:  sandbox.DefaultThreeDSTimeout,
}

func TestSandboxFlagsReachOptions(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	for _, tc := range []struct {
		args []string
		want func(*sandbox.Options)
	}{
		{nil, func(*sandbox.Options) {}},
		{[]string{"--settle-immediately"}, func(o *sandbox.Options) { o.SettleImmediately = true }},
		{[]string{"--pending"}, func(o *sandbox.Options) { o.Pending = true }},
		{[]string{"--pending-delay", "250ms"}, func(o *sandbox.Options) { o.PendingDelay = 250 * time.Millisecond }},
		{[]string{"--form-timeout", "90s"}, func(o *sandbox.Options) { o.FormTimeout = 90 * time.Second }},
		{[]string{"--form-timeout", "never"}, func(o *sandbox.Options) { o.FormTimeout = -1 }},
		{[]string{"--form-timeout", "never", "--form-timeout", "5m"}, func(o *sandbox.Options) { o.FormTimeout = 5 * time.Minute }},
		{[]string{"--3ds-timeout", "2m"}, func(o *sandbox.Options) { o.ThreeDSTimeout = 2 * time.Minute }},
		{[]string{"--3ds-timeout=never"}, func(o *sandbox.Options) { o.ThreeDSTimeout = -1 }},
		{[]string{"--card-time-limit"}, func(o *sandbox.Options) { o.CardTimeLimit = true }},
		{[]string{"--require-recurrent-flag"}, func(o *sandbox.Options) { o.RequireRecurrentFlag = true }},
		{[]string{"--minimal-callbacks"}, func(o *sandbox.Options) { o.MinimalCallbacks = true }},
		{[]string{"--merchant-name", "Acme Mugs"}, func(o *sandbox.Options) { o.MerchantName = "Acme Mugs" }},
		{[]string{"--balance", "0"}, func(o *sandbox.Options) { o.PayoutBalance = -1 }},
		{[]string{"--merchant-key", "shop", "--secret", "s3cret", "--max-transactions", "7"}, func(o *sandbox.Options) {
			o.MerchantKey, o.Secret, o.MaxTransactions = "shop", "s3cret", 7
		}},
	} {
		want := sandboxFlagDefaults
		tc.want(&want)
		var errOut strings.Builder
		cfg, err := parseSandboxFlags(tc.args, &errOut)
		require.NoError(t, err, tc.args)
		require.Empty(t, errOut.String(), tc.args)
		require.Equal(t, want, cfg.opts, tc.args)
		require.Equal(t, "127.0.0.1:8090", cfg.addr, tc.args)
	}

	cfg, err := parseSandboxFlags([]string{"--addr", "127.0.0.1:0", "-v"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1:0", cfg.addr)
	require.NotNil(t, cfg.opts.Logger)
}

func TestSandboxCommandRefusesBadDurations(t *testing.T) {
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"--pending-delay", "-1s"}, "--pending-delay"},
		{[]string{"--pending-delay", "0"}, "--pending-delay"},
		{[]string{"--form-timeout", "-15m"}, "--form-timeout"},
		{[]string{"--form-timeout", "0s"}, "--form-timeout"},
		{[]string{"--3ds-timeout", "-1ns"}, "--3ds-timeout"},
		{[]string{"--3ds-timeout", "0"}, "--3ds-timeout"},
	} {
		// Done already, on a free port: a value wrongly accepted starts a
		// sandbox that stops at once with 0, instead of hanging the test.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var out, errOut syncBuffer
		args := append([]string{"--addr", "127.0.0.1:0"}, tc.args...)
		require.Equal(t, 2, runSandbox(ctx, args, strings.NewReader(""), &out, &errOut), tc.args)
		msg := errOut.String()
		require.Regexp(t, `^smartcore sandbox: `+regexp.QuoteMeta(tc.flag)+` must be positive[^\n]*\n$`, msg, tc.args)
		require.Empty(t, out.String(), tc.args)
	}

	// A value that is not a duration at all: the flag package's message,
	// which names the flag, then the usage.
	var out, errOut syncBuffer
	require.Equal(t, 2, runSandbox(context.Background(), []string{"--form-timeout", "soon"}, strings.NewReader(""), &out, &errOut))
	require.Contains(t, errOut.String(), `invalid value "soon" for flag -form-timeout`)
	require.Contains(t, errOut.String(), "never")
}

func TestSandboxBannerShowsTheDashboard(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runSandbox(ctx, []string{"--addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &errOut)
	}()
	dashLine := regexp.MustCompile(`(?m)^  dashboard:\s+(http://\S+)`)
	require.Eventually(t, func() bool { return dashLine.MatchString(out.String()) }, 5*time.Second, 10*time.Millisecond,
		"stdout: %s stderr: %s", out.String(), errOut.String())
	printed := out.String()
	dash := dashLine.FindStringSubmatch(printed)[1]
	base := regexp.MustCompile(`gateway URL:\s+(http://\S+)`).FindStringSubmatch(printed)[1]
	require.Equal(t, base+"/", dash)

	// The printed URL is the dashboard, not an API endpoint's JSON 404.
	res, err := http.Get(dash)
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, res.Body.Close())
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, res.Header.Get("Content-Type"), "text/html")
	require.Contains(t, string(body), "SmartCore sandbox</title>")

	cancel()
	requireStopped(t, done)
}

func TestSandboxUsageListsTheNewFlagsWithTheirDefaults(t *testing.T) {
	var out, errOut syncBuffer
	require.Equal(t, 0, runSandbox(context.Background(), []string{"-h"}, strings.NewReader(""), &out, &errOut))
	usage := errOut.String()
	synopsis, _, _ := strings.Cut(usage, "\n\n")
	for _, name := range []string{"settle-immediately", "pending", "pending-delay", "form-timeout", "3ds-timeout", "card-time-limit", "require-recurrent-flag", "minimal-callbacks", "merchant-name"} {
		require.Contains(t, synopsis, "[--"+name, name)
		require.Contains(t, usage, "\n  -"+name, name)
	}
	for _, def := range []time.Duration{sandbox.DefaultPendingDelay, sandbox.DefaultFormTimeout, sandbox.DefaultThreeDSTimeout} {
		require.Contains(t, usage, "(default "+def.String()+")")
	}
	require.Contains(t, usage, "60 seconds")
	for line := range strings.SplitSeq(synopsis, "\n") {
		require.LessOrEqual(t, len(line), 100, line)
	}
}

// requireStopped waits for the sandbox command, whose context was
// cancelled, to exit 0.
func requireStopped(t *testing.T, done <-chan int) {
	t.Helper()
	select {
	case code := <-done:
		require.Equal(t, 0, code)
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop with its context")
	}
}

// TestDemoGuardsItsAddresses: the demo starts the same sandbox, with the
// document's public secret and a dashboard without credentials, and a shop
// that lists every order; it has no --allow-remote, so a non-loopback
// -addr or -sandbox-addr is refused outright, before anything listens.
func TestDemoGuardsItsAddresses(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"-addr", "127.0.0.1:0", "-sandbox-addr", "0.0.0.0:0"}, "-sandbox-addr 0.0.0.0:0 is not a loopback address"},
		{[]string{"-addr", "127.0.0.1:0", "-sandbox-addr", ":0"}, "-sandbox-addr :0 is not a loopback address"},
		{[]string{"-addr", "0.0.0.0:0"}, "-addr 0.0.0.0:0 is not a loopback address"},
		{[]string{"-addr", ":0"}, "-addr :0 is not a loopback address"},
		{[]string{"-addr", "[::]:0"}, "not a loopback address"},
		{[]string{"-addr", "192.0.2.1:8080", "-sandbox=false"}, "-addr 192.0.2.1:8080 is not a loopback address"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var out, errOut syncBuffer
		code := run(ctx, append([]string{"demo"}, tc.args...), strings.NewReader(""), &out, &errOut)
		cancel()
		require.Equal(t, 2, code, "%v: stdout %s stderr %s", tc.args, out.String(), errOut.String())
		require.True(t, strings.HasPrefix(errOut.String(), "smartcore demo: "), errOut.String())
		require.Contains(t, errOut.String(), tc.says)
		require.Equal(t, 1, strings.Count(errOut.String(), "\n"), "one line: %q", errOut.String())
		require.Empty(t, out.String(), "nothing was served")
	}
}

func TestSandboxCommandGuardsItsAddress(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	for _, tc := range []struct {
		args []string
		says string // in the one-line reason; "" when accepted
	}{
		{[]string{"--addr", "0.0.0.0:0"}, "--addr 0.0.0.0:0 is not a loopback address"},
		{[]string{"--addr", ":0"}, "--addr :0 is not a loopback address"},
		{[]string{"--addr", "[::]:0"}, "not a loopback address"},
		{[]string{"--addr", "192.0.2.1:8090"}, "not a loopback address"},
		{[]string{"--addr", "0.0.0.0:0", "--allow-remote"}, `"qwerty" is the document's public test secret`},
		{[]string{"--addr", "0.0.0.0:0", "--allow-remote", "--secret", "qwerty", "--merchant-key", "mine"}, "public test secret"},
		{[]string{"--public-url", "https://abc.tunnel.example"}, "--public-url https://abc.tunnel.example is not a loopback address"},
		{[]string{"--public-url", "https://abc.tunnel.example", "--allow-remote"}, "public test secret"},
		{[]string{"--public-url", "ftp://x"}, "want scheme://host[:port]"},
		{[]string{"--public-url", "http://127.0.0.1:9/path"}, "without a path"},
		// Accepted: loopback, or remote with a secret of one's own.
		{[]string{"--addr", "127.0.0.1:0"}, ""},
		{[]string{"--addr", "localhost:0", "--public-url", "http://localhost:9000"}, ""},
		{[]string{"--addr", "0.0.0.0:0", "--allow-remote", "--secret", "long-and-mine"}, ""},
		{[]string{"--public-url", "https://abc.tunnel.example/", "--allow-remote", "--secret", "long-and-mine"}, ""},
	} {
		var errOut syncBuffer
		cfg, err := parseSandboxFlags(tc.args, &errOut)
		if tc.says == "" {
			require.NoError(t, err, tc.args)
			require.Equal(t, slices.Contains(tc.args, "--allow-remote"), cfg.opts.Remote, tc.args)
			continue
		}
		require.ErrorContains(t, err, tc.says, tc.args)
		var out syncBuffer
		errOut = syncBuffer{}
		require.Equal(t, 2, runSandbox(context.Background(), tc.args, strings.NewReader(""), &out, &errOut), tc.args)
		require.Equal(t, 1, strings.Count(errOut.String(), "\n"), "one line: %q", errOut.String())
		require.Empty(t, out.String())
	}
	cfg, err := parseSandboxFlags([]string{"--public-url", "https://abc.tunnel.example/", "--allow-remote", "--secret", "x1"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, "https://abc.tunnel.example", cfg.opts.BaseURL)
}

// TestRemoteSandboxCommand runs `smartcore sandbox --allow-remote` (on
// loopback, so that the test never listens beyond the machine): the API
// takes the command's own secret, the dashboard asks for it.
func TestRemoteSandboxCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runSandbox(ctx, []string{"--addr", "127.0.0.1:0", "--allow-remote", "--secret", "s3cret-remote"},
			strings.NewReader(""), &out, &errOut)
	}()
	urlLine := regexp.MustCompile(`gateway URL:\s+(http://\S+)`)
	require.Eventually(t, func() bool { return urlLine.MatchString(out.String()) }, 5*time.Second, 10*time.Millisecond,
		"stdout: %s stderr: %s", out.String(), errOut.String())
	base := urlLine.FindStringSubmatch(out.String())[1]
	require.Contains(t, out.String(), "asks for the merchant key and secret")

	res, err := http.Get(base + "/")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)
	req, _ := http.NewRequest(http.MethodGet, base+"/", nil)
	req.SetBasicAuth(smartcore.SandboxMerchantKey, "s3cret-remote")
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)

	cancel()
	requireStopped(t, done)
}
