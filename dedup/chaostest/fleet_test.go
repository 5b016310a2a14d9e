package chaostest_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// replica is one webhook process slot: its port stays the same across
// incarnations, as a restarted container's would.
type replica struct {
	slot int
	addr string // 127.0.0.1:port, fixed by the first incarnation

	mu       sync.Mutex
	cmd      *exec.Cmd
	instance string // the running incarnation's name, "p<slot>.<generation>"
	gen      int
	stderr   *syncBuffer
}

// fleet starts, kills and restarts the webhook processes.
type fleet struct {
	t        *testing.T
	env      []string // what every process gets besides its own variables
	replicas []*replica
}

func newFleet(t *testing.T, n int, env []string) *fleet {
	f := &fleet{t: t, env: env}
	for i := range n {
		r := &replica{slot: i + 1}
		f.replicas = append(f.replicas, r)
		require.NoError(t, f.start(r, "127.0.0.1:0"))
	}
	return f
}

// start runs a new incarnation of r listening on listen and waits until it
// accepts connections. It returns an error, with the process's stderr,
// when the process cannot start or does not listen within 20 s. It is safe
// to call from any goroutine.
func (f *fleet) start(r *replica, listen string) error {
	r.mu.Lock()
	r.gen++
	instance := fmt.Sprintf("p%d.%d", r.slot, r.gen)
	r.mu.Unlock()

	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), f.env...), envListen+"="+listen, envInstance+"="+instance)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr := &syncBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	f.t.Cleanup(func() {
		// Only this incarnation, by its own handle; one already killed
		// and waited for makes these calls no-ops.
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
	}()
	select {
	case line, ok := <-lines:
		if !ok {
			return fmt.Errorf("%s ended before listening; stderr:\n%s", instance, stderr)
		}
		addr, found := strings.CutPrefix(line, lineListening)
		if !found {
			return fmt.Errorf("%s said %q; stderr:\n%s", instance, line, stderr)
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.addr == "" {
			r.addr = addr
		}
		if addr != r.addr {
			return fmt.Errorf("%s listens on %s, not on its slot's %s", instance, addr, r.addr)
		}
		r.cmd, r.instance, r.stderr = cmd, instance, stderr
		return nil
	case <-time.After(20 * time.Second):
		return fmt.Errorf("%s did not listen within 20 s; stderr:\n%s", instance, stderr)
	}
}

// kill ends r's incarnation with SIGKILL, as the OOM killer or a lost node
// would: no deferred function, no Complete, no Release, no answer runs. It
// returns the incarnation's name, and an error when the process was not
// running or did not die of the signal. It is safe to call from any
// goroutine.
func (f *fleet) kill(r *replica) (string, error) {
	r.mu.Lock()
	cmd, instance := r.cmd, r.instance
	r.mu.Unlock()
	if err := cmd.Process.Kill(); err != nil {
		return instance, fmt.Errorf("kill %s: %w", instance, err)
	}
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "signal: killed") {
		return instance, fmt.Errorf("%s ended with %v, not by SIGKILL", instance, err)
	}
	return instance, nil
}

// restart starts a new incarnation of r on the same port; see start.
func (f *fleet) restart(r *replica) error { return f.start(r, r.addr) }

// stderrs returns what every incarnation still running wrote on stderr,
// for a failure's message.
func (f *fleet) stderrs() string {
	var b strings.Builder
	for _, r := range f.replicas {
		r.mu.Lock()
		fmt.Fprintf(&b, "--- %s stderr:\n%s\n", r.instance, r.stderr)
		r.mu.Unlock()
	}
	return b.String()
}

// syncBuffer is a bytes.Buffer safe for the process's writes and the
// test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b.Len() > 64<<10 {
		return len(p), nil // enough to diagnose; a chatty child must not eat memory
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
