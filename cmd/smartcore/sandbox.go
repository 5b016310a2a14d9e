package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

// runSandbox serves an in-memory SmartCore gateway (package sandbox) until
// ctx is done: both hosts, the hosted pages and the callbacks, for local
// development against the kit's client or any other.
func runSandbox(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8090", "address to listen on")
	key := fs.String("merchant-key", smartcore.SandboxMerchantKey, "merchant key the sandbox accepts")
	secretFlag := addSecretFlag(fs, "secret the sandbox accepts and signs callbacks with")
	balance := fs.Int64("balance", sandbox.DefaultPayoutBalance, "initial payout balance of every account, in cents")
	maxTxns := fs.Int("max-transactions", sandbox.DefaultMaxTransactions,
		"transactions kept in memory (about 1.5 KB each); beyond it the least recently used one is evicted")
	verbose := fs.Bool("v", false, "log every request and callback attempt to stderr (never card data)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore sandbox [--addr HOST:PORT] [--merchant-key K] [--secret S] [--balance CENTS]\n"+
			"                        [--max-transactions N] [-v]\n\n"+
			"Serves an in-memory SmartCore gateway: the API on both hosts, the hosted payment and\n"+
			"3-D Secure pages, and signed callbacks (to loopback callback_url hosts only).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	secret := secretFlag.get()
	shownSecret := secret
	if secretFlag.fromEnv() {
		shownSecret = "(from $SMARTCORE_SECRET)" // not echoed: it may be a real one
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "smartcore sandbox: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *key == "" || secret == "" {
		fmt.Fprintln(stderr, "smartcore sandbox: --merchant-key and --secret must not be empty")
		return 2
	}
	if *balance < 0 {
		fmt.Fprintln(stderr, "smartcore sandbox: --balance must not be negative")
		return 2
	}
	if *maxTxns <= 0 {
		fmt.Fprintln(stderr, "smartcore sandbox: --max-transactions must be positive")
		return 2
	}
	opts := sandbox.Options{MerchantKey: *key, Secret: secret, PayoutBalance: *balance, MaxTransactions: *maxTxns}
	if *balance == 0 {
		opts.PayoutBalance = -1 // Options reads 0 as "default"; -1 is an empty balance
	}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	srv, err := sandbox.Start(opts, *addr)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore sandbox:", err)
		return 1
	}
	fmt.Fprintf(stdout, `SmartCore sandbox running
  merchant key:  %s
  secret:        %s
  gateway URL:   %s      (smartcore.WithBaseURL)
  PCI DSS URL:   %s  (smartcore.WithPCIBaseURL)
Test cards: %s succeeds, %s asks for 3-D Secure, any other is declined.
Callbacks are sent to loopback callback_url hosts only. Stop with Ctrl-C.
`, *key, shownSecret, srv.URL, srv.PCIURL, sandbox.CardSuccess, sandbox.CardChallenge)
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "smartcore sandbox:", err)
		return 1
	}
	return 0
}
