// Command echo is a one-product shop on echo v5 that takes payments through
// SmartCore's hosted form: the Pay button goes through the kit's checkout
// handler to the payment form, and the gateway's callback, verified by the
// kit's webhook middleware, marks the order paid.
//
// It runs against an embedded SmartCore sandbox on 127.0.0.1 — no account
// needed:
//
//	go run . [-addr 127.0.0.1:8080]
//
// Open the URL it prints, press Pay, and pay on the sandbox's form with the
// test card 4012 0000 0000 3010 (any future expiry, any CVV).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/smartcorekit/smartcore/sandbox"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address the shop listens on")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run starts the sandbox and the shop, prints the shop's URL and serves
// until ctx ends.
func run(ctx context.Context, addr string, out io.Writer) error {
	sb, err := sandbox.Start(sandbox.Options{}, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer sb.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	h, err := newApp(config{
		Gateway:     sb.Client,
		Secret:      sb.Secret,
		PublicURL:   url,
		SandboxHost: strings.TrimPrefix(sb.URL, "http://"),
	})
	if err != nil {
		_ = ln.Close()
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(out, "shop on %s (SmartCore sandbox on %s)\n", url, sb.URL)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
