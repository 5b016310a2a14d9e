package main

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// headerStatus sends a GET with extra bytes of headers, in 1 KB lines as
// cookies and proxies add them, and returns the answer's status.
func headerStatus(t *testing.T, url string, extra int) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; extra > 0; i++ {
		n := min(extra, 1000)
		req.Header.Set("X-Extra-"+strconv.Itoa(i), strings.Repeat("v", n))
		extra -= n
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// startCommand runs a serving command in-process until the test ends and
// returns the first match of addr in what it printed.
func startCommand(t *testing.T, addr *regexp.Regexp, args ...string) string {
	t.Helper()
	t.Setenv("SMARTCORE_SECRET", "")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, strings.NewReader(""), &stdout, &stderr) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	var m []string
	require.Eventually(t, func() bool { m = addr.FindStringSubmatch(stdout.String() + stderr.String()); return m != nil },
		5*time.Second, 10*time.Millisecond)
	return m[1]
}

// The commands' servers refuse headers beyond their budget (431) instead of
// buffering up to net/http's default megabyte per connection: callback-sized
// for listen, room for cookies for the sandbox's hosted pages.
func TestServersLimitHeaders(t *testing.T) {
	listen := startCommand(t, regexp.MustCompile(`(http://[0-9.:]+)/webhooks/smartcore`), "listen", "--addr", "127.0.0.1:0")
	gateway := startCommand(t, regexp.MustCompile(`gateway URL:\s+(http://\S+)`), "sandbox", "--addr", "127.0.0.1:0")

	// listen answers GET 405: any answer but 431 means the headers were read.
	require.Equal(t, http.StatusMethodNotAllowed, headerStatus(t, listen+"/webhooks/smartcore", 2<<10))
	require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, headerStatus(t, listen+"/webhooks/smartcore", 12<<10))
	require.NotEqual(t, http.StatusRequestHeaderFieldsTooLarge, headerStatus(t, gateway+"/", 12<<10))
	require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, headerStatus(t, gateway+"/", 24<<10))
}
