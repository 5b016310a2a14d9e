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
	"strings"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

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
		fmt.Fprintln(stderr, "smartcore listen:", err)
		return 1
	}
	fmt.Fprintf(stderr, "smartcore listen: receiving callbacks at http://%s%s\n", ln.Addr(), *path)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
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
// received field by name with any full card number in it masked, since
// stdout often ends up in a log.
func printable(cb *smartcore.Callback) any {
	received := cb.Fields()
	fields := make(map[string]string, len(received))
	for _, f := range received {
		fields[f.Key] = smartcore.MaskCardNumbers(f.Value)
	}
	out := *cb
	out.Extra = nil
	return struct {
		smartcore.Callback
		Fields map[string]string `json:"fields"`
	}{out, fields}
}
