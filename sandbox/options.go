package sandbox

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/httpserver"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
)

// DefaultPayoutBalance is the payout balance, in cents, every account starts
// with when Options.PayoutBalance is zero.
const DefaultPayoutBalance int64 = 1_000_000

// DefaultMaxTransactions is how many transactions a sandbox holds when
// Options.MaxTransactions is zero or negative.
const DefaultMaxTransactions = 100_000

// DefaultRetrySchedule is the wait before each callback retry when
// Options.RetrySchedule is nil: 10s, 30s, 1m, 5m, 15m and 1h, so a callback
// is attempted at most 7 times.
var DefaultRetrySchedule = []time.Duration{
	10 * time.Second, 30 * time.Second, time.Minute,
	5 * time.Minute, 15 * time.Minute, time.Hour,
}

// DefaultFormTimeout is how long a hosted form (the initPayment card form,
// the withdrawal tokenize form) waits for the customer when
// Options.FormTimeout is zero; then it fails with
// FORM_TIMEOUT_PROCESSING_ERROR.
const DefaultFormTimeout = 15 * time.Minute

// DefaultThreeDSTimeout is how long a payment waits for the customer's
// browser at its 3-D Secure step (the frictionless form_url redirect, or a
// challenge) when Options.ThreeDSTimeout is zero; see Options.ThreeDSTimeout.
const DefaultThreeDSTimeout = 10 * time.Minute

// DefaultPendingDelay is how long a pending operation takes to settle when
// Options.PendingDelay is zero.
const DefaultPendingDelay = 10 * time.Second

// CardTimeLimit is the document's minimum time between two transactions of
// one card, enforced when Options.CardTimeLimit is set.
const CardTimeLimit = 60 * time.Second

// callbackTimeout bounds one delivery attempt with the default HTTPClient.
const callbackTimeout = 10 * time.Second

