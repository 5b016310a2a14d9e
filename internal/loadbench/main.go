// Command loadbench measures what the webhook handler costs a server, next
// to a bare handler that reads the body and answers 200, on loopback.
//
// It starts two server processes (the webhook handler and the bare one),
// each with GOMAXPROCS=1 and, when taskset is available, pinned to CPU 0,
// and loads them from this process (pinned to CPU 1) over keep-alive
// connections, in interleaved rounds. Each server reports its own CPU time
// (getrusage) around every round. It prints, per round and overall, the
// requests per second of each server and the ratios webhook/bare of
// requests per second and bare/webhook of server CPU per request: 1.0 means
// the webhook endpoint costs nothing over net/http. On a shared host one slow
// round moves the overall ratios; the median of the rounds' ratios, printed
// last, is the figure to quote. An A/A run (-aa) serves the bare handler in
// both places and shows how far from 1.000 the method's own noise goes.
//
//	go run ./internal/loadbench -rounds 30 -duration 500ms
//	go run ./internal/loadbench -rounds 30 -duration 500ms -aa    # the method's noise
//	go run ./internal/loadbench -rounds 30 -duration 500ms -spin 2us  # what a 2 µs handler would score
//	go run ./internal/loadbench -cpuprofile webhook.pprof   # profile the served path
//
// It only ever connects to 127.0.0.1, and every run is bounded by -rounds,
// -duration and -max-requests.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

const secret = "loadbench-secret"

func main() {
	serve := flag.String("serve", "", "internal: run as the `kind` of server (webhook or bare)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the webhook server to `file`")
	rounds := flag.Int("rounds", 6, "rounds; each loads both servers once, in alternating order")
	duration := flag.Duration("duration", 2*time.Second, "load time per server per round")
	maxRequests := flag.Int64("max-requests", 2_000_000, "stop a server's round after this many requests")
	conns := flag.Int("conns", 8, "keep-alive connections")
	pin := flag.Bool("pin", true, "pin servers to CPU 0 and the generator to CPU 1 with taskset, when available")
	pinned := flag.Bool("pinned", false, "internal: this process is already pinned")
	aa := flag.Bool("aa", false, "serve the bare handler in place of the webhook handler too: an A/A run, whose ratios show the method's own noise")
	spin := flag.Duration("spin", 0, "serve, in place of the webhook handler, the bare handler plus this much busy CPU per request: what a handler of that cost would score")
	flag.Parse()
	log.SetFlags(0)

	if *serve != "" {
		if err := runServer(*serve, *cpuprofile); err != nil {
			log.Fatalf("loadbench server: %v", err)
		}
		return
	}
	taskset, _ := exec.LookPath("taskset")
	if !*pin {
		taskset = ""
	}
	if taskset != "" && !*pinned {
		// Re-run this process on CPU 1, so that it does not share a core
		// with the servers.
		cmd := exec.Command(taskset, append([]string{"-c", "1", self(), "-pinned"}, os.Args[1:]...)...)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := run(taskset, *cpuprofile, *rounds, *duration, *maxRequests, *conns, standIn(*aa, *spin)); err != nil {
		log.Fatalf("loadbench: %v", err)
	}
}

func self() string {
	exe, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	return exe
}

// body is a signed callback as the gateway sends it: 20 fields and sign.
func body() string {
	return webhooktest.Body(secret, &smartcore.Callback{
		OrderID: "200004", Status: smartcore.StatusSuccess, Type: smartcore.TypeWithdrawal,
		Message: "null", CascadeErrors: "null", IsTrustedTransaction: "false",
		Amount: 10000, FinalAmount: 10000, Currency: "EUR", AuthorizeStatus: "null",
		ECI: "null", FirstName: "null", LastName: "null", RRN: "null",
		PaymentPhoneNumber: "null", ErrorCategory: "null",
		Extra: []smartcore.Field{
			{Key: "card_holder", Value: "N/A"}, {Key: "card_number", Value: "401200******3010"},
			{Key: "card_exp_month", Value: "N/A"}, {Key: "card_exp_year", Value: "N/A"},
		},
	})
}

// runServer serves kind on a loopback port, prints the address, then
// answers each line on stdin with its CPU time so far (user+system, in
// microseconds) until stdin closes.
func runServer(kind, cpuprofile string) error {
	var h http.Handler
	switch kind {
	case "webhook":
		wh, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
			return nil
		}), webhook.Options{Secrets: []string{secret}})
		if err != nil {
			return err
		}
		h = wh
	case "bare":
		h = bare(0)
	default:
		spin, ok := strings.CutPrefix(kind, "spin:")
		d, err := time.ParseDuration(spin)
		if !ok || err != nil {
			return fmt.Errorf("unknown server kind %q", kind)
		}
		h = bare(d)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if cpuprofile != "" && kind == "webhook" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	// A bare http.Serve, not internal/httpserver: this is a loopback
	// benchmark, not a server the kit ships, and timeouts would only add
	// timers to what is measured.
	go func() { _ = http.Serve(ln, h) }()
	fmt.Println(ln.Addr())
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		fmt.Println(cpuMicros())
	}
	return nil
}

