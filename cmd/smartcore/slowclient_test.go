//go:build linux

package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// The load of TestSlowClients: what issue 11 reported taking `smartcore
// listen` down (1,100 slow bodies stopped it answering for 25 s; 1,000 large
// headers took it from 11 MB to 1.08 GB), with margin.
const (
	slowBodyConns    = 2000
	largeHeaderConns = 1000
	slowClientsHold  = 30 * time.Second
	pingEvery        = 500 * time.Millisecond
	// pingMaxLatency is generous because CI runs other test binaries on
	// the same two cores at the same time: under that load a TCP connect
	// alone was seen to take 0.6 s. The stall this guards against lasted 25 s.
	pingMaxLatency = 3 * time.Second
	maxServerRSS   = 100 << 20
	// largeHeaderBytes stays under net/http's default MaxHeaderBytes (1 MiB,
	// plus 4 KiB of slack), so that a server left at the default keeps all
	// of it until ReadHeaderTimeout.
	largeHeaderBytes = 1_000_000
)

// TestSlowClients holds 2,000 connections that trickle a request body and
// 1,000 that send a megabyte of headers against a `smartcore listen`
// process for 30 s, and checks that a signed callback sent every 500 ms is
// still answered 200 within a second and that the server's resident memory
// (VmRSS and its peak VmHWM in /proc/PID/status) stays under 100 MB.
func TestSlowClients(t *testing.T) {
	gateSlowClients(t)

	srv := startListenProcess(t)
	t.Logf("server baseline: %s", srv.status())

	ctx, stopAttack := context.WithCancel(context.Background())
	defer stopAttack()
	// A large header is refused at once: its clients come back after 1 to
	// 2 s, which bounds the churn (about 700 connections a second).
	slow, large := attack{pause: 200 * time.Millisecond}, attack{pause: time.Second}
	req := largeHeaderRequest(largeHeaderBytes)
	var workers sync.WaitGroup
	for i := range slowBodyConns + largeHeaderConns {
		workers.Add(1)
		go func() {
			defer workers.Done()
			if i < slowBodyConns {
				slow.run(ctx, srv.addr, func(c net.Conn) { trickleBody(ctx, c, i) })
			} else {
				large.run(ctx, srv.addr, func(c net.Conn) { sendLargeHeader(ctx, c, req) })
			}
		}()
	}
	// The load is in place once every slow body is open and every large
	// header was sent at least once.
	ramp := time.Now()
	for slow.open.Load() < slowBodyConns || large.attempts.Load() < largeHeaderConns {
		if time.Since(ramp) > 10*time.Second {
			break // measured anyway; the counts below say how much load there was
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("load in place after %v: %d slow bodies open, %d large headers sent; server %s",
		time.Since(ramp).Round(time.Millisecond), slow.open.Load(), large.attempts.Load(), srv.status())

	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var latencies []time.Duration
	var failures []string
	var maxRSS int64
	var slowOpen []int64 // sampled
	end := time.Now().Add(slowClientsHold)
	tick := time.NewTicker(pingEvery)
	for n := 0; time.Now().Before(end); n++ {
		cb := &smartcore.Callback{OrderID: "ping-" + strconv.Itoa(n), Status: smartcore.StatusSuccess, Amount: 100}
		start := time.Now()
		var connected time.Duration // how much of took was the TCP handshake
		trace := &httptrace.ClientTrace{ConnectDone: func(string, string, error) { connected = time.Since(start) }}
		resp, err := webhooktest.Post(httptrace.WithClientTrace(ctx, trace), client, srv.target, "qwerty", cb)
		took := time.Since(start)
		latencies = append(latencies, took)
		switch {
		case err != nil:
			failures = append(failures, fmt.Sprintf("ping %d after %v: %v", n, took, err))
		case resp.StatusCode != http.StatusOK:
			failures = append(failures, fmt.Sprintf("ping %d: HTTP %d", n, resp.StatusCode))
		case took > pingMaxLatency:
			failures = append(failures, fmt.Sprintf("ping %d at t+%.1fs answered in %v (connected after %v)",
				n, (slowClientsHold-time.Until(end)).Seconds(), took, connected))
		}
		if resp != nil {
			resp.Body.Close()
		}
		maxRSS = max(maxRSS, srv.kB("VmRSS")<<10)
		slowOpen = append(slowOpen, slow.open.Load())
		if n%10 == 0 {
			t.Logf("t+%2.0fs: ping %v; server %s; client: %d slow bodies open, %d large-header connections open",
				(slowClientsHold - time.Until(end)).Seconds(), took.Round(time.Millisecond),
				srv.status(), slow.open.Load(), large.open.Load())
		}
		<-tick.C
	}
	tick.Stop()
	slices.Sort(slowOpen)
	medianSlowOpen := slowOpen[len(slowOpen)/2]
	peak := srv.kB("VmHWM") << 10
	stopAttack()
	workers.Wait()

	slices.Sort(latencies)
	t.Logf("%d pings: median %v, p99 %v, max %v; %d failed", len(latencies),
		latencies[len(latencies)/2].Round(time.Millisecond), latencies[len(latencies)*99/100].Round(time.Millisecond),
		latencies[len(latencies)-1].Round(time.Millisecond), len(failures))
	t.Logf("server RSS: max sampled %.1f MB, peak (VmHWM) %.1f MB; slow bodies open: fewest %d, median %d; "+
		"connections made: %d slow-body, %d large-header (%d dial errors)",
		float64(maxRSS)/1e6, float64(peak)/1e6, slowOpen[0], medianSlowOpen,
		slow.attempts.Load(), large.attempts.Load(), slow.dialErrs.Load()+large.dialErrs.Load())
	for _, a := range []*attack{&slow, &large} {
		if e := a.firstDialErr.Load(); e != nil {
			t.Logf("first dial error: %s", e)
		}
	}

	printed := srv.stop(t)
	if len(failures) > 0 {
		t.Errorf("%d of %d callbacks were not answered 200 within %v:\n%s", len(failures), len(latencies),
			pingMaxLatency, strings.Join(failures[:min(len(failures), 20)], "\n"))
	}
	if peak >= maxServerRSS || maxRSS >= maxServerRSS {
		t.Errorf("server RSS reached %.1f MB (peak), over %d MB", float64(peak)/1e6, maxServerRSS>>20)
	}
	// The load must really have been there, or the test proves nothing.
	if medianSlowOpen < slowBodyConns*9/10 {
		t.Errorf("only %d of %d slow bodies were held open (median)", medianSlowOpen, slowBodyConns)
	}
	// A body read deadline cuts every slow body within the hold, so each
	// slow client connected at least twice; without one the first
	// connections are held for the whole test.
	if slow.attempts.Load() < 2*slowBodyConns {
		t.Errorf("slow bodies were not cut: %d connections for %d clients in %v",
			slow.attempts.Load(), slowBodyConns, slowClientsHold)
	}
	if large.attempts.Load() < largeHeaderConns {
		t.Errorf("only %d large headers were sent", large.attempts.Load())
	}
	if ok := len(latencies) - len(failures); printed < ok {
		t.Errorf("listen printed %d callbacks, %d were answered 200", printed, ok)
	}
}

// gateSlowClients skips the test unless it was asked for (-run SlowClients)
// or runs under CI, and skips (fails under CI) where it cannot run.
func gateSlowClients(t *testing.T) {
	if testing.Short() {
		t.Skip("slow-client load test (~35 s) skipped under -short")
	}
	if os.Getenv("CI") == "" && !strings.Contains(flag.Lookup("test.run").Value.String(), "SlowClients") {
		t.Skip("slow-client load test (~35 s): runs when CI is set, or with go test -run SlowClients ./cmd/smartcore")
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				// Deliberately skipped even under CI, which runs it again without -race.
				t.Skip("slow-client load test skipped under -race: the detector multiplies the server's memory; run it without -race")
			}
		}
	}
	// Go raises the soft limit to the hard one at start-up; the server and
	// this process each need a descriptor per connection.
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		skipOrFail(t, "cannot read RLIMIT_NOFILE: "+err.Error())
	}
	if need := uint64(slowBodyConns + largeHeaderConns + 500); lim.Cur < need {
		skipOrFail(t, fmt.Sprintf("slow-client load test needs %d open files, the limit is %d (hard %d): raise `ulimit -Hn`",
			need, lim.Cur, lim.Max))
	}
}

