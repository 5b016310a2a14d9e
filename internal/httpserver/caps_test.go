package httpserver

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHosts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		hosts Hosts
		host  string
		tls   bool
		want  bool
	}{
		{"loopback on the port", NewHosts("8090"), "127.0.0.1:8090", false, true},
		{"localhost on the port", NewHosts("8090"), "localhost:8090", false, true},
		{"localhost, any case, trailing dot", NewHosts("8090"), "LOCALHOST.:8090", false, true},
		{"IPv6 loopback", NewHosts("8090"), "[::1]:8090", false, true},
		{"another loopback address", NewHosts("8090"), "127.0.0.2:8090", false, true},
		{"loopback on another port", NewHosts("8090"), "127.0.0.1:8091", false, false},
		{"loopback without port: 80", NewHosts("8090"), "localhost", false, false},
		{"loopback without port on 80", NewHosts("80"), "localhost", false, true},
		{"loopback without port over TLS: 443", NewHosts("443"), "localhost", true, true},
		{"IPv6 loopback without port", NewHosts(""), "[::1]", false, true},
		{"any port when unknown", NewHosts(""), "127.0.0.1:1", false, true},
		{"DNS rebinding", NewHosts("8090"), "rebind.example:8090", false, false},
		{"a name resolving to loopback", NewHosts("8090"), "127.0.0.1.nip.io:8090", false, false},
		{"a LAN address", NewHosts("8090"), "192.168.1.5:8090", false, false},
		{"empty", NewHosts(""), "", false, false},
		{"public URL without port", NewHosts("8090", "https://pay.example"), "pay.example", false, true},
		{"public URL, default port", NewHosts("8090", "https://pay.example"), "PAY.example:443", false, true},
		{"public URL, other port", NewHosts("8090", "https://pay.example"), "pay.example:8443", false, false},
		{"public URL with port", NewHosts("8090", "http://box.lan:9000/"), "box.lan:9000", false, true},
		{"public URL's port on loopback is not ours", NewHosts("8090", "http://box.lan:9000"), "127.0.0.1:9000", false, false},
		{"a public loopback URL's port", NewHosts("8090", "http://localhost:9000"), "localhost:9000", false, true},
		{"loopback without port beside a loopback public URL", NewHosts("8090", "http://127.0.0.1:8090"), "127.0.0.1", false, false},
		{"another name", NewHosts("8090", "https://pay.example"), "evil.example", false, false},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = tc.host
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		if got := tc.hosts.Allow(r); got != tc.want {
			t.Errorf("%s: Allow(Host %q) = %v, want %v", tc.name, tc.host, got, tc.want)
		}
	}
	rec := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil) // Host example.com
	NewHosts("").Handler(http.NotFoundHandler()).ServeHTTP(rec, r)
	if rec.Code != http.StatusMisdirectedRequest || !strings.Contains(rec.Body.String(), "Misdirected") {
		t.Errorf("Handler answered %d %q, want 421", rec.Code, rec.Body.String())
	}
}

// capServer serves with caps of maxConns and maxWait on loopback; the
// handler blocks on /slow until release is closed.
func capServer(t *testing.T, maxConns, maxWait int, release chan struct{}) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-release
		}
		_, _ = io.WriteString(w, "ok")
	}), BrowserHeaderBytes)
	s.conns = newConnCap(maxConns, maxWait)
	s.ConnState = s.conns.track
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return ln.Addr().String()
}

// holdHeaders connects and sends headers that never end.
func holdHeaders(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "+strings.Repeat("a", 8000)+"\r\n"); err != nil {
		t.Fatal(err)
	}
	return c
}

func closedByServer(c net.Conn, within time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(within))
	_, err := c.Read(make([]byte, 1))
	ne, ok := err.(net.Error)
	return err != nil && !(ok && ne.Timeout())
}

func get(t *testing.T, addr, path string) {
	t.Helper()
	c := &http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get("http://" + addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: HTTP %d", path, resp.StatusCode)
	}
}

func TestConnCapClosesTheLongestWaitingConnection(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	addr := capServer(t, 8, 3, release)
	// One at a time, so that the server has started reading each before
	// the next arrives: the order it reads them in is the order they wait.
	var held []net.Conn
	for range 3 {
		held = append(held, holdHeaders(t, addr))
		time.Sleep(2 * evictGrace)
	}
	// At the cap of waiting connections a real request is still answered,
	// and the oldest held one made room for it.
	get(t, addr, "/")
	if !closedByServer(held[0], time.Second) {
		t.Error("the longest-waiting connection was not closed")
	}
	if closedByServer(held[2], 50*time.Millisecond) {
		t.Error("the newest waiting connection was closed")
	}
}

func TestConnCapNeverClosesARequestBeingHandled(t *testing.T) {
	release := make(chan struct{})
	addr := capServer(t, 2, 2, release)
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	_, _ = io.WriteString(slow, "GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	time.Sleep(2 * evictGrace)
	get(t, addr, "/") // the second slot
	// Both caps are reached only with a third connection waiting; the
	// handled one is never the one closed.
	h := holdHeaders(t, addr)
	time.Sleep(2 * evictGrace)
	get(t, addr, "/")
	if !closedByServer(h, time.Second) {
		t.Error("the waiting connection was not closed to make room")
	}
	close(release)
	_ = slow.SetReadDeadline(time.Now().Add(2 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(slow), nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the request being handled lost its answer: %v", err)
	}
}

func TestNewCapsConnections(t *testing.T) {
	s := New(http.NotFoundHandler(), 0)
	if s.conns == nil || s.conns.max != MaxConns || s.conns.maxWait != MaxWaitingConns || s.ConnState == nil {
		t.Fatalf("New's server has no connection caps")
	}
}
