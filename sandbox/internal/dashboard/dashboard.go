// Package dashboard serves the sandbox's dashboard, its root page: what
// a developer watches while integrating. GET / lists the transactions, newest first, filtered by
// ?status= (waiting, authorized, succeeded, failed, cancelled, expired:
// the words of the status badges) and ?type= (Payment,
// Refund, Withdrawal, Tokenize); GET /transactions/{id} shows one, by
// processing id, with its requests, state changes and callback attempts;
// POST /transactions/{id}/{action} acts on it (see dashboardActions). Both
// pages refresh themselves every few seconds with a meta refresh (no
// script), unless ?pause=1. Stable ids for browser tests:
//
//	/                    table#transactions, tr#tx-{id} (data-status), a.order
//	/transactions/{id}   #tx-status (data-status), table#attempts with
//	                     tr#attempt-{n} (1 = oldest, data-http = the answer's
//	                     status), ol#timeline, button#action-{action},
//	                     p#done after an action, p#action-error after a refusal
//
// Actions are POST only and refused (403) when the browser says they come
// from another site (Sec-Fetch-Site, else Origin; see
// http.CrossOriginProtection). Nothing on the pages comes from a request
// or callback body beyond the answers' error codes and messages, and card
// numbers are shown masked, as the sandbox stores them.
package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/internal/journal"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// dashboardRefresh is how often the pages reload themselves.
const dashboardRefresh = 3 * time.Second

// maxRefreshes is how many reloads in a row a page makes (five minutes'
// worth) before it stops and offers to resume: a page left open, such as
// one waiting for a shopper who never comes, does not reload for ever.
const maxRefreshes = 100

// dashboardRows bounds the list: the newest matching transactions only.
const dashboardRows = 100

// actionWait bounds how long an action waits for the callback it caused
// to be answered, so that the page it returns to already shows the attempt.
const actionWait = 2 * time.Second

// Serves reports whether the dashboard serves path: the sandbox routes
// these paths to it.
func Serves(path string) bool {
	return path == "/" || strings.HasPrefix(path, "/transactions/")
}

// Gateway is what the dashboard needs of the sandbox's core; the core
// implements it. Transactions are addressed by processing id in URLs and
// by order id in the Go API's calls, as the sandbox's own methods are.
type Gateway interface {
	// List returns the newest limit transactions match accepts, newest
	// first, how many it accepts and how many are held, without marking
	// any used.
	List(match func(layout.Txn) bool, limit int) (rows []layout.Txn, matched, held int)
	// Peek returns a snapshot of the transaction with processing id id
	// without marking it used, and whether it has a callback to send again.
	Peek(id string) (t layout.Txn, resendable, ok bool)
	// Deliveries is the order's delivery log, oldest first.
	Deliveries(orderID string) []delivery.Attempt
	// Journal is the order's requests and state changes, oldest first.
	Journal(orderID string) []journal.Event
	// BaseURL is the gateway host's base URL as the request reached it.
	BaseURL(r *http.Request) string
	// Redeliver, SendDuplicate, SendBadSignature, Complete and Settle
	// are the sandbox's Go API calls of the same names.
	Redeliver(orderID string) error
	SendDuplicate(orderID string) error
	SendBadSignature(orderID string) error
	Complete(orderID string, o Outcome) error
	Settle(orderID string) error
	// Flush waits until no callback delivery is in flight or due.
	Flush(ctx context.Context) error
	// NotFound answers a path that is no page with the API's JSON 404.
	NotFound(w http.ResponseWriter)
}

// Outcome is how an action ends what a transaction waits for.
type Outcome int

// The outcomes, as the sandbox's ShopperAction of the same name.
const (
	Approve Outcome = iota + 1 // 3-D Secure passed
	Decline                    // 3-D Secure refused
	Abandon                    // timed out, as the clock would
)

// Errors are the sandbox's errors an action may return, for wording them.
type Errors struct{ NoCallback, NotPending, UnknownOrder error }

// server serves the dashboard.
type server struct {
	g    Gateway
	errs Errors
}