func skipOrFail(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// attack counts the connections of one kind of slow client.
type attack struct {
	open, attempts, dialErrs atomic.Int64
	firstDialErr             atomic.Value // string
	// pause is the least time between a closed connection and the next;
	// a random part as long again keeps the clients from marching in step.
	pause time.Duration
}

// run connects, lets hold use the connection until the server or ctx ends
// it, and connects again after a pause, until ctx ends.
func (a *attack) run(ctx context.Context, addr string, hold func(net.Conn)) {
	d := net.Dialer{Timeout: 2 * time.Second}
	for ctx.Err() == nil {
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			if ctx.Err() == nil && a.dialErrs.Add(1) == 1 {
				a.firstDialErr.Store(err.Error())
			}
			pause(ctx, 100*time.Millisecond)
			continue
		}
		a.attempts.Add(1)
		a.open.Add(1)
		hold(c)
		a.open.Add(-1)
		c.Close()
		pause(ctx, a.pause+rand.N(a.pause))
	}
}

// trickleBody sends a callback's headers and then its body one byte every
// 2 s, never finishing it. Half declare a body the server allocates up
// front (under 4 KiB), half one it grows as it arrives.
func trickleBody(ctx context.Context, c net.Conn, i int) {
	length := 4000
	if i%2 == 1 {
		length = 60000
	}
	fmt.Fprintf(c, "POST /webhooks/smartcore HTTP/1.1\r\nHost: 127.0.0.1\r\n"+
		"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\norderId=", length)
	waitForClose(ctx, c, func() bool {
		_, err := c.Write([]byte("1"))
		return err == nil
	})
}

