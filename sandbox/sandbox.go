package sandbox

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/internal/control"
	"github.com/smartcorekit/smartcore/sandbox/internal/dashboard"
	"github.com/smartcorekit/smartcore/sandbox/internal/journal"
	"github.com/smartcorekit/smartcore/sandbox/internal/pages"
)

// Errors returned by the Go API ([Sandbox.Complete], [Sandbox.Redeliver],
// ...); test with errors.Is.
var (
	// ErrUnknownOrder: no transaction has that order id, refund id or
	// processing id.
	ErrUnknownOrder = errors.New("sandbox: unknown order")
	// ErrNotPending: the transaction is not waiting for a customer (it is
	// final, authorized, or was never pending).
	ErrNotPending = errors.New("sandbox: transaction is not pending")
	// ErrNoCallback: the transaction has no callback to send again (no
	// status change yet, or no callback_url).
	ErrNoCallback = errors.New("sandbox: no callback to send")
	// ErrClosed: the sandbox was closed.
	ErrClosed = errors.New("sandbox: closed")
)

// Sandbox emulates the SmartCore gateway in memory. It is an http.Handler
// serving the gateway host's endpoints at /… and the PCI DSS host's under
// /pci/…, plus the hosted pages customers see. Each Sandbox has its own
// store, so parallel tests never share state. It is safe for concurrent use.
// Make one with [New] (or sandboxtest.NewServer in tests); call Close when
// done.
type Sandbox struct {
	cfg settings

	mu sync.Mutex // guards st, faults and every transaction
	st *store
	fl []*faultRule

	cb *deliverer

	flow flows // waits on the clock and card uses (flow.go); guarded by mu

	api   map[string]endpoint // path without the /pci prefix
	pages http.Handler        // the hosted pages (package pages)
	dash  http.Handler        // the dashboard (package dashboard)
	ctl   http.Handler        // the control API (package control)
	jr    journal.Journal     // requests and state changes, for the dashboard
}

// New returns a Sandbox configured by opts (see [Options] for defaults).
// It never fails: every option has a usable default.
func New(opts Options) *Sandbox {
	cfg := opts.settings()
	s := &Sandbox{cfg: cfg, st: newStore()}
	s.cb = newDeliverer(cfg)
	s.cb.observer = opts.Observer
	s.api = s.endpoints()
	s.pages = pages.New(gateway{s}, testCards, s.cfg.merchantName)
	s.dash = dashboard.New(gateway{s}, dashboard.Errors{NoCallback: ErrNoCallback, NotPending: ErrNotPending, UnknownOrder: ErrUnknownOrder})
	s.ctl = control.New(controller{s}, control.Errors{NoCallback: ErrNoCallback, NotPending: ErrNotPending, UnknownOrder: ErrUnknownOrder})
	return s
}

// Close stops every pending callback retry and cancels the deliveries in
// flight, then waits for them to return. Requests served afterwards still
// work, but their callbacks are only recorded, never sent. It returns nil.
func (s *Sandbox) Close() error {
	s.stopWaits() // flow.go: no form expires, nothing settles, after Close
	s.cb.close()
	return nil
}

// MerchantKey returns the merchant key the sandbox accepts.
func (s *Sandbox) MerchantKey() string { return s.cfg.key }

// Secret returns the secret the sandbox accepts and signs callbacks with.
func (s *Sandbox) Secret() string { return s.cfg.secret }

// ServeHTTP routes a request: API endpoints (POST, JSON, Basic auth) on
// both hosts, then, on the gateway host, the control API (/test-helpers/),
// the dashboard and the hosted pages. Anything else is answered 404 with a
// JSON error, and a request whose Host the sandbox does not serve 421 (see
// Options.BaseURL).
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.cfg.hosts.Allow(r) {
		const msg = "the sandbox answers only loopback host names (127.0.0.1, localhost, ::1) and its public URL (Options.BaseURL, --public-url)"
		if control.Serves(r.URL.Path) {
			control.Misdirected(w, msg)
		} else {
			writeError(w, http.StatusMisdirectedRequest, CodeMisdirected, msg)
		}
		return
	}
	path, pci := r.URL.Path, false
	if path == "/pci" || strings.HasPrefix(path, "/pci/") {
		path, pci = strings.TrimPrefix(path, "/pci"), true
	}
	if ep, ok := s.api[path]; ok {
		s.serveAPI(w, r, path, pci, ep)
		return
	}
	if pci {
		writeError(w, http.StatusNotFound, CodeNotFound, "no such endpoint on the PCI DSS host")
		return
	}
	if control.Serves(path) {
		s.ctl.ServeHTTP(w, r) // it asks for the credentials itself, in its own error shape
		return
	}
	if dashboard.Serves(path) {
		if !s.consoleAllowed(w, r, s.cfg.remote) {
			return
		}
		s.dash.ServeHTTP(w, r)
		return
	}
	s.pages.ServeHTTP(w, r)
}

// Order returns a snapshot of the transaction with the given merchant
// order id, refund id or processing id, and false when there is none (or
// it was evicted; see Options.MaxTransactions).
func (s *Sandbox) Order(orderID string) (Transaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.find(orderID)
	if t == nil {
		return Transaction{}, false
	}
	return t.snapshot(), true
}

// Transactions returns snapshots of every transaction the sandbox still
// holds (evicted ones are gone; see Options.MaxTransactions), oldest first.
func (s *Sandbox) Transactions() []Transaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.all()
}

// Balance returns a payout account's balance in cents; an account never
// used has the initial Options.PayoutBalance.
func (s *Sandbox) Balance(account string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.payoutBalance(account, s.cfg.payoutBalance)
}

// SetBalance sets a payout account's balance in cents, for tests of
// insufficient funds. A negative balance is stored as zero.
func (s *Sandbox) SetBalance(account string, cents int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.balance[account] = max(cents, 0)
}

// Flush waits until no callback delivery is in flight or due: every
// callback queued so far has been answered, refused or given up, or is
// waiting for a retry that the clock has not reached (advance a
// [FakeClock] and Flush again). It returns ctx's error if ctx ends first.
func (s *Sandbox) Flush(ctx context.Context) error { return s.cb.flush(ctx) }

// Idle reports whether no callback delivery is in flight or due; see Flush.
func (s *Sandbox) Idle() bool { return s.cb.idle() }

// Deliveries returns the delivery log of an order (merchant order id or
// refund id): one entry per attempt, refused callbacks included, oldest
// first. Only the last [DeliveryLogLimit] (100) attempts of an order are
// kept; older ones are dropped. It returns nil for an order without
// deliveries.
func (s *Sandbox) Deliveries(orderID string) []delivery.Attempt { return s.cb.log(orderID) }
