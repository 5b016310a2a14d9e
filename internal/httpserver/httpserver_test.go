package httpserver

import (
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestNewSetsEveryLimit(t *testing.T) {
	h := http.NotFoundHandler()
	for _, tc := range []struct {
		max, want int
	}{{CallbackHeaderBytes, CallbackHeaderBytes}, {BrowserHeaderBytes, BrowserHeaderBytes}, {0, CallbackHeaderBytes}, {-1, CallbackHeaderBytes}} {
		s := New(h, tc.max)
		if s.Handler == nil || s.ReadHeaderTimeout != ReadHeaderTimeout || s.ReadTimeout != ReadTimeout ||
			s.WriteTimeout != WriteTimeout || s.IdleTimeout != IdleTimeout || s.MaxHeaderBytes != tc.want {
			t.Errorf("New(h, %d) = %+v", tc.max, s)
		}
	}
	// Each must be set: a zero timeout is no timeout.
	for name, d := range map[string]time.Duration{"ReadHeaderTimeout": ReadHeaderTimeout, "ReadTimeout": ReadTimeout,
		"WriteTimeout": WriteTimeout, "IdleTimeout": IdleTimeout} {
		if d <= 0 {
			t.Errorf("%s is %v", name, d)
		}
	}
	if ReadHeaderTimeout > ReadTimeout {
		t.Errorf("ReadHeaderTimeout %v beyond ReadTimeout %v", ReadHeaderTimeout, ReadTimeout)
	}
}

// serve starts New(ok, maxHeaderBytes) on loopback and returns its URL.
func serve(t *testing.T, maxHeaderBytes int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}), maxHeaderBytes)
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return "http://" + ln.Addr().String()
}

// status sends a request with headerBytes bytes of extra headers (in 1 KB
// lines, as cookies and proxies add them) and returns the answer's status.
func status(t *testing.T, url string, headerBytes int) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader("orderId=1"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; headerBytes > 0; i++ {
		n := min(headerBytes, 1000)
		req.Header.Set("X-Extra-"+strconv.Itoa(i), strings.Repeat("v", n))
		headerBytes -= n
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestHeaderLimits(t *testing.T) {
	callbacks, browsers := serve(t, CallbackHeaderBytes), serve(t, BrowserHeaderBytes)
	for _, tc := range []struct {
		name  string
		url   string
		bytes int
		want  int
	}{
		{"a callback's headers", callbacks, 1 << 10, http.StatusOK},
		{"a callback through proxies", callbacks, 3 << 10, http.StatusOK},
		{"headers beyond the callback limit and net/http's slack", callbacks, 12 << 10, http.StatusRequestHeaderFieldsTooLarge},
		{"a browser with cookies", browsers, 12 << 10, http.StatusOK},
		{"headers beyond the browser limit and net/http's slack", browsers, 24 << 10, http.StatusRequestHeaderFieldsTooLarge},
	} {
		if got := status(t, tc.url, tc.bytes); got != tc.want {
			t.Errorf("%s (%d bytes): HTTP %d, want %d", tc.name, tc.bytes, got, tc.want)
		}
	}
}