// sendLargeHeader sends req, a request line and a megabyte of header lines,
// 16 KB at a time, and then waits without ending the header. It stops
// sending once the server answered (431), as a client would.
func sendLargeHeader(ctx context.Context, c net.Conn, req []byte) {
	_ = c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	var one [1]byte
	for len(req) > 0 && ctx.Err() == nil {
		n := min(len(req), 16<<10)
		if _, err := c.Write(req[:n]); err != nil {
			return // the server refused the header and closed
		}
		req = req[n:]
		// A deadline already past would fail the read without trying it.
		_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
		if _, err := c.Read(one[:]); !isTimeout(err) {
			break // an answer, or the connection closed
		}
	}
	waitForClose(ctx, c, func() bool { return true })
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

// waitForClose reads whatever the server answers until it closes c or ctx
// ends, calling tick every 2 s of silence; tick false ends the wait.
func waitForClose(ctx context.Context, c net.Conn, tick func() bool) {
	buf := make([]byte, 512)
	for ctx.Err() == nil {
		_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, err := c.Read(buf)
		if isTimeout(err) {
			if !tick() {
				return
			}
			continue
		}
		if err != nil {
			return
		}
	}
}

func pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// largeHeaderRequest is a request line and header lines of about 1 KB each,
// n bytes in all, without the blank line that would end the header.
func largeHeaderRequest(n int) []byte {
	b := bytes.NewBufferString("GET /webhooks/smartcore HTTP/1.1\r\nHost: 127.0.0.1\r\n")
	for i := 0; b.Len() < n-1100; i++ {
		fmt.Fprintf(b, "X-Pad-%04d: %s\r\n", i, strings.Repeat("a", 1000))
	}
	return b.Bytes()
}