// New returns the dashboard's handler, for the paths Serves reports.
func New(g Gateway, errs Errors) http.Handler {
	s := &server{g: g, errs: errs}
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.getDashboard)
	m.HandleFunc("GET /transactions/{id}", s.getTransaction)
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renderDashboard(w, http.StatusForbidden, "problem", problemPage{Title: "Refused: another site sent this",
			Message: "The sandbox only takes actions from its own pages, so that no other web page can trigger them. Open the transaction and use its buttons.",
			Back:    backTo(r.PathValue("id"))})
	}))
	m.Handle("POST /transactions/{id}/{action}", csrf.Handler(http.HandlerFunc(s.postAction)))
	m.HandleFunc("GET /transactions/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", http.MethodPost)
		renderDashboard(w, http.StatusMethodNotAllowed, "problem", problemPage{Title: "Use the button",
			Message: "Actions are taken with the buttons on the transaction's page, never by opening a link.",
			Back:    backTo(r.PathValue("id"))})
	})
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			s.g.NotFound(w)
			return
		}
		renderDashboard(w, http.StatusNotFound, "problem", problemPage{Title: "No such page",
			Message: "The dashboard has no page at this address.", Back: backTo("")})
	})
	return m
}

// backTo is the way back from an error: the transaction's page when id
// names one, else the list.
func backTo(id string) dashLink {
	if id != "" {
		return dashLink{URL: "/transactions/" + id, Label: "Back to the transaction"}
	}
	return dashLink{URL: "/", Label: "Back to all transactions"}
}

// listFilter is the list's ?status= and ?type=; "" matches everything.
type listFilter struct{ Status, Type string }

// statusGroups are the list's status filters, by query value.
// A status badge reads its group's label, the same word as the filter,
// and then the details (statusPill).
var statusGroups = []struct{ Value, Label string }{
	{"waiting", "Waiting"}, {"authorized", "Authorized"}, {"succeeded", "Succeeded"}, {"failed", "Failed"},
	{"cancelled", "Cancelled"}, {"expired", "Expired"},
}

// groupLabel is the label of the status group value.
func groupLabel(value string) string {
	for _, g := range statusGroups {
		if g.Value == value {
			return g.Label
		}
	}
	return value
}

// typeNames are the list's type filters, by query value.
var typeNames = []struct {
	Value smartcore.TransactionType
	Label string
}{
	{smartcore.TypePayment, "Payments"}, {smartcore.TypeRefund, "Refunds"},
	{smartcore.TypeWithdrawal, "Payouts"}, {layout.TypeTokenize, "Saved cards"},
}

// statusGroup is the filter value t falls under.
func statusGroup(t layout.Txn) string {
	switch {
	case t.Status == smartcore.StatusSuccess:
		return "succeeded"
	case t.Status == smartcore.StatusFail && (t.Cancelled || t.AuthorizeStatus == layout.AuthorizeCancelled):
		return "cancelled"
	case t.Status == smartcore.StatusFail && timeoutCode(t.ErrorCode):
		return "expired"
	case t.Status == smartcore.StatusFail:
		return "failed"
	case t.AuthorizeStatus == layout.AuthorizeAuthorized:
		return "authorized"
	}
	return "waiting"
}

func (f listFilter) match(t layout.Txn) bool {
	return (f.Status == "" || statusGroup(t) == f.Status) && (f.Type == "" || string(t.Type) == f.Type)
}

// readFilter keeps only the filter values the list offers: anything else
// matches everything, as if absent.
func readFilter(r *http.Request) listFilter {
	var f listFilter
	q := r.URL.Query()
	for _, g := range statusGroups {
		if q.Get("status") == g.Value {
			f.Status = g.Value
		}
	}
	for _, n := range typeNames {
		if q.Get("type") == string(n.Value) {
			f.Type = string(n.Value)
		}
	}
	return f
}

func (s *server) getDashboard(w http.ResponseWriter, r *http.Request) {
	f := readFilter(r)
	rows, matched, held := s.g.List(f.match, dashboardRows)
	renderDashboard(w, http.StatusOK, "list", s.listPage(r, f, rows, matched, held))
}

func (s *server) getTransaction(w http.ResponseWriter, r *http.Request) {
	s.showTransaction(w, r, http.StatusOK, r.URL.Query().Get("done"), "")
}

// showTransaction renders the transaction page with an action's outcome:
// done names the action that was taken, problem says why one was refused.
func (s *server) showTransaction(w http.ResponseWriter, r *http.Request, status int, done, problem string) {
	id := r.PathValue("id")
	t, resendable, ok := s.g.Peek(id)
	if !ok {
		renderDashboard(w, http.StatusNotFound, "problem", problemPage{Title: "Transaction not found",
			Message: "The sandbox holds no transaction with this id. It may have been evicted to make room for newer ones, or the sandbox restarted.",
			Back:    backTo("")})
		return
	}
	d := s.detailPage(r, t, resendable)
	d.Done, d.Problem = doneMessages[done], problem
	renderDashboard(w, status, "detail", d)
}