// Options configures [New]. The zero value is ready to use; every field
// documents its default.
type Options struct {
	// MerchantKey and Secret are the only credentials the sandbox accepts
	// (Basic authentication) and Secret signs its callbacks. Default:
	// smartcore.SandboxMerchantKey ("test") and smartcore.SandboxSecret
	// ("qwerty"), the document's.
	MerchantKey, Secret string

	// Clock drives timestamps and the callback retry schedule. Default: the
	// system clock. Use [NewFakeClock] in tests and advance it instead of
	// sleeping.
	Clock Clock

	// HTTPClient delivers callbacks. Its redirect policy is replaced: the
	// sandbox never follows a redirect, which could lead to a host that
	// AllowCallbackHost refuses. Default: a client with a 10s timeout, no
	// proxy and, while AllowCallbackHost is nil, a dialer that refuses any
	// address that is not loopback (never http.DefaultClient).
	HTTPClient *http.Client

	// Logger receives a record per API request and per callback attempt.
	// Card numbers, CVVs, secrets and bodies are never logged. Default:
	// nothing is logged.
	Logger *slog.Logger

	// PayoutBalance is the balance, in cents, each payout account starts
	// with; withdrawals draw on it. Default: DefaultPayoutBalance
	// (1,000,000 cents). A negative value means an empty balance.
	PayoutBalance int64

	// RetrySchedule is the wait before each retry of a callback the host
	// did not answer with 200 (any other status, 2xx included, is
	// retried); its length is the number of retries.
	// Default: DefaultRetrySchedule. An empty non-nil slice disables
	// retries.
	RetrySchedule []time.Duration

	// AllowCallbackHost decides which callback_url hosts the sandbox may
	// contact; a callback to any other host is recorded in the delivery log
	// as refused and never sent. Default: loopback only (127.0.0.0/8, ::1
	// and "localhost"), so that a sandbox can never be used to reach
	// another machine — the document's own examples point at
	// https://site.com/callback.
	AllowCallbackHost func(host string) bool

	// BaseURL is the sandbox's public URL (scheme://host[:port], no path),
	// used in the form_url, acsurl and termUrl it returns, whatever Host a
	// request names. The sandbox answers requests whose Host is a loopback
	// name (see IsLoopbackHost) or BaseURL's host, and refuses any other
	// with 421 Misdirected Request (CodeMisdirected), so that a web page
	// cannot reach it through DNS rebinding. Default: no public URL, so
	// loopback Host names only (on the listening port under [Start], on any
	// port when the Sandbox is served as a handler), and the URLs are built
	// from the request's loopback Host ([Start]: from Server.URL).
	BaseURL string

	// Remote says the sandbox is reachable from other machines ("smartcore
	// sandbox --allow-remote"): its dashboard, like the API, then requires
	// the merchant's Basic credentials (401 without them), and neither the
	// dashboard nor the control API shows what a callback host answered,
	// which could be a service's reply that no other machine should read:
	// no start of the answer (delivery.Attempt.Answer), and for a failed
	// attempt only the class of the error ("connection refused",
	// "timeout", "not an HTTP answer", ...; ErrHostNotAllowed as it is),
	// since Go's errors quote what the host sent. Sandbox.Deliveries and
	// Options.Observer, read by the program itself, keep them. Default
	// false: a loopback sandbox, whose dashboard asks for no credentials.
	Remote bool

	// MaxTransactions bounds the store: once it holds this many
	// transactions (refunds and withdrawals included), each new one first
	// evicts the least recently used transaction, whatever its state, so
	// that the sandbox never stops taking orders; a later reference to an
	// evicted order is answered ORDER_NOT_FOUND saying so. See "Retention"
	// in the package documentation. Default (zero or negative):
	// DefaultMaxTransactions (100,000), about 150 MB of heap with typical
	// requests. It bounds the count, not the bytes: the document sets no
	// length on text fields (purpose, names, addresses), which are kept as
	// sent, so a transaction built from a long request holds up to its
	// 64 KiB body.
	MaxTransactions int

	// Observer, when set, is called after every callback delivery attempt
	// and for every refused delivery (see [delivery.Event]), for metrics;
	// package smartcoreotel provides one for OpenTelemetry. It runs on the
	// delivery's goroutine with a context that Close cancels, and must be
	// safe for concurrent use. Default: nil.
	Observer delivery.Observer

	// SettleImmediately makes a host-to-host payment (initPaymentHost2Host
	// with a card or a wallet DPAN) and an authorize with a frictionless
	// card settle within their answer — status 2, or 1 with
	// authorize_status AUTHORIZED — as unit tests without a browser may
	// want. Default false: the document's flow, status 1 with form_url and
	// responseType REDIRECT, settled when the shopper's browser opens
	// form_url (or Sandbox.Complete). The challenge card and Google Pay
	// PAN_ONLY still wait for 3-D Secure; pending operations (Pending,
	// PendingCents) still wait.
	SettleImmediately bool

	// Pending makes every capture, cancel, refund, recurrent charge and
	// withdrawal answer "processing" (status 1; refund and recurrent:
	// success false) and settle PendingDelay later, with a callback, as the
	// document allows. Default false: only those whose amount ends in
	// PendingCents (…77 cents) go pending; the others settle within their
	// answer.
	Pending bool

	// PendingDelay is how long a pending operation takes to settle on
	// Clock; Sandbox.Settle settles one at once. Default (zero or
	// negative): DefaultPendingDelay (10s).
	PendingDelay time.Duration

	// FormTimeout is how long a hosted form waits for the customer before
	// the transaction fails with FORM_TIMEOUT_PROCESSING_ERROR (status -1,
	// callback sent), on Clock. Default (zero): DefaultFormTimeout (15
	// minutes). Negative: forms never expire.
	FormTimeout time.Duration

	// ThreeDSTimeout is how long a payment waits at its 3-D Secure step,
	// on Clock, before it fails: with 3DS_REDIRECT_TIMEOUT_PROCESSING_ERROR
	// when the customer never opened the page (the form_url of a
	// frictionless payment, or the challenge page), with
	// 3DS_TIMEOUT_PROCESSING_ERROR when the challenge was shown but not
	// answered. Default (zero): DefaultThreeDSTimeout (10 minutes).
	// Negative: never.
	ThreeDSTimeout time.Duration

	// CardTimeLimit enforces the document's "minimum time between card
	// transactions, 60 seconds": a payment or authorize with a card used
	// by another payment less than CardTimeLimit ago is declined with
	// CARD_TIME_LIMIT_PROCESSING_ERROR. Default false, so that tests may
	// reuse the test cards freely.
	CardTimeLimit bool

	// RequireRecurrentFlag refuses (409) a recurrent charge whose parent
	// payment was not created with "recurrent": true. Default false: the
	// document's own example sequence charges a parent created with
	// "recurrent": false, so any successful payment is a valid parent.
	RequireRecurrentFlag bool

	// MinimalCallbacks sends callbacks with only the parameters the
	// document's callback table marks required: orderId, status, amount
	// and sign. The gateway may leave every other one out (type,
	// currency, finalAmount, ...), and a host must still process such a
	// callback. Default false: callbacks carry everything the document's
	// example does.
	MinimalCallbacks bool

	// MerchantName is the shop's name as the hosted pages show it to the
	// shopper (the payment form, 3-D Secure, the result page), with its
	// initial as the logo. Default: the host of the order's merchant_site,
	// without "www." (a name that starts with no letter, such as an IP
	// address, gets no initial).
	MerchantName string
}

