package sqldedup_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup/sqldedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// The test binary doubles as the shop's server: run with these variables
// set, it serves callbacks instead of running tests (see runShop).
const (
	envChild     = "SQLDEDUP_TEST_CHILD" // its value is the driver name
	envDSN       = "SQLDEDUP_TEST_CHILD_DSN"
	envOrders    = "SQLDEDUP_TEST_CHILD_ORDERS"
	envProcessed = "SQLDEDUP_TEST_CHILD_PROCESSED"
	envCrash     = "SQLDEDUP_TEST_CHILD_CRASH"
)

// The points where the child stops and waits to be killed.
const (
	beforeCommit = "after the business write, before the commit"
	afterCommit  = "after the commit, before the answer"
)

// The lines the child prints on its stdout.
const (
	lineListening = "listening "
	lineCrash     = "at the crash point"
)

func TestMain(m *testing.M) {
	if driver := os.Getenv(envChild); driver != "" {
		if err := runShop(driver); err != nil {
			fmt.Fprintln(os.Stderr, "shop:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runShop is the child process: the webhook handler with a Transactional
// shop on the database named in the environment, on a loopback port it
// prints. When envCrash names a point, the child announces it on reaching
// it and then waits, holding everything as it is, for the parent's SIGKILL.
func runShop(driver string) error {
	db, err := sql.Open(driver, os.Getenv(envDSN))
	if err != nil {
		return err
	}
	crash := os.Getenv(envCrash)
	freeze := func() {
		fmt.Println(lineCrash)
		time.Sleep(time.Hour)
	}
	orders := os.Getenv(envOrders)
	var h *sqldedup.Transactional
	h, err = sqldedup.NewTransactional(db, func(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error {
		dialect := sqldedup.SQLite
		if driver == "pgx" {
			dialect = sqldedup.Postgres
		}
		if err := applyPayment(ctx, tx, dialect, orders, cb); err != nil {
			return err
		}
		if crash == beforeCommit {
			freeze()
		}
		return nil
	}, sqldedup.TransactionalOptions{Table: os.Getenv(envProcessed)})
	if err != nil {
		return err
	}
	app := webhook.CallbackHandlerFunc(func(ctx context.Context, cb *smartcore.Callback) error {
		err := h.HandleCallback(ctx, cb)
		if err == nil && crash == afterCommit {
			freeze() // committed; the 200 is never written
		}
		return err
	})
	wh, err := webhook.New(app, webhook.Options{Secrets: []string{secret}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(lineListening + ln.Addr().String())
	srv := &http.Server{Handler: wh, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// child is a running shop process.
type child struct {
	cmd    *exec.Cmd
	addr   string
	lines  chan string
	stderr *syncBuffer
}

func startShop(t *testing.T, s *shop, crash string) *child {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(),
		envChild+"="+s.db.driver, envDSN+"="+s.db.dsn,
		envOrders+"="+s.orders, envProcessed+"="+s.processed, envCrash+"="+crash)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	c := &child{cmd: cmd, lines: make(chan string, 4), stderr: &syncBuffer{}}
	cmd.Stderr = c.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	line := c.expect(t, lineListening)
	c.addr = "http://" + strings.TrimPrefix(line, lineListening)
	return c
}

// expect waits, at most 60 s, for the child's next line, which must start
// with prefix.
func (c *child) expect(t *testing.T, prefix string) string {
	t.Helper()
	select {
	case line, ok := <-c.lines:
		require.True(t, ok, "the child ended; stderr:\n%s", c.stderr)
		require.True(t, strings.HasPrefix(line, prefix), "child said %q, want %q; stderr:\n%s", line, prefix, c.stderr)
		return line
	case <-time.After(60 * time.Second):
		t.Fatalf("the child did not say %q in 60 s; stderr:\n%s", prefix, c.stderr)
		return ""
	}
}

// kill ends the child with SIGKILL, as the kernel's OOM killer or a
// power cut would: no deferred function, no rollback, no answer runs.
func (c *child) kill(t *testing.T) {
	require.NoError(t, c.cmd.Process.Kill())
	err := c.cmd.Wait()
	require.ErrorContains(t, err, "signal: killed")
}

// deliver posts the callback as the gateway does, and returns the status
// it got, or 0 when it got no answer.
func deliver(addr string, cb *smartcore.Callback) int {
	res, err := webhooktest.Post(context.Background(), &http.Client{Timeout: 90 * time.Second}, addr, secret, cb)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// A real process is killed between the business write and its answer to
// the gateway, at both points where that can happen; a new process gets
// the gateway's retry. The order is paid exactly once either way: the
// update is neither lost nor applied twice.
func TestTransactionalSurvivesAKilledProcess(t *testing.T) {
	for _, point := range []string{beforeCommit, afterCommit} {
		t.Run(strings.ReplaceAll(point, " ", "_"), func(t *testing.T) {
			forEachDB(t, func(t *testing.T, db *testDB) {
				s := newShop(t, db, "o1")
				cb := paidCallback("o1")

				first := startShop(t, s, point)
				answer := make(chan int, 1)
				go func() { answer <- deliver(first.addr, cb) }()
				first.expect(t, lineCrash)
				first.kill(t)
				require.Equal(t, 0, <-answer, "the gateway got no answer, so it retries")

				// What the crash left: nothing before the commit, the
				// update and its key after it.
				want := map[string]int{beforeCommit: 0, afterCommit: 1}[point]
				require.Equal(t, want, s.paid(t, "o1"))
				require.Equal(t, want, db.count(t, s.processed))

				second := startShop(t, s, "")
				require.Equal(t, http.StatusOK, deliver(second.addr, cb), "the retry")
				require.Equal(t, http.StatusOK, deliver(second.addr, cb), "a later replay")
				require.Equal(t, 1, s.paid(t, "o1"), "paid exactly once")
				require.Equal(t, 1, db.count(t, s.processed))
				var status int
				require.NoError(t, db.QueryRow(db.q("SELECT status FROM "+s.orders+" WHERE id = ?"), "o1").Scan(&status))
				require.Equal(t, int(smartcore.StatusSuccess), status)
			})
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the child's stderr copier and the
// test reading it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
