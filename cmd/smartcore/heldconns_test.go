//go:build linux

package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The load of TestSlowClientsHeldConnections: what issue 18 reported taking
// `smartcore sandbox` to 633 MB of resident memory, 9,000 connections each
// holding a request whose headers, just under the browser limit, never end.
const (
	heldConns       = 9000
	heldHeaderBytes = 15_000 // under httpserver.BrowserHeaderBytes: no 431
	heldHold        = 15 * time.Second
	heldMaxRSS      = 150 << 20
)

// TestSlowClientsHeldConnections holds 9,000 connections sending 15 KB of
// headers that never end against a `smartcore sandbox` process, then a
// `smartcore demo` one (the demo shop on its embedded sandbox), for 15 s
// each, and checks that the process's resident memory (VmRSS sampled, and
// its peak VmHWM) stays under 150 MB while its first page, asked every
// 500 ms, is still answered within 3 s. It runs like TestSlowClients (CI,
// or -run SlowClients), on loopback only.
func TestSlowClientsHeldConnections(t *testing.T) {
	gateSlowClients(t)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil || lim.Cur < heldConns+500 {
		skipOrFail(t, fmt.Sprintf("the held-connection test needs %d open files, the limit is %d: raise `ulimit -Hn`",
			heldConns+500, lim.Cur))
	}
	for _, tc := range []struct {
		name string
		url  *regexp.Regexp // its first group is the base URL, printed on stdout
		args []string
	}{
		{"sandbox", regexp.MustCompile(`gateway URL:\s+(http://([0-9.:]+))`), []string{"sandbox", "--addr", "127.0.0.1:0"}},
		{"demo", regexp.MustCompile(`open (http://([0-9.:]+))/`), []string{"demo", "--addr", "127.0.0.1:0"}},
	} {
		t.Run(tc.name, func(t *testing.T) { holdConnections(t, tc.url, tc.args...) })
	}
}

// holdConnections is TestSlowClientsHeldConnections against one command.
func holdConnections(t *testing.T, urlRE *regexp.Regexp, args ...string) {
	srv := startProcess(t, urlRE, true, args...)
	base := srv.addr // the URL: group 1
	addr := strings.TrimPrefix(base, "http://")
	t.Logf("server baseline: %s", srv.status())

	ctx, stopAttack := context.WithCancel(context.Background())
	defer stopAttack()
	held := attack{pause: time.Second}
	req := heldHeaderRequest(addr, heldHeaderBytes)
	var workers sync.WaitGroup
	for range heldConns {
		workers.Add(1)
		go func() {
			defer workers.Done()
			held.run(ctx, addr, func(c net.Conn) { sendHeldHeader(ctx, c, req) })
		}()
	}
	ramp := time.Now()
	for held.attempts.Load() < heldConns && time.Since(ramp) < 10*time.Second {
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("load in place after %v: %d connections made, %d open; server %s",
		time.Since(ramp).Round(time.Millisecond), held.attempts.Load(), held.open.Load(), srv.status())

	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var latencies []time.Duration
	var failures []string
	var maxRSS int64
	var open []int64
	end := time.Now().Add(heldHold)
	tick := time.NewTicker(pingEvery)
	for n := 0; time.Now().Before(end); n++ {
		start := time.Now()
		resp, err := client.Get(base + "/")
		took := time.Since(start)
		latencies = append(latencies, took)
		switch {
		case err != nil:
			failures = append(failures, fmt.Sprintf("request %d after %v: %v", n, took, err))
		case resp.StatusCode != http.StatusOK:
			failures = append(failures, fmt.Sprintf("request %d: HTTP %d", n, resp.StatusCode))
		case took > pingMaxLatency:
			failures = append(failures, fmt.Sprintf("request %d answered in %v", n, took))
		}
		if resp != nil {
			resp.Body.Close()
		}
		maxRSS = max(maxRSS, srv.kB("VmRSS")<<10)
		open = append(open, srv.openFiles())
		if n%10 == 0 {
			t.Logf("t+%2.0fs: first page in %v; server %s; client: %d held connections open",
				(heldHold - time.Until(end)).Seconds(), took.Round(time.Millisecond), srv.status(), held.open.Load())
		}
		<-tick.C
	}
	tick.Stop()
	slices.Sort(open)
	medianOpen := open[len(open)/2]
	peak := srv.kB("VmHWM") << 10
	stopAttack()
	workers.Wait()
	srv.stop(t)

	slices.Sort(latencies)
	t.Logf("%d requests: median %v, max %v; %d failed; server RSS max sampled %.1f MB, peak %.1f MB; "+
		"%d connections made, server's open files median %d", len(latencies), latencies[len(latencies)/2].Round(time.Millisecond),
		latencies[len(latencies)-1].Round(time.Millisecond), len(failures), float64(maxRSS)/1e6, float64(peak)/1e6,
		held.attempts.Load(), medianOpen)
	if len(failures) > 0 {
		t.Errorf("%d of %d requests were not answered 200 within %v:\n%s", len(failures), len(latencies),
			pingMaxLatency, strings.Join(failures[:min(len(failures), 20)], "\n"))
	}
	if peak >= heldMaxRSS || maxRSS >= heldMaxRSS {
		t.Errorf("server RSS reached %.1f MB (peak), over %d MB", float64(peak)/1e6, heldMaxRSS>>20)
	}
	// The load must really have been there, or the test proves nothing:
	// the server held as many connections as it may (MaxConns, 1,024) or,
	// without a cap, more; and the clients kept coming back.
	if medianOpen < 1000 {
		t.Errorf("the server held only %d connections (median)", medianOpen)
	}
	if held.attempts.Load() < 2*heldConns {
		t.Errorf("only %d connections made by %d clients", held.attempts.Load(), heldConns)
	}
}

// heldHeaderRequest is a GET of the dashboard with n bytes of header lines,
// without the blank line that would end the header.
func heldHeaderRequest(host string, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "GET / HTTP/1.1\r\nHost: %s\r\n", host)
	for i := 0; b.Len() < n-1100; i++ {
		fmt.Fprintf(&b, "X-Pad-%04d: %s\r\n", i, strings.Repeat("a", 1000))
	}
	return []byte(b.String())
}

// sendHeldHeader sends req and then waits, never ending the header, until
// the server closes the connection or ctx ends.
func sendHeldHeader(ctx context.Context, c net.Conn, req []byte) {
	_ = c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write(req); err != nil {
		return
	}
	waitForClose(ctx, c, func() bool { return true })
}
