package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/httpserver"
	"github.com/smartcorekit/smartcore/internal/redact"
	"github.com/smartcorekit/smartcore/webhook"
)

// listenMemoryLimit is listen's soft memory limit: it holds 3,000 slow
// connections (about 50 MB live) under 100 MB of resident memory.
const listenMemoryLimit = 72 << 20

func runListen(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("listen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8081", "address to listen on")
	path := fs.String("path", "/webhooks/smartcore", "path that receives callbacks")
	secretFlag := addSecretFlag(fs, "merchant secret")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore listen [--addr HOST:PORT] [--path P] [--secret S]\n\nReceives callbacks; prints each verified one as a JSON line on stdout, rejections on stderr.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagsExit(err)
	}
	if fs.NArg() > 0 {
		// An address given without --addr would otherwise be ignored.
		fmt.Fprintf(stderr, "smartcore listen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	secret := secretFlag.get()
	if !strings.HasPrefix(*path, "/") {
		fmt.Fprintln(stderr, "smartcore listen: --path must start with /")
		return 2
	}
	var mu sync.Mutex // one JSON line at a time
	enc := json.NewEncoder(stdout)
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		mu.Lock()
		defer mu.Unlock()
		return enc.Encode(printable(cb))
	}), webhook.Options{
		Secrets: []string{secret},
		Logger:  slog.New(slog.NewTextHandler(stderr, nil)),
	})
	if err != nil {
		fmt.Fprintln(stderr, "smartcore listen:", err)
		return 2
	}
	mux := http.NewServeMux()
	mux.Handle(*path, h)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore listen:", plainError(err))
		return 1
	}
	fmt.Fprintf(stderr, "smartcore listen: receiving callbacks at http://%s%s\n", ln.Addr(), *path)
	// Only the gateway (or trigger) calls this server: callback-sized
	// headers, and every read, write and idle wait bounded.
	srv := httpserver.New(mux, httpserver.CallbackHeaderBytes)
	// net/http keeps about 15 KB per open connection, and the collector
	// lets the heap grow to twice what is live before it runs: thousands
	// of slow clients would double the process in garbage. A soft limit
	// makes it run sooner instead; $GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(listenMemoryLimit))
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "smartcore listen:", err)
		return 1
	}
	return 0
}

// printable is the callback as listen prints it: the typed fields, and every
// received field by name, each value whole except where card data may be
// (see printedValue), since stdout often ends up in a log.
func printable(cb *smartcore.Callback) any {
	received := webhook.Fields(cb)
	fields := make(map[string]string, len(received))
	for _, f := range received {
		fields[f.Key] = printedValue(f.Key, f.Value)
	}
	out := *cb
	out.Extra = nil
	out.Message = printedValue("message", cb.Message)
	return struct {
		smartcore.Callback
		Fields map[string]string `json:"fields"`
	}{out, fields}
}

// printedValue returns the value of the parameter key as listen prints it.
// Only card fields are masked, by name (the kit's one rule, shared with the
// client: internal/redact.Member): card numbers in a parameter named for a
// card or a PAN (the callback's card_number, a request's
// customer_card_number, card.number, a wallet's dpan), a CVV whole, and
// card numbers in the gateway's free-text message (as Callback.LogValue
// does). Every other value prints as received, so that an orderId or rrn
// that happens to be a Luhn-valid run of digits is not mangled.
func printedValue(key, value string) string {
	if strings.EqualFold(key, "message") {
		return smartcore.MaskCardNumbers(value)
	}
	return redact.Member(key, value)
}
