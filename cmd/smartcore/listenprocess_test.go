//go:build linux

package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// slowClientsChild, set to 1 in its environment, makes the test binary
// started by startListenProcess run `smartcore listen`.
const slowClientsChild = "SMARTCORE_SLOWCLIENTS_CHILD"

// TestSlowClientsChild is the `smartcore listen` process of
// TestSlowClients: the test binary started again, running main with the
// arguments after "--". Run directly, it skips.
func TestSlowClientsChild(t *testing.T) {
	if os.Getenv(slowClientsChild) != "1" {
		t.Skip("the server process of TestSlowClients")
	}
	os.Args = append([]string{"smartcore"}, flag.Args()...)
	main() // exits
}

// listenProcess is a `smartcore listen` child process.
type listenProcess struct {
	cmd    *exec.Cmd
	addr   string   // host:port
	target string   // callback URL
	stdout *capture // one JSON line per callback
	stderr *capture
	exited chan struct{}
}

func startListenProcess(t *testing.T) *listenProcess {
	t.Helper()
	return startProcess(t, regexp.MustCompile(`http://([0-9.:]+)/webhooks/smartcore`), false,
		"listen", "--addr", "127.0.0.1:0", "--secret", "qwerty")
}

// startProcess starts `smartcore ARGS...` and waits for addrRE to match its
// stderr (its stdout with onStdout): the match is target, its first group
// addr.
func startProcess(t *testing.T, addrRE *regexp.Regexp, onStdout bool, args ...string) *listenProcess {
	t.Helper()
	p := &listenProcess{stdout: &capture{}, stderr: &capture{}, exited: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], append([]string{"-test.run=^TestSlowClientsChild$", "--"}, args...)...)
	p.cmd.Env = append(os.Environ(), slowClientsChild+"=1")
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting smartcore listen: %v", err)
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
	})
	out := p.stderr
	if onStdout {
		out = p.stdout
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := addrRE.FindStringSubmatch(out.head()); m != nil {
			p.target, p.addr = m[0], m[1]
			return p
		}
		select {
		case <-p.exited:
			t.Fatalf("smartcore %s exited: %s", args[0], p.stderr.head())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("smartcore %s printed no address in 10 s: %s", args[0], p.stderr.head())
		}
	}
}

// kB returns a "kB" field of /proc/PID/status (VmRSS, VmHWM), 0 if unreadable.
func (p *listenProcess) kB(field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// openFiles is the number of the server's open descriptors.
func (p *listenProcess) openFiles() int64 {
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", p.cmd.Process.Pid))
	return int64(len(fds))
}

// status describes the server's memory, open descriptors, log and CPU time.
func (p *listenProcess) status() string {
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", p.cmd.Process.Pid))
	var cpu time.Duration
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid)); err == nil {
		// utime and stime, the 14th and 15th fields, in clock ticks (100 a second).
		if f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:])); len(f) > 12 {
			user, _ := strconv.Atoi(f[11])
			sys, _ := strconv.Atoi(f[12])
			cpu = time.Duration(user+sys) * 10 * time.Millisecond
		}
	}
	return fmt.Sprintf("RSS %.1f MB, %d open files, %d log lines, %v CPU", float64(p.kB("VmRSS"))/1e3, len(fds), p.stderr.lines(), cpu)
}

// stop interrupts the server as Ctrl-C would and returns the number of
// callbacks it printed.
func (p *listenProcess) stop(t *testing.T) int {
	t.Helper()
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		t.Errorf("smartcore listen did not stop within 10 s of an interrupt")
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	if code := p.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("smartcore listen exited %d: %s", code, p.stderr.head())
	}
	return p.stdout.lines()
}

// capture keeps the first 4 KB written to it (listen's address line) and
// counts the lines, without growing with the log.
type capture struct {
	mu    sync.Mutex
	first []byte
	n     atomic.Int64
}

func (c *capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	if room := 4096 - len(c.first); room > 0 {
		c.first = append(c.first, p[:min(room, len(p))]...)
	}
	c.mu.Unlock()
	c.n.Add(int64(bytes.Count(p, []byte("\n"))))
	return len(p), nil
}

func (c *capture) head() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.first)
}

func (c *capture) lines() int { return int(c.n.Load()) }