// settings is Options with the defaults applied.
type settings struct {
	key, secret   string
	clock         Clock
	http          *http.Client
	logger        *slog.Logger
	payoutBalance int64
	retry         []time.Duration
	allowHost     func(string) bool
	baseURL       string
	hosts         httpserver.Hosts // the Host names answered (Options.BaseURL)
	remote        bool             // Options.Remote
	maxTxns       int
	// The document's flows (flow.go).
	settleNow      bool
	pendingAll     bool
	pendingDelay   time.Duration
	formTimeout    time.Duration // negative: never
	threeDSTimeout time.Duration // negative: never
	cardTimeLimit  bool
	requireRecur   bool
	minimal        bool // MinimalCallbacks
	merchantName   string
}

func (o Options) settings() settings {
	s := settings{
		key:           o.MerchantKey,
		secret:        o.Secret,
		clock:         o.Clock,
		logger:        o.Logger,
		payoutBalance: o.PayoutBalance,
		retry:         o.RetrySchedule,
		allowHost:     o.AllowCallbackHost,
		baseURL:       strings.TrimRight(o.BaseURL, "/"),
		hosts:         httpserver.NewHosts("", o.BaseURL),
		remote:        o.Remote,
		maxTxns:       o.MaxTransactions,

		settleNow:      o.SettleImmediately,
		pendingAll:     o.Pending,
		pendingDelay:   o.PendingDelay,
		formTimeout:    o.FormTimeout,
		threeDSTimeout: o.ThreeDSTimeout,
		cardTimeLimit:  o.CardTimeLimit,
		requireRecur:   o.RequireRecurrentFlag,
		minimal:        o.MinimalCallbacks,
		merchantName:   strings.TrimSpace(o.MerchantName),
	}
	if s.pendingDelay <= 0 {
		s.pendingDelay = DefaultPendingDelay
	}
	if s.formTimeout == 0 {
		s.formTimeout = DefaultFormTimeout
	}
	if s.threeDSTimeout == 0 {
		s.threeDSTimeout = DefaultThreeDSTimeout
	}
	if s.maxTxns <= 0 {
		s.maxTxns = DefaultMaxTransactions
	}
	if s.key == "" {
		s.key = smartcore.SandboxMerchantKey
	}
	if s.secret == "" {
		s.secret = smartcore.SandboxSecret
	}
	if s.clock == nil {
		s.clock = realClock{}
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case s.payoutBalance == 0:
		s.payoutBalance = DefaultPayoutBalance
	case s.payoutBalance < 0:
		s.payoutBalance = 0
	}
	if s.retry == nil {
		s.retry = DefaultRetrySchedule
	}
	s.retry = append([]time.Duration(nil), s.retry...)
	strictDial := s.allowHost == nil
	if s.allowHost == nil {
		s.allowHost = IsLoopbackHost
	}
	s.http = callbackClient(o.HTTPClient, strictDial, s.allowHost)
	return s
}

// IsLoopbackHost is the default Options.AllowCallbackHost: it reports
// whether host (a URL's hostname, without port or brackets) is "localhost"
// or a loopback IP address (127.0.0.0/8, ::1). Any other name, including
// one that resolves to a loopback address, is refused: the decision must
// not depend on DNS.
//
// The same rule decides which Host names a sandbox answers without a
// BaseURL (see Options.BaseURL).
func IsLoopbackHost(host string) bool { return httpserver.IsLoopbackName(host) }

// errNonLoopback is returned by the default dialer for a non-loopback
// address.
var errNonLoopback = errors.New("sandbox: refusing to connect to a non-loopback address")

// errRedirect is a callback redirected to a host that is not allowed.
var errRedirect = errors.New("sandbox: callback redirected to a host that is not allowed")

// callbackClient returns the client callbacks are sent with: a copy of hc
// (or a new default client) that never follows redirects. With strictDial
// the default client's dialer also refuses non-loopback addresses, so that
// "localhost" resolving elsewhere cannot leak a callback off the machine.
func callbackClient(hc *http.Client, strictDial bool, allow func(string) bool) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	} else {
		dialer := &net.Dialer{Timeout: 5 * time.Second}
		if strictDial {
			dialer.Control = func(_, address string, _ syscall.RawConn) error {
				host, _, err := net.SplitHostPort(address)
				if err != nil {
					return err
				}
				if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
					return errNonLoopback
				}
				return nil
			}
		}
		c = http.Client{
			Timeout: callbackTimeout,
			Transport: &http.Transport{
				Proxy:               nil, // a proxy would carry the callback off the machine
				DialContext:         dialer.DialContext,
				MaxIdleConnsPerHost: 4,
				IdleConnTimeout:     30 * time.Second,
			},
		}
	}
	c.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if !allow(req.URL.Hostname()) {
			return errRedirect
		}
		return http.ErrUseLastResponse
	}
	return &c
}
