package demoshop

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/client"
)

// neverCalled is a NewHandler for command lines that must not start a shop.
func neverCalled(t *testing.T) NewHandler {
	return func(Config) (http.Handler, error) {
		t.Error("newHandler called")
		return nil, errors.New("not called")
	}
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr strings.Builder
	code := Run(context.Background(), []string{"/tmp/go-build1/b001/exe/gin", "-h"}, &stdout, &stderr, neverCalled(t))
	require.Equal(t, 0, code)
	require.Empty(t, stdout.String())
	require.Contains(t, stderr.String(), "Usage of gin:")
	require.Contains(t, stderr.String(), "-addr")
	require.Contains(t, stderr.String(), DefaultAddr)
}

func TestRunRejectsABadCommandLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"shop", "-port", "80"}, "flag provided but not defined: -port"},
		{[]string{"shop", "-addr"}, "flag needs an argument: -addr"},
		{[]string{"shop", "127.0.0.1:9000"}, `unexpected argument "127.0.0.1:9000"`},
		{[]string{"shop", "-addr", "127.0.0.1:0", "extra"}, `unexpected argument "extra"`},
	} {
		t.Run(strings.Join(tc.args[1:], " "), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			code := Run(context.Background(), tc.args, &stdout, &stderr, neverCalled(t))
			require.Equal(t, 2, code)
			require.Empty(t, stdout.String())
			require.Contains(t, stderr.String(), tc.want)
			require.Contains(t, stderr.String(), "Usage of shop:")
		})
	}
}

func TestRunReportsWhatStopsTheShop(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = busy.Close() }) // after the parallel subtests

	t.Run("address in use", func(t *testing.T) {
		t.Parallel()
		var stdout, stderr strings.Builder
		code := Run(context.Background(), []string{"shop", "-addr", busy.Addr().String()}, &stdout, &stderr, neverCalled(t))
		require.Equal(t, 1, code)
		require.Empty(t, stdout.String())
		_, port, _ := net.SplitHostPort(busy.Addr().String())
		require.Equal(t, "shop: port "+port+" is in use: pass -addr HOST:PORT to listen elsewhere\n", stderr.String())
	})
	t.Run("the wiring fails", func(t *testing.T) {
		t.Parallel()
		var stdout, stderr strings.Builder
		code := Run(context.Background(), []string{"shop", "-addr", "127.0.0.1:0"}, &stdout, &stderr,
			func(Config) (http.Handler, error) { return nil, errors.New("no router") })
		require.Equal(t, 1, code)
		require.Empty(t, stdout.String(), "nothing is served, so no URL is printed")
		require.Equal(t, "shop: no router\n", stderr.String())
	})
}

// Run hands the wiring the embedded sandbox and the URL it prints, serves
// the handler there until its context ends, and then shuts down: requests
// in flight finish, new connections are refused, the sandbox is closed.
func TestRunServesUntilTheContextEnds(t *testing.T) {
	t.Parallel()
	var (
		got     Config
		calls   int
		entered = make(chan struct{})
		release = make(chan struct{})
	)
	newHandler := func(cfg Config) (http.Handler, error) {
		calls++
		got = cfg
		mux := http.NewServeMux()
		mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, ProductName) })
		mux.HandleFunc("GET /slow", func(w http.ResponseWriter, _ *http.Request) {
			close(entered)
			<-release
			_, _ = io.WriteString(w, "done")
		})
		return mux, nil
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr logBuffer
	done := make(chan int, 1)
	go func() {
		code := Run(ctx, []string{"shop", "-addr", "127.0.0.1:0"}, pw, &stderr, newHandler)
		_ = pw.Close()
		done <- code
	}()
	var line string
	for rd := bufio.NewReader(pr); !strings.Contains(line, "Stop with Ctrl-C."); {
		l, err := rd.ReadString('\n')
		require.NoError(t, err, "stderr: %s", &stderr)
		line += l
	}
	m := regexp.MustCompile(`^SmartCore demo shop: open (\S+)/\nPayments go to the embedded SmartCore sandbox at (\S+) `).FindStringSubmatch(line)
	require.NotNil(t, m, line)
	shop, sandboxURL := m[1], m[2]
	require.Contains(t, line, "Sandbox dashboard (payments, callbacks, resend): "+sandboxURL+"/\n")
	require.True(t, strings.HasPrefix(shop, "http://127.0.0.1:"), line)
	require.True(t, strings.HasPrefix(sandboxURL, "http://127.0.0.1:"), line)
	require.NotEqual(t, shop, sandboxURL)

	// The handler was built once, for the URL printed and the sandbox's
	// client and secret.
	require.Equal(t, 1, calls)
	require.Equal(t, shop, got.PublicURL)
	require.Equal(t, strings.TrimPrefix(sandboxURL, "http://"), got.SandboxHost)
	require.NotEmpty(t, got.Secret)
	apiClient, ok := got.Gateway.(*client.Client)
	require.True(t, ok, "the gateway is the sandbox's client, got %T", got.Gateway)
	require.NotNil(t, apiClient)

	// Only its own names are answered (DNS rebinding): 421 otherwise.
	rebind, err := http.NewRequest(http.MethodGet, shop+"/", nil)
	require.NoError(t, err)
	rebind.Host = "rebind.example"
	resp, err := http.DefaultClient.Do(rebind)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMisdirectedRequest, resp.StatusCode)

	resp, err = http.Get(shop + "/")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, ProductName, string(body))
	resp, err = http.Get(sandboxURL + "/")
	require.NoError(t, err, "the sandbox is up")
	resp.Body.Close()

	// A request in flight when the context ends is answered.
	slow := make(chan string, 1)
	go func() {
		resp, err := http.Get(shop + "/slow")
		if err != nil {
			slow <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		slow <- string(b)
	}()
	<-entered
	cancel()
	select {
	case code := <-done:
		t.Fatalf("Run returned %d with a request in flight", code)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	require.Equal(t, "done", <-slow)
	require.Equal(t, 0, <-done, "stderr: %s", &stderr)
	require.Empty(t, stderr.String())

	for _, u := range []string{shop, sandboxURL} {
		_, err = http.Get(u + "/")
		require.Error(t, err, "%s is closed", u)
	}
}