// bare reads the body and answers 200 "OK", after spinning for d.
func bare(d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		for start := time.Now(); time.Since(start) < d; {
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("OK"))
	})
}

func cpuMicros() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano()/1e3 + ru.Stime.Nano()/1e3
}

// server is a running server process and its control pipes.
type server struct {
	kind string
	addr string
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Scanner
}

func startServer(taskset, kind, cpuprofile string) (*server, error) {
	args := []string{self(), "-serve", kind, "-cpuprofile", cpuprofile}
	if taskset != "" {
		args = append([]string{taskset, "-c", "0"}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{kind: kind, cmd: cmd, in: in, out: bufio.NewScanner(out)}
	if !s.out.Scan() {
		return nil, fmt.Errorf("%s server did not start", kind)
	}
	s.addr = s.out.Text()
	if !strings.HasPrefix(s.addr, "127.0.0.1:") {
		return nil, fmt.Errorf("%s server is not on loopback: %q", kind, s.addr)
	}
	return s, nil
}

func (s *server) cpu() (time.Duration, error) {
	if _, err := io.WriteString(s.in, "cpu\n"); err != nil {
		return 0, err
	}
	if !s.out.Scan() {
		return 0, fmt.Errorf("%s server stopped", s.kind)
	}
	us, err := strconv.ParseInt(s.out.Text(), 10, 64)
	return time.Duration(us) * time.Microsecond, err
}

func (s *server) stop() {
	s.in.Close() // the server exits, writing its profile, when stdin closes
	_ = s.cmd.Wait()
}

// result is one server's share of a round.
type result struct {
	requests int64
	elapsed  time.Duration
	cpu      time.Duration
}

func (r result) rps() float64             { return float64(r.requests) / r.elapsed.Seconds() }
func (r result) cpuPerReq() time.Duration { return r.cpu / time.Duration(max(r.requests, 1)) }

// standIn returns the kind of server that takes the webhook handler's
// place: "" for the webhook handler itself.
func standIn(aa bool, spin time.Duration) string {
	switch {
	case aa:
		return "bare"
	case spin > 0:
		return "spin:" + spin.String()
	}
	return ""
}

func run(taskset, cpuprofile string, rounds int, d time.Duration, maxRequests int64, conns int, stand string) error {
	servers := map[string]*server{}
	for _, kind := range []string{"webhook", "bare"} {
		serve := kind
		if kind == "webhook" && stand != "" {
			serve = stand
		}
		s, err := startServer(taskset, serve, cpuprofile)
		if err != nil {
			return err
		}
		defer s.stop()
		servers[kind] = s
	}
	req := []byte("POST /callback HTTP/1.1\r\nHost: loadbench\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		"Content-Length: " + strconv.Itoa(len(body())) + "\r\n\r\n" + body())
	fmt.Printf("loadbench: %d rounds of %v per server, %d keep-alive connections, %d-byte body, pinned: %v\n",
		rounds, d, conns, len(body()), taskset != "")
	switch {
	case stand == "bare":
		fmt.Println("A/A run: both servers are the bare handler, so every ratio would be 1.000 without noise")
	case stand != "":
		fmt.Printf("calibration run: %q stands in for the webhook handler\n", stand)
	}
	total := map[string]*result{"webhook": {}, "bare": {}}
	var rpsRatios, cpuRatios []float64
	for round := range rounds {
		order := []string{"webhook", "bare"}
		if round%2 == 1 {
			order[0], order[1] = order[1], order[0]
		}
		got := map[string]result{}
		for _, kind := range order {
			r, err := load(servers[kind], req, d, maxRequests, conns)
			if err != nil {
				return fmt.Errorf("round %d, %s: %w", round+1, kind, err)
			}
			got[kind] = r
			t := total[kind]
			t.requests += r.requests
			t.elapsed += r.elapsed
			t.cpu += r.cpu
		}
		w, b := got["webhook"], got["bare"]
		rpsRatios = append(rpsRatios, w.rps()/b.rps())
		cpuRatios = append(cpuRatios, float64(b.cpuPerReq())/float64(w.cpuPerReq()))
		fmt.Printf("round %d: webhook %8.0f req/s %6.1f µs CPU/req | bare %8.0f req/s %6.1f µs CPU/req | ratio rps %.3f cpu %.3f\n",
			round+1, w.rps(), us(w.cpuPerReq()), b.rps(), us(b.cpuPerReq()), w.rps()/b.rps(),
			float64(b.cpuPerReq())/float64(w.cpuPerReq()))
	}
	w, b := *total["webhook"], *total["bare"]
	fmt.Printf("overall: webhook %.0f req/s %.1f µs CPU/req, bare %.0f req/s %.1f µs CPU/req\n",
		w.rps(), us(w.cpuPerReq()), b.rps(), us(b.cpuPerReq()))
	fmt.Printf("ratio webhook/bare: requests per second %.3f, server CPU per request (bare/webhook) %.3f\n",
		w.rps()/b.rps(), float64(b.cpuPerReq())/float64(w.cpuPerReq()))
	// A neighbour on a shared host can slow one round of one server; the
	// median of the rounds' ratios is what such a round cannot move.
	fmt.Printf("median of the rounds' ratios: requests per second %.3f, server CPU per request %.3f\n",
		median(rpsRatios), median(cpuRatios))
	return nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// load sends req over conns keep-alive connections to s for d (or until
// maxRequests answers), and returns the answers counted and the server's
// CPU time meanwhile.
func load(s *server, req []byte, d time.Duration, maxRequests int64, conns int) (result, error) {
	cpu0, err := s.cpu()
	if err != nil {
		return result{}, err
	}
	var done atomic.Int64
	var firstErr error
	var mu sync.Mutex
	stop := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := client(s.addr, req, stop, maxRequests, &done); err != nil {
				mu.Lock()
				firstErr = cmpOr(firstErr, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1, err := s.cpu()
	if err != nil {
		return result{}, err
	}
	return result{requests: done.Load(), elapsed: elapsed, cpu: cpu1 - cpu0}, firstErr
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// client is one keep-alive connection: it writes req, reads the whole
// answer (which must be a 200), and repeats. Reading the answer by hand
// keeps the generator far cheaper than the servers it loads.
func client(addr string, req []byte, stop time.Time, maxRequests int64, done *atomic.Int64) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.SetDeadline(stop.Add(10 * time.Second)); err != nil {
		return err
	}
	r := bufio.NewReader(c)
	for time.Now().Before(stop) && done.Load() < maxRequests {
		if _, err := c.Write(req); err != nil {
			return err
		}
		if err := readResponse(r); err != nil {
			return err
		}
		done.Add(1)
	}
	return nil
}

var errStatus = errors.New("answer is not 200")

// readResponse reads one HTTP/1.1 answer with a Content-Length.
func readResponse(r *bufio.Reader) error {
	status, err := r.ReadSlice('\n')
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(status, []byte("HTTP/1.1 200 ")) {
		return fmt.Errorf("%w: %q", errStatus, status)
	}
	n := 0
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) <= 2 {
			break
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(k, []byte("Content-Length")) {
			if n, err = strconv.Atoi(string(bytes.TrimSpace(v))); err != nil {
				return err
			}
		}
	}
	_, err = r.Discard(n)
	return err
}
