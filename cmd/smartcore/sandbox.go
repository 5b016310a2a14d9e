package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/httpserver"
	"github.com/smartcorekit/smartcore/sandbox"
)

// runSandbox serves an in-memory SmartCore gateway (package sandbox) until
// ctx is done: both hosts, the hosted pages, the dashboard and the
// callbacks, for local development against the kit's client or any other.
func runSandbox(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseSandboxFlags(args, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0 // -h: the usage was asked for
	case errors.Is(err, errFlagsShown):
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "smartcore sandbox:", err)
		return 2
	}
	// A soft memory limit, as listen has, with room for a full store;
	// $GOMEMLIMIT overrides it. Never in sandbox.Start, which runs inside
	// a program of its own.
	defer httpserver.LimitMemory(int64(cfg.opts.MaxTransactions) * httpserver.SandboxTransactionBytes)()
	srv, err := sandbox.Start(cfg.opts, cfg.addr)
	if err != nil {
		fmt.Fprintln(stderr, "smartcore sandbox:", plainError(err))
		return 1
	}
	fmt.Fprintf(stdout, `SmartCore sandbox running
  merchant key:  %s
  secret:        %s
  gateway URL:   %s      (client.WithBaseURL)
  PCI DSS URL:   %s  (client.WithPCIBaseURL)
  dashboard:     %s/     (transactions, callbacks, resend/settle/expire)
  control API:   %s/test-helpers/  (JSON, the same credentials; see --help)
Test cards: %s succeeds, %s asks for 3-D Secure, any other is declined.
Callbacks are sent to loopback callback_url hosts only. Stop with Ctrl-C.
`, cfg.opts.MerchantKey, cfg.shownSecret, srv.URL, srv.PCIURL, srv.URL, srv.URL, sandbox.CardSuccess, sandbox.CardChallenge)
	if cfg.opts.BaseURL != "" {
		fmt.Fprintf(stdout, "Public URL: %s (form_url is built from it)\n", cfg.opts.BaseURL)
	}
	if cfg.opts.Remote {
		fmt.Fprintln(stdout, "Reachable from other hosts (--allow-remote): the dashboard asks for the merchant key and secret.")
	}
	<-ctx.Done()
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "smartcore sandbox:", err)
		return 1
	}
	return 0
}

// sandboxConfig is what the sandbox command's flags ask for.
type sandboxConfig struct {
	opts        sandbox.Options
	addr        string
	shownSecret string // the secret as the banner may show it
}

// errFlagsShown is parseSandboxFlags' answer when the flag package has
// already told the user (an unknown or malformed flag, -h).
var errFlagsShown = errors.New("bad flags, usage shown")

