package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// packagePrefix matches the start of an error chain a person should not
// have to read: "signing: ...", "webhook: ...", "dial tcp ...".
var packagePrefix = regexp.MustCompile(`(?m)(signing|webhook|smartcore|form|shop): |dial tcp|Post "`)

func TestHelpForEveryCommand(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	for name := range commands() {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCLI(t, "", "help", name)
			require.Equal(t, 0, code, errOut)
			require.True(t, strings.HasPrefix(out, "usage: smartcore "+name), out)
			require.Empty(t, errOut)

			for _, h := range []string{"-h", "--help"} {
				code, out, errOut = runCLI(t, "", name, h)
				require.Equal(t, 0, code, "%s %s: %s", name, h, errOut)
				require.Empty(t, out)
				require.True(t, strings.HasPrefix(errOut, "usage: smartcore "+name), errOut)
			}
		})
	}
	for _, args := range [][]string{{"help"}, {"help", "help"}, {"help", "-h"}, {"--help"}} {
		code, out, _ := runCLI(t, "", args...)
		require.Equal(t, 0, code, args)
		require.Contains(t, out, "demo ", args)
		require.Contains(t, out, "version ", args)
	}
	code, _, errOut := runCLI(t, "", "help", "nope")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, `unknown command "nope"`)
	code, _, _ = runCLI(t, "", "help", "sign", "verify")
	require.Equal(t, 2, code)
}

func TestVersion(t *testing.T) {
	// A test binary is built in the repository: no tag.
	want := regexp.MustCompile(`^smartcore (\(devel\)|v\S+) ` + regexp.QuoteMeta(runtime.Version()) + "\n$")
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errOut := runCLI(t, "", args...)
		require.Equal(t, 0, code, errOut)
		require.Regexp(t, want, out, args)
	}
	code, _, errOut := runCLI(t, "", "version", "extra")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "unexpected argument")

	installed := func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Path: "github.com/smartcorekit/smartcore", Version: "v0.1.0"}}, true
	}
	require.Equal(t, "v0.1.0", moduleVersion(installed))
	require.Equal(t, "(devel)", moduleVersion(func() (*debug.BuildInfo, bool) { return nil, false }))
}

func TestNothingToWorkOnIsASentence(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	for _, stdin := range []string{"", "\n", "sign=0123\n"} {
		code, out, errOut := runCLI(t, stdin, "sign")
		require.Equal(t, 2, code, "%q", stdin)
		require.Empty(t, out)
		require.Equal(t, "smartcore sign: nothing to sign: pass key=value pairs or pipe a form body\n", errOut, "%q", stdin)
	}
	for _, stdin := range []string{"", "\r\n"} {
		code, out, errOut := runCLI(t, stdin, "verify")
		require.Equal(t, 2, code, "%q", stdin)
		require.Empty(t, out)
		require.True(t, strings.HasPrefix(errOut, "smartcore verify: nothing to verify: pipe a form body"), errOut)
	}
	// A terminal (a character device, as /dev/null is too) is not read:
	// the command says what it wants instead of waiting for a body.
	devNull, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer devNull.Close()
	require.True(t, interactive(devNull))
	require.False(t, interactive(strings.NewReader("a=1")))
	for _, cmd := range []string{"sign", "verify"} {
		var out, errOut strings.Builder
		code := run(context.Background(), []string{cmd}, devNull, &out, &errOut)
		require.Equal(t, 2, code)
		require.Contains(t, errOut.String(), "nothing to "+cmd)
	}
}

func TestErrorsAreSentences(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	refused, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedURL := "http://" + refused.Addr().String() + "/webhooks/smartcore"
	require.NoError(t, refused.Close())
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()

	cases := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"verify without sign", "orderId=1", []string{"verify"}, 1, "invalid: the body has no sign parameter\n"},
		{"verify short sign", "orderId=1&sign=abc", []string{"verify"}, 1, "invalid: the sign parameter is not a signature (64 hexadecimal characters)\n"},
		{"verify wrong sign", "orderId=1&sign=" + strings.Repeat("0", 64), []string{"verify"}, 1, "invalid: the signature does not match: another secret signed it, or the body was changed\n"},
		{"verify not a form", "=1", []string{"verify"}, 1, "invalid: the body is not a form (key=value&key=value): a pair without a key\n"},
		{"sign not a form", "=1", []string{"sign"}, 2, "smartcore sign: the body is not a form (key=value&key=value): a pair without a key\n"},
		{"trigger without url", "", []string{"trigger"}, 2, "smartcore trigger: --url needs the http:// or https:// URL"},
		{"trigger relative url", "", []string{"trigger", "--url", "localhost:8081/x"}, 2, "smartcore trigger: --url needs the http:// or https:// URL"},
		{"trigger nobody listening", "", []string{"trigger", "--url", closedURL}, 1, "smartcore trigger: nothing is listening at " + closedURL + "\n"},
		{"listen bad address", "", []string{"listen", "--addr", "nowhere"}, 1, "smartcore listen: cannot listen there: address nowhere: missing port in address\n"},
		{"listen busy address", "", []string{"listen", "--addr", busy.Addr().String()}, 1, "smartcore listen: " + busy.Addr().String() + " is in use: pass another --addr\n"},
		{"sandbox busy address", "", []string{"sandbox", "--addr", busy.Addr().String()}, 1, "smartcore sandbox: " + busy.Addr().String() + " is in use: pass another --addr\n"},
		{"demo stray argument", "", []string{"demo", "now"}, 2, "smartcore demo: unexpected argument \"now\"\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.stdin, tc.args...)
			require.Equal(t, tc.code, code, "stdout %q stderr %q", out, errOut)
			got := out + errOut
			require.True(t, strings.HasPrefix(got, tc.want), "got %q", got)
			require.NotRegexp(t, packagePrefix, strings.TrimPrefix(strings.TrimPrefix(got, "smartcore demo: "), "smartcore "+tc.args[0]+": "))
		})
	}
}

func TestDemoServesTheShop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"demo", "-addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &errOut)
	}()
	open := regexp.MustCompile(`open (http://127\.0\.0\.1:\d+)/`)
	require.Eventually(t, func() bool { return open.MatchString(out.String()) }, 10*time.Second, 10*time.Millisecond, "stdout %s stderr %s", out.String(), errOut.String())
	base := open.FindStringSubmatch(out.String())[1]
	require.Contains(t, out.String(), "the embedded SmartCore sandbox")

	resp, err := http.Get(base + "/")
	require.NoError(t, err)
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, string(page), "<form")

	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code)
	case <-time.After(10 * time.Second):
		t.Fatal("demo did not stop")
	}
}
