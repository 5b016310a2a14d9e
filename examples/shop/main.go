// Command shop is a demo web shop that takes card payments through the
// SmartCore gateway's hosted payment form, wired from this kit's pieces:
// checkout, webhook, the client's Check and an embedded sandbox. From the
// repository root:
//
//	go run ./examples/shop
//
// needs no flags, credentials or network: it starts the embedded sandbox on
// 127.0.0.1, serves the shop on http://127.0.0.1:8080/ and prints the URL to
// open with the test cards. Its code, flags and environment variables are
// documented in the root module's internal/demoshop/shop package, which the
// smartcore command can serve too; this module adds the browser tests.
//
// # Tests
//
// The example shops (this one, and examples/gin, examples/echo and
// examples/chi) share one set of pages; a pending order's page reloads
// until the callback arrives, and a failed one offers "Try another card".
// The browser test (go test ./examples/shop/) drives Chromium through the
// shop when it is installed, and saves screenshots of each page at 390 px
// and 1280 px to $SMARTCORE_SCREENSHOTS (default
// $TMPDIR/smartcore-screenshots).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/smartcorekit/smartcore/internal/demoshop/shop"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := shop.Run(ctx, "shop", os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