// parseSandboxFlags reads the sandbox command's flags into the Options the
// sandbox starts with; stderr receives the usage and, with -v, the log. It
// returns errFlagsShown when the flag package already complained, or an
// error naming the flag whose value is refused, for a one-line message.
// Every flag's default is what the zero sandbox.Options gives.
func parseSandboxFlags(args []string, stderr io.Writer) (sandboxConfig, error) {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8090", "address to listen on (a loopback one unless --allow-remote)")
	key := fs.String("merchant-key", smartcore.SandboxMerchantKey, "merchant key the sandbox accepts")
	secretFlag := addSecretFlag(fs, "secret the sandbox accepts and signs callbacks with")
	balance := fs.Int64("balance", sandbox.DefaultPayoutBalance, "initial payout balance of every account, in cents")
	maxTxns := fs.Int("max-transactions", sandbox.DefaultMaxTransactions,
		"transactions kept in memory (about 1.5 KB each); beyond it the least recently used one is evicted")
	settleNow := fs.Bool("settle-immediately", false,
		"settle host-to-host payments and frictionless authorizations within their answer, without the browser step")
	pending := fs.Bool("pending", false,
		"make every capture, cancel, refund, recurrent charge and withdrawal go pending (else only amounts ending in 77 cents)")
	pendingDelay := fs.Duration("pending-delay", sandbox.DefaultPendingDelay,
		"how long a pending operation takes to settle")
	formTimeout := timeoutFlag{d: sandbox.DefaultFormTimeout}
	fs.Var(&formTimeout, "form-timeout",
		"how long a hosted form waits before FORM_TIMEOUT_PROCESSING_ERROR: a `duration`, or never")
	threeDSTimeout := timeoutFlag{d: sandbox.DefaultThreeDSTimeout}
	fs.Var(&threeDSTimeout, "3ds-timeout",
		"how long a 3-D Secure step waits before 3DS_(REDIRECT_)TIMEOUT_PROCESSING_ERROR: a `duration`, or never")
	cardTimeLimit := fs.Bool("card-time-limit", false,
		fmt.Sprintf("decline a card used by another payment less than %d seconds before (CARD_TIME_LIMIT_PROCESSING_ERROR)",
			int(sandbox.CardTimeLimit/time.Second)))
	minimal := fs.Bool("minimal-callbacks", false,
		"send callbacks with only the parameters the document requires: orderId, status, amount and sign")
	requireRecur := fs.Bool("require-recurrent-flag", false,
		`refuse (409) a recurrent charge whose parent payment was not created with "recurrent": true`)
	clock := fs.String("clock", "real", "real, or manual: time moves only by POST /test-helpers/clock/advance, which also\n"+
		"holds form and 3-D Secure expiry, pending operations and callback retries until moved")
	merchantName := fs.String("merchant-name", "",
		"the shop's name on the hosted payment pages (default: the host of each order's merchant_site)")
	verbose := fs.Bool("v", false, "log every request and callback attempt to stderr (never card data)")
	allowRemote := fs.Bool("allow-remote", false,
		"allow a non-loopback --addr or --public-url: other hosts may then use the sandbox. Needs a --secret of\n"+
			"your own (not the document's public "+smartcore.SandboxSecret+"); the dashboard then asks for the merchant key and\n"+
			"secret and hides what callback hosts answered")
	publicURL := fs.String("public-url", "",
		"the `URL` clients and browsers reach the sandbox at (a tunnel, a container's published port),\n"+
			"scheme://host[:port]: form_url and the other URLs are built from it, and its host is answered\n"+
			"besides 127.0.0.1, localhost and ::1 on the listening port (any other Host: 421) (default http://ADDR)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: smartcore sandbox [--addr HOST:PORT] [--merchant-key K] [--secret S] [--balance CENTS]\n"+
			"                        [--max-transactions N] [--settle-immediately] [--pending]\n"+
			"                        [--pending-delay D] [--form-timeout D|never] [--3ds-timeout D|never]\n"+
			"                        [--card-time-limit] [--require-recurrent-flag] [--minimal-callbacks]\n"+
			"                        [--clock real|manual] [--merchant-name NAME] [-v]\n"+
			"                        [--allow-remote --secret S] [--public-url URL]\n\n"+
			"Serves an in-memory SmartCore gateway: the API on both hosts, the hosted payment and\n"+
			"3-D Secure pages, and signed callbacks (to loopback callback_url hosts only). Its root\n"+
			"URL is a dashboard: the transactions, their callbacks, and buttons to act on them.\n\n"+
			"Safe by default: it listens on loopback only (a non-loopback --addr or --public-url\n"+
			"needs --allow-remote and a --secret of your own; exit 2 otherwise), answers only the\n"+
			"Host names it serves (421 otherwise, against DNS rebinding), holds at most 1,024\n"+
			"connections waiting for a request's headers (beyond, the one waiting longest is\n"+
			"closed) and 4,096 in all, and sets a soft memory limit of 96 MiB plus 1.6 KB per\n"+
			"--max-transactions ($GOMEMLIMIT overrides it).")
		fmt.Fprint(stderr, sandboxHelp)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return sandboxConfig{}, fmt.Errorf("%w: %w", errFlagsShown, err)
	}
	secret := secretFlag.get()
	shownSecret := secret
	if secretFlag.fromEnv() {
		shownSecret = "(from $SMARTCORE_SECRET)" // not echoed: it may be a real one
	}
	switch {
	case fs.NArg() > 0:
		return sandboxConfig{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case *key == "" || secret == "":
		return sandboxConfig{}, errors.New("--merchant-key and --secret must not be empty")
	case *balance < 0:
		return sandboxConfig{}, errors.New("--balance must not be negative")
	case *maxTxns <= 0:
		return sandboxConfig{}, errors.New("--max-transactions must be positive")
	case *clock != "real" && *clock != "manual":
		return sandboxConfig{}, fmt.Errorf("--clock must be real or manual, got %q", *clock)
	case *pendingDelay <= 0:
		// Options would read it as the default: refused rather than ignored.
		return sandboxConfig{}, fmt.Errorf("--pending-delay must be positive, got %s", *pendingDelay)
	}
	base, err := checkExposure(*addr, *publicURL, *allowRemote, secret)
	if err != nil {
		return sandboxConfig{}, err
	}
	if err := formTimeout.check("--form-timeout"); err != nil {
		return sandboxConfig{}, err
	}
	if err := threeDSTimeout.check("--3ds-timeout"); err != nil {
		return sandboxConfig{}, err
	}
	opts := sandbox.Options{
		MerchantKey:          *key,
		Secret:               secret,
		PayoutBalance:        *balance,
		MaxTransactions:      *maxTxns,
		SettleImmediately:    *settleNow,
		Pending:              *pending,
		PendingDelay:         *pendingDelay,
		FormTimeout:          formTimeout.duration(),
		ThreeDSTimeout:       threeDSTimeout.duration(),
		CardTimeLimit:        *cardTimeLimit,
		RequireRecurrentFlag: *requireRecur,
		MinimalCallbacks:     *minimal,
		MerchantName:         *merchantName,
		BaseURL:              base,
		Remote:               *allowRemote,
	}
	if *balance == 0 {
		opts.PayoutBalance = -1 // Options reads 0 as "default"; -1 is an empty balance
	}
	if *clock == "manual" {
		opts.Clock = sandbox.NewFakeClock(time.Now())
	}
	if *verbose {
		opts.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	return sandboxConfig{opts: opts, addr: *addr, shownSecret: shownSecret}, nil
}

// sandboxHelp is the test cards and the control API, for --help; the
// package doc of package sandbox says the same at length.
var sandboxHelp = `
Test cards (payments; any expiry in the future, any CVV):
  ` + sandbox.CardSuccess + `  succeeds (frictionless 3-D Secure)
  ` + sandbox.CardChallenge + `  asks for a 3-D Secure challenge (approve, decline, cancel)
  ` + sandbox.CardInsufficientFunds + `  declined, INSUFFICIENT_FUNDS_PROCESSING_ERROR
  ` + sandbox.CardDoNotHonour + `  declined, DO_NOT_HONOUR_PROCESSING_ERROR
  ` + sandbox.CardLimit + `  declined, LIMIT_PROCESSING_ERROR
  ` + sandbox.CardDeclined + `  declined, EMITTER_DENIAL_PROCESSING_ERROR (as any other card)
Amounts ending in 77 cents make a capture, cancel, refund, recurrent charge or withdrawal pending.
Any of the document's 19 error codes, with any cascadeErrors: POST /test-helpers/declines.

Control API (JSON, Basic auth with the merchant key and secret, POST with
Content-Type: application/json; the dashboard links to its page):
  GET    /test-helpers/orders/{order_id}            the transaction, its refunds and callback attempts
  POST   /test-helpers/orders/{order_id}/complete   {"action": "approve|decline|cancel|abandon", "code", "cascade": [...]}
  POST   /test-helpers/orders/{order_id}/settle     {"outcome": "success|fail", "code", "cascade": [...]}
  POST   /test-helpers/declines                     {"code", "cascade": [...], "amount", "card_number"}: the next matching payment
  POST   /test-helpers/orders/{order_id}/callbacks  {"kind": "resend|duplicate|bad_signature"}
  POST   /test-helpers/faults                       {"kind": "server_error|slow|lost_response", "endpoint", "order_id", "times", "delay_ms", "status_code"}
  DELETE /test-helpers/faults
  POST   /test-helpers/clock/advance                {"seconds": N}, with --clock manual
{order_id} is the order id, a refund_id or the processing id, percent-encoded. Errors:
{"error": {"code": "unknown_order", "message": "..."}}.

`

// checkExposure is the address guard: it refuses a non-loopback --addr or
// --public-url without --allow-remote, and --allow-remote with the
// document's public secret, which anyone may type. It returns the public
// URL without its trailing "/". An --addr it cannot read is left to the
// listener to refuse.
func checkExposure(addr, publicURL string, allowRemote bool, secret string) (string, error) {
	var base string
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
			return "", fmt.Errorf("--public-url %q: want scheme://host[:port], http or https, without a path", publicURL)
		}
		base = strings.TrimSuffix(publicURL, "/")
		if !sandbox.IsLoopbackHost(u.Hostname()) && !allowRemote {
			return "", fmt.Errorf("--public-url %s is not a loopback address: other hosts could use the sandbox; "+
				"add --allow-remote and a --secret of your own", base)
		}
	}
	if host, _, err := net.SplitHostPort(addr); err == nil && !sandbox.IsLoopbackHost(host) && !allowRemote {
		return "", fmt.Errorf("--addr %s is not a loopback address: other hosts could use the sandbox; "+
			"add --allow-remote and a --secret of your own", addr)
	}
	if allowRemote && secret == smartcore.SandboxSecret {
		return "", fmt.Errorf("--allow-remote needs a --secret of your own: %q is the document's public test secret", secret)
	}
	return base, nil
}

// timeoutFlag is a duration flag that also takes "never", which
// Options.FormTimeout and Options.ThreeDSTimeout spell as a negative
// duration. A negative or zero duration typed as such is kept apart from
// "never" so that check can refuse it: Options would read zero as the
// default and a typo such as -15m as "never".
type timeoutFlag struct {
	d     time.Duration
	never bool
}

func (f *timeoutFlag) String() string {
	if f.never {
		return "never"
	}
	return f.d.String()
}

func (f *timeoutFlag) Set(v string) error {
	if v == "never" {
		f.d, f.never = 0, true
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return errors.New(`want a duration such as 90s or 15m, or "never"`)
	}
	f.d, f.never = d, false
	return nil
}

// check refuses a duration that is not positive, naming the flag.
func (f *timeoutFlag) check(name string) error {
	if !f.never && f.d <= 0 {
		return fmt.Errorf("%s must be positive, or never; got %s", name, f.d)
	}
	return nil
}

// duration is the flag's value as Options reads it: negative for never.
func (f *timeoutFlag) duration() time.Duration {
	if f.never {
		return -1
	}
	return f.d
}
