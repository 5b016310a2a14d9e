package shop

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/internal/demoshop/shop/shoptest"
	"github.com/smartcorekit/smartcore/sandbox"
)

// env returns a getenv over a map.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestParseConfig(t *testing.T) {
	var stderr shoptest.SyncBuffer
	cfg, err := parseConfig("shop", nil, env(nil), &stderr)
	require.NoError(t, err)
	require.Equal(t, config{Addr: "127.0.0.1:8080", Sandbox: true, SandboxAddr: "127.0.0.1:0", Account: demoshop.Account}, cfg)

	// Credentials turn the embedded sandbox off.
	cfg, err = parseConfig("shop", []string{"-addr", "127.0.0.1:9000"}, env(map[string]string{
		envMerchantKey: "shop", envSecret: "s3cret", envBaseURL: "https://gw.example/", envAccount: "EUR-live",
		envPublicURL: "https://shop.example/",
	}), &stderr)
	require.NoError(t, err)
	require.Equal(t, config{Addr: "127.0.0.1:9000", SandboxAddr: "127.0.0.1:0", MerchantKey: "shop", Secret: "s3cret",
		BaseURL: "https://gw.example", Account: "EUR-live", PublicURL: "https://shop.example"}, cfg)
	require.Empty(t, stderr.String())

	// The embedded sandbox ignores gateway URLs, and says so.
	cfg, err = parseConfig("shop", nil, env(map[string]string{envBaseURL: "http://127.0.0.1:8090"}), &stderr)
	require.NoError(t, err)
	require.True(t, cfg.Sandbox)
	require.Empty(t, cfg.BaseURL)
	require.Contains(t, stderr.String(), envBaseURL+" is ignored")

	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"key without secret":    {nil, map[string]string{envMerchantKey: "shop"}},
		"secret without key":    {nil, map[string]string{envSecret: "s3cret"}},
		"sandbox and creds":     {[]string{"-sandbox=true"}, map[string]string{envMerchantKey: "shop", envSecret: "s"}},
		"relative public URL":   {nil, map[string]string{envPublicURL: "shop.example"}},
		"public URL with query": {nil, map[string]string{envPublicURL: "https://shop.example/?a=1"}},
		"public URL with path":  {nil, map[string]string{envPublicURL: "https://shop.example/store"}},
		"unknown flag":          {[]string{"-nope"}, nil},
		"extra argument":        {[]string{"extra"}, nil},
		"every interface":       {[]string{"-addr", ":8080"}, nil},
		"remote shop":           {[]string{"-addr", "192.0.2.1:8080"}, map[string]string{envMerchantKey: "shop", envSecret: "s"}},
		"remote sandbox":        {[]string{"-sandbox-addr", "0.0.0.0:0"}, nil},
		"remote IPv6 sandbox":   {[]string{"-sandbox-addr", "[::]:0"}, nil},
	} {
		_, err := parseConfig("shop", tc.args, env(tc.env), io.Discard)
		require.Error(t, err, name)
	}
	_, err = parseConfig("shop", []string{"-h"}, env(nil), io.Discard)
	require.ErrorIs(t, err, errHelp)
}

func TestLoopbackSandboxHost(t *testing.T) {
	require.Equal(t, "127.0.0.1:8090", loopbackSandboxHost("http://127.0.0.1:8090"))
	require.Equal(t, "localhost:8090", loopbackSandboxHost("http://localhost:8090/prefix"))
	require.Empty(t, loopbackSandboxHost("https://127.0.0.1:8090"))
	require.Empty(t, loopbackSandboxHost("http://gw.example"))
	require.Empty(t, loopbackSandboxHost("https://api-gateway.smartcore.pro"))
}

// run is the whole program: with no flags but a free port it starts the
// embedded sandbox, prints where to go, serves the shop and takes a
// payment end to end, then stops with its context.
func TestRun(t *testing.T) {
	for _, k := range []string{envMerchantKey, envSecret, envBaseURL, envPCIBaseURL, envAccount, envPublicURL} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr shoptest.SyncBuffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, "shop", []string{"-addr", "127.0.0.1:0"}, &stdout, &stderr) }()

	open := regexp.MustCompile(`open (http://127\.0\.0\.1:\d+)/`)
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "Stop with Ctrl-C") },
		10*time.Second, 10*time.Millisecond, "stdout: %s\nstderr: %s", stdout.String(), stderr.String())
	out := stdout.String()
	require.Contains(t, out, "embedded SmartCore sandbox at http://127.0.0.1:")
	require.Contains(t, out, sandbox.CardSuccess)
	require.Contains(t, out, sandbox.CardChallenge)
	base := open.FindStringSubmatch(out)[1]

	// The banner's URL is a working shop whose payments reach the sandbox
	// and come back with a callback.
	ts := &testShop{URL: base, Browser: &shoptest.Browser{Client: shoptest.NewClient(t), ShopURL: base,
		SandboxURL: regexp.MustCompile(`sandbox at (http://\S+)`).FindStringSubmatch(out)[1]}}
	landed := ts.EnterCard(t, ts.StartPayment(t), sandbox.CardSuccess)
	require.Equal(t, "paid", shoptest.TextOf(t, landed.Body, "order-status"))
	require.Eventually(t, func() bool {
		return strings.Contains(ts.Get(t, base+"/orders").Body, `class="callback"`)
	}, 10*time.Second, 20*time.Millisecond)

	// Only its own names are answered: a page that rebinds its name to
	// 127.0.0.1 gets 421, from the shop and from its sandbox.
	for _, target := range []string{base + "/orders", ts.SandboxURL + "/"} {
		require.Equal(t, http.StatusMisdirectedRequest, hostStatus(t, target, "rebind.example"), target)
		u, err := url.Parse(target)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, hostStatus(t, target, "localhost:"+u.Port()), target)
	}

	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code, stderr.String())
	case <-time.After(10 * time.Second):
		t.Fatal("the shop did not stop with its context")
	}
	_, err := http.Get(base + "/")
	require.Error(t, err, "still serving after stop")
}

func TestRunRefusesBadConfig(t *testing.T) {
	t.Setenv(envMerchantKey, "only-a-key")
	t.Setenv(envSecret, "")
	var stderr shoptest.SyncBuffer
	require.Equal(t, 2, Run(context.Background(), "shop", nil, io.Discard, &stderr))
	require.Contains(t, stderr.String(), "set both")

	t.Setenv(envMerchantKey, "")
	require.Equal(t, 0, Run(context.Background(), "shop", []string{"-h"}, io.Discard, io.Discard))
	require.Equal(t, 1, Run(context.Background(), "shop", []string{"-addr", "127.0.0.1:bad"}, io.Discard, io.Discard))
	stderr = shoptest.SyncBuffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // were it served, until then
	defer cancel()
	require.Equal(t, 2, Run(ctx, "shop", []string{"-sandbox-addr", "0.0.0.0:0"}, io.Discard, &stderr))
	require.Equal(t, "shop: -sandbox-addr 0.0.0.0:0 is not a loopback address: other hosts could use the demo; "+
		"listen on 127.0.0.1, ::1 or localhost\n", stderr.String())
}

// hostStatus GETs target with the given Host header and returns the status.
func hostStatus(t *testing.T, target, host string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, target, nil)
	require.NoError(t, err)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}
