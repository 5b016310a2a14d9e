// Package shop is the demo web shop that takes card payments through the
// SmartCore gateway's hosted payment form, wired from this kit's pieces:
// checkout (start the payment, redirect to the form), webhook (verified,
// de-duplicated callbacks), the client's Check (reconcile an order whose
// callback has not arrived yet) and sandbox (an in-process gateway).
//
// [Run] is the whole program; examples/shop is its command. From the
// repository root:
//
//	go run ./examples/shop
//
// needs no flags, credentials or network: it starts the embedded sandbox on
// 127.0.0.1 (a free port), serves the shop on http://127.0.0.1:8080/ and
// prints the URL to open with the test cards:
//
//	4012000000003010  succeeds without a challenge
//	4003830171874018  asks for 3-D Secure: Approve succeeds, Decline or Cancel fails
//	any other card    is declined (e.g. 4000000000000002)
//
// Pages: / (the product and its Pay button), /success and /fail (where the
// gateway sends the customer back; they show the order's real status),
// /orders (every order with its status and callback history) and
// /orders/{id}. Callbacks arrive at POST /webhooks/smartcore. Orders live in
// memory, at most 10,000 of them (the oldest settled ones go first), and
// are gone when the shop stops. POST /checkout is rate limited per client
// address and, like any state-changing request but the webhook, refused
// when it comes from another site's page.
//
// # Flags
//
//	-addr HOST:PORT          where the shop listens (default 127.0.0.1:8080)
//	-sandbox=false           do not start the embedded sandbox
//	-sandbox-addr HOST:PORT  where the embedded sandbox listens (default 127.0.0.1:0)
//
// Both addresses must be loopback ones (127.0.0.0/8, ::1, localhost; a
// host left out, as in ":8080", is every interface): the shop lists every
// order, and the embedded sandbox runs with the document's public secret
// and a dashboard that asks for no credentials, so the demo refuses to be
// reachable from other hosts (exit 2, saying which flag) and has no
// option to allow it. "smartcore sandbox --allow-remote" is the gateway
// emulator for other machines; a tunnel to the loopback port, with
// SMARTCORE_PUBLIC_URL, reaches the shop.
//
// # Another gateway
//
// Pointing the shop at the real gateway, or at a sandbox of your own, is
// configuration only:
//
//	SMARTCORE_MERCHANT_KEY, SMARTCORE_SECRET  the merchant's credentials; when either is
//	                          set the embedded sandbox is not started (set both)
//	SMARTCORE_BASE_URL        gateway host (default https://api-gateway.smartcore.pro)
//	SMARTCORE_PCI_BASE_URL    PCI DSS host (default https://chd-api.smartcore.pro);
//	                          the shop sends no card data, the customer types it on the form
//	SMARTCORE_ACCOUNT         merchant account (default EUR-sandbox)
//	SMARTCORE_PUBLIC_URL      the shop's externally reachable base URL, scheme and host
//	                          only (https://shop.example), from which the success, fail
//	                          and callback URLs are built (default http:// plus the
//	                          -addr address)
//
// The shop answers only its own Host names: 127.0.0.1, localhost or ::1 on
// its port, and SMARTCORE_PUBLIC_URL's host (421 Misdirected Request
// otherwise, against DNS rebinding); behind a tunnel or another port, set
// SMARTCORE_PUBLIC_URL. It holds at most 1,024 connections waiting for a
// request's headers and 4,096 in all, and sets a soft memory limit of
// about 256 MB, room for the embedded sandbox's full store ($GOMEMLIMIT
// overrides it).
//
// The gateway must be able to reach SMARTCORE_PUBLIC_URL/webhooks/smartcore
// to deliver callbacks; when it cannot, the return pages still learn the
// outcome with Check. The form_url must be https on payment.smartcore.pro,
// except for a plain-http SMARTCORE_BASE_URL on loopback, such as
// "go run ./cmd/smartcore sandbox" on 127.0.0.1:8090, whose pages are then
// allowed too:
//
//	SMARTCORE_BASE_URL=http://127.0.0.1:8090 SMARTCORE_PCI_BASE_URL=http://127.0.0.1:8090/pci \
//	  go run ./examples/shop -sandbox=false
//
// With -sandbox=false and no credentials the shop uses the document's
// sandbox credentials, "test" and "qwerty".
package shop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/internal/httpserver"
	"github.com/smartcorekit/smartcore/sandbox"
)

