package demoshop

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/internal/httpserver"
	"github.com/smartcorekit/smartcore/sandbox"
)

// Config is what an example's framework wiring needs, already resolved:
// [Run] takes it from the embedded sandbox, the tests
// (package demoshoptest) from sandboxtest.NewServer.
type Config struct {
	// Gateway makes the payment calls; the sandbox's *client.Client.
	Gateway checkout.Gateway
	// Secret verifies the callbacks.
	Secret string
	// PublicURL is the shop's base URL as browsers and the gateway reach
	// it; the return and callback URLs are built from it.
	PublicURL string
	// SandboxHost is the sandbox's host:port, whose payment form may be
	// reached over plain http.
	SandboxHost string
}

// NewHandler is an example's framework wiring: it builds the shop's
// handler (the routes of the package documentation of each example) from
// cfg. It is called once per shop.
type NewHandler func(cfg Config) (http.Handler, error)

// DefaultAddr is where a shop listens unless told otherwise with -addr.
const DefaultAddr = "127.0.0.1:8080"

// Main is an example's whole main function: it calls [Run] with the
// process's command line and standard streams and a context that ends on
// SIGINT or SIGTERM, then exits with Run's status.
func Main(newHandler NewHandler) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args, os.Stdout, os.Stderr, newHandler)
	stop()
	os.Exit(code)
}

// Run is an example shop's command line. args is the command line with the
// program's name first, as in os.Args; the only flag is -addr, the address
// the shop listens on ([DefaultAddr]), and no other argument is accepted.
//
// Run starts an embedded SmartCore sandbox on a free loopback port, listens
// on the address, builds the shop's handler with newHandler, prints the
// banner every demo shop prints ([Banner]: the shop's URL, the test cards,
// the orders page and the sandbox's dashboard) to stdout, and serves until
// ctx ends, answering only 127.0.0.1, localhost and ::1 on its port (421
// Misdirected Request for any other Host, against DNS rebinding), with the
// connection caps of internal/httpserver and a soft memory limit
// (httpserver.LimitMemory); then it shuts the shop down gracefully
// (waiting up to 5 seconds for requests in flight) and closes the sandbox.
//
// It returns the process's exit status: 0 after ctx ended and the shop shut
// down, or for -h (the usage goes to stderr); 2 for a command line it does
// not accept, with the usage on stderr; 1 when the shop could not start or
// stopped serving, with the reason on stderr ("port 8080 is in use: pass
// -addr ..." when the address is taken).
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, newHandler NewHandler) int {
	name := "shop"
	if len(args) > 0 {
		name, args = filepath.Base(args[0]), args[1:]
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", DefaultAddr, "address the shop listens on")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2 // fs.Parse printed the error and the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if err := serve(ctx, *addr, stdout, newHandler); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	return 0
}

// DialableAddr turns a listening address into one a browser can open, and
// the sandbox will send callbacks to: a wildcard host ("0.0.0.0", "[::]")
// becomes 127.0.0.1.
func DialableAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}

// serve starts the sandbox and the shop on addr, prints the shop's URL to
// out and serves until ctx ends.
func serve(ctx context.Context, addr string, out io.Writer, newHandler NewHandler) error {
	// A command: a soft memory limit, with room for the sandbox's store.
	defer httpserver.LimitMemory(sandbox.DefaultMaxTransactions * httpserver.SandboxTransactionBytes)()
	sb, err := sandbox.Start(sandbox.Options{MerchantName: ShopName}, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer sb.Close()
	ln, err := Listen(addr)
	if err != nil {
		return err
	}
	url := "http://" + DialableAddr(ln.Addr())
	h, err := newHandler(Config{
		Gateway:     sb.Client,
		Secret:      sb.Secret,
		PublicURL:   url,
		SandboxHost: strings.TrimPrefix(sb.URL, "http://"),
	})
	if err != nil {
		_ = ln.Close()
		return err
	}
	// A browser-facing server: room for cookies, every read, write and
	// idle wait bounded (see internal/httpserver for the values and why).
	// Only its own names are answered (421 otherwise), against DNS
	// rebinding: loopback ones on its port.
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	srv := httpserver.New(httpserver.NewHosts(port, url).Handler(h), httpserver.BrowserHeaderBytes)
	Banner(out, url, "the embedded SmartCore sandbox at "+sb.URL+" (no real money, no network)", sb.URL+"/")
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