// dashboardAction is one button of the transaction page.
type dashboardAction struct {
	// run does it; an error is shown to the developer as it is.
	run func(g Gateway, t layout.Txn) error
	// callback is set for actions that send the last callback again,
	// which need one to send.
	callback bool
}

// errNoResend explains a callback action on a transaction without one.
var errNoResend = errors.New("there is no callback to send: the transaction has not changed status yet, or its request had no callback_url")

// dashboardActions are the transaction page's buttons, by the {action}
// of their URL. Each calls the sandbox's Go API, which decides: the
// buttons check nothing of their own, so that they and the control API
// (package control), which calls the same methods, cannot disagree.
var dashboardActions = map[string]dashboardAction{
	"resend":        {run: func(g Gateway, t layout.Txn) error { return g.Redeliver(t.OrderID) }, callback: true},
	"duplicate":     {run: func(g Gateway, t layout.Txn) error { return g.SendDuplicate(t.OrderID) }, callback: true},
	"bad-signature": {run: func(g Gateway, t layout.Txn) error { return g.SendBadSignature(t.OrderID) }, callback: true},
	"approve":       {run: func(g Gateway, t layout.Txn) error { return g.Complete(t.OrderID, Approve) }},
	"decline":       {run: func(g Gateway, t layout.Txn) error { return g.Complete(t.OrderID, Decline) }},
	// expire times out what the transaction waits for, as the clock would
	// (Options.FormTimeout, Options.ThreeDSTimeout), with the document's
	// timeout code for it; see ShopperAction.
	"expire": {run: func(g Gateway, t layout.Txn) error { return g.Complete(t.OrderID, Abandon) }},
	"settle": {run: func(g Gateway, t layout.Txn) error { return g.Settle(t.OrderID) }},
}

// doneMessages say what an action did, by action; the page shows them
// after the redirect that follows the POST (?done=).
var doneMessages = map[string]string{
	"resend":        "Callback sent again: see the newest of the callback attempts.",
	"duplicate":     "The same signed callback was sent once more. Your host should answer 200 without processing it twice.",
	"bad-signature": "A callback with a wrong signature was sent. Your host should refuse it (the kit's webhook handler answers 401).",
	"approve":       "3-D Secure approved.",
	"decline":       "3-D Secure declined: the payment failed with AUTHENTICATION_PROCESSING_ERROR.",
	"expire":        "Expired: the transaction failed with the document's timeout code.",
	"settle":        "Settled: the pending operation completed and its callback was sent.",
}

// postAction runs an action and answers 303 to the transaction's page
// (so that reloading it does not act twice), or shows the page again with
// the reason next to the buttons.
func (s *server) postAction(w http.ResponseWriter, r *http.Request) {
	id, name := r.PathValue("id"), r.PathValue("action")
	a, known := dashboardActions[name]
	t, resendable, ok := s.g.Peek(id)
	var err error
	switch {
	case !ok:
		s.showTransaction(w, r, http.StatusNotFound, "", "")
		return
	case !known:
		err = errors.New("the sandbox has no such action")
	case a.callback && !resendable:
		err = errNoResend
	default:
		err = a.run(s.g, t)
	}
	if err != nil {
		s.showTransaction(w, r, http.StatusConflict, "", s.actionProblem(err))
		return
	}
	// Every action sends a callback (a state change sends one too): wait
	// for its attempt, so that the page shows it. A slow host's attempt
	// shows up on a later refresh.
	ctx, cancel := context.WithTimeout(r.Context(), actionWait)
	_ = s.g.Flush(ctx)
	cancel()
	http.Redirect(w, r, "/transactions/"+id+"?done="+name, http.StatusSeeOther)
}

// actionProblem words an action's error for the page, without the
// "sandbox: " prefix of the Go API's errors.
func (s *server) actionProblem(err error) string {
	switch {
	case errors.Is(err, s.errs.NoCallback):
		err = errNoResend
	case errors.Is(err, s.errs.NotPending):
		return "This transaction is not waiting for that: it may have changed meanwhile. The page now shows where it stands."
	case errors.Is(err, s.errs.UnknownOrder):
		return "The sandbox no longer holds this transaction."
	}
	msg := strings.TrimPrefix(err.Error(), "sandbox: ")
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}