// Run is the shop's command without the process: it parses args (the flags
// above) and the environment, serves the shop until ctx is done and returns
// the exit code (2 for a usage or configuration error), so that a main
// function and tests can run the whole program. name is the command's, in
// its usage line and before its errors ("shop", "smartcore demo").
func Run(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseConfig(name, args, os.Getenv, stderr)
	switch {
	case errors.Is(err, errHelp):
		return 0
	case err != nil:
		fmt.Fprintln(stderr, name+":", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	// A command: a soft memory limit, with room for an embedded sandbox's store.
	defer httpserver.LimitMemory(sandbox.DefaultMaxTransactions * httpserver.SandboxTransactionBytes)()

	// Listen first: with port 0 the public URL, which the gateway is given
	// for the callbacks, is only known once the port is.
	ln, err := demoshop.Listen(cfg.Addr)
	if err != nil {
		fmt.Fprintln(stderr, name+":", err)
		return 1
	}
	public := cfg.PublicURL
	if public == "" {
		public = "http://" + demoshop.DialableAddr(ln.Addr())
	}
	gw, err := connect(cfg)
	if err != nil {
		_ = ln.Close()
		fmt.Fprintln(stderr, name+":", err)
		return 1
	}
	defer func() { _ = gw.close() }()

	s, err := New(Config{Client: gw.client, Secret: gw.secret, Account: cfg.Account,
		PublicURL: public, SandboxHosts: gw.sandboxHosts, Logger: logger, Dashboard: gw.dashboard})
	if err != nil {
		_ = ln.Close()
		fmt.Fprintln(stderr, name+":", err)
		return 1
	}
	// A browser-facing server that also receives the callbacks: room for
	// cookies, every read, write and idle wait bounded (the values and why
	// are in internal/httpserver).
	// Only its own names are answered (421 otherwise), against DNS
	// rebinding: loopback ones on its port, and SMARTCORE_PUBLIC_URL's.
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	srv := httpserver.New(httpserver.NewHosts(port, public).Handler(s), httpserver.BrowserHeaderBytes)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		// Requests in flight (a callback being processed) get a moment to end.
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	demoshop.Banner(stdout, public, gw.describe, gw.dashboard)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, name+":", err)
		return 1
	}
	<-stopped // Serve returns as soon as Shutdown starts, not when it is done
	return 0
}

// gateway is what run connects the shop to.
type gateway struct {
	client       *client.Client
	secret       string   // verifies callbacks
	sandboxHosts []string // gateway hosts whose pages may be plain http
	describe     string   // for the start-up message
	dashboard    string   // a sandbox's dashboard URL, "" for a real gateway
	close        func() error
}

// connect starts the embedded sandbox, or builds a client for the gateway
// the configuration names.
func connect(cfg config) (*gateway, error) {
	if cfg.Sandbox {
		sb, err := sandbox.Start(sandbox.Options{MerchantName: demoshop.ShopName}, cfg.SandboxAddr)
		if err != nil {
			return nil, err
		}
		return &gateway{client: sb.Client, secret: sb.Secret, sandboxHosts: []string{hostOf(sb.URL)},
			describe:  "the embedded SmartCore sandbox at " + sb.URL + " (no real money, no network)",
			dashboard: sb.URL + "/",
			close:     sb.Close}, nil
	}
	key, secret := cfg.MerchantKey, cfg.Secret
	if key == "" && secret == "" {
		key, secret = smartcore.SandboxMerchantKey, smartcore.SandboxSecret
	}
	var opts []client.Option
	base := client.DefaultBaseURL
	if cfg.BaseURL != "" {
		base = cfg.BaseURL
		opts = append(opts, client.WithBaseURL(cfg.BaseURL))
	}
	if cfg.PCIBaseURL != "" {
		opts = append(opts, client.WithPCIBaseURL(cfg.PCIBaseURL))
	}
	apiClient, err := client.New(key, secret, opts...)
	if err != nil {
		return nil, err
	}
	var hosts []string
	dashboard := ""
	if h := loopbackSandboxHost(base); h != "" {
		hosts = []string{h}
		dashboard = "http://" + h + "/" // a "smartcore sandbox" of the developer's
	}
	return &gateway{client: apiClient, secret: secret, sandboxHosts: hosts, dashboard: dashboard,
		describe: "the SmartCore gateway at " + base + " (merchant " + key + ")",
		close:    func() error { return nil }}, nil
}
