package dashboard

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/internal/journal"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// What the dashboard's templates receive (templates.go). Everything a
// person reads is worded here, in plain words; the API's names appear only
// as code, next to them.

// dashLink is a labelled URL.
type dashLink struct{ URL, Label string }

// chrome is what every dashboard page shares.
type chrome struct {
	Title string
	// Refresh is the meta refresh's content; "" when paused.
	Refresh string
	// Toggle pauses or resumes the refresh.
	Toggle dashLink
	Paused bool
	// Stopped is set when the page paused itself after maxRefreshes reloads.
	Stopped bool
	// API is the gateway host's base URL, as clients reach it.
	API string
}

// problemPage is an error page: what went wrong, and the way back.
type problemPage struct {
	Title, Message string
	Back           dashLink
}

// pill is a status in plain words: Label is the status group's, the word
// of the list filter Group it falls under, Detail says what exactly
// happened; Tone colours it ("ok", "bad", "wait", "info").
type pill struct{ Label, Detail, Tone, Group string }

// Words is the whole status, "Succeeded · paid".
func (p pill) Words() string {
	if p.Detail == "" {
		return p.Label
	}
	return p.Label + " · " + p.Detail
}

type listPage struct {
	chrome
	Rows                []listRow
	Matched, Held       int
	Limited, Filtered   bool
	StatusChips, Types  []dashLinkOn
	ClearURL            string
	Filter              listFilter
	StatusName, TypeLbl string
}

// dashLinkOn is a filter chip.
type dashLinkOn struct {
	dashLink
	On bool
}

type listRow struct {
	ID, OrderID, Type, Method, Amount, Card string
	CallbackURL                             string
	Pill                                    pill
	Created                                 time.Time
	// Callback is the last attempt's result, nil before any.
	Callback *attemptView
}

type detailPage struct {
	chrome
	T             layout.Txn
	Pill          pill
	Type, Method  string
	Amount, Card  string
	Facts         []fact
	Reason        string
	Actions       []actionView // what the transaction waits for
	Callbacks     []actionView // sending its last callback again
	CallbacksOff  string       // why Callbacks are disabled; "" when enabled
	Attempts      []attemptView
	Timeline      []timelineView
	NoJournal     bool
	Done, Problem string
	ActionQuery   string
	ParentID      string
	// ShopperPage is the hosted page the transaction waits on, "" when none.
	ShopperPage    string
	RetriesPending bool
}

// fact is one line of the transaction's summary; Code shows Value as
// code, Wide gives it a whole row (long ids and URLs).
type fact struct {
	Label, Value string
	Code, Wide   bool
}

type actionView struct {
	Name, Label, Help string
	Kind              string // "primary", "danger" or "" (secondary)
	Off               bool   // disabled
}

type attemptView struct {
	N       int
	Time    time.Time
	Kind    string
	Reports string
	URL     string
	HTTP    int
	Result  string
	Tone    string
	Latency string
	Answer  string
	Body    [][2]string
}

type timelineView struct {
	Time, Last time.Time
	Request    bool
	Title      string
	Code       string
	Detail     string
	Tone       string
	Count      int
}

// newChrome fills what every page shares; self is the page's URL without
// the query parameters that only one view needs.
func (s *server) newChrome(r *http.Request, title, self string) chrome {
	q := r.URL.Query()
	c := chrome{Title: title, API: s.g.BaseURL(r), Paused: q.Get("pause") == "1"}
	q.Del("done")
	// live counts the reloads in a row; a page that reached maxRefreshes
	// stops as if paused.
	live, _ := strconv.Atoi(q.Get("live"))
	q.Del("live")
	if !c.Paused && live >= maxRefreshes {
		c.Paused, c.Stopped = true, true
	}
	if c.Paused {
		q.Del("pause")
		c.Toggle = dashLink{URL: withQuery(self, q), Label: "Resume"}
	} else {
		next := cloneValues(q)
		next.Set("live", strconv.Itoa(live+1))
		c.Refresh = fmt.Sprintf("%d; url=%s", int(dashboardRefresh/time.Second), withQuery(self, next))
		q.Set("pause", "1")
		c.Toggle = dashLink{URL: withQuery(self, q), Label: "Pause"}
	}
	return c
}

// cloneValues copies q, so that one link's parameters do not leak into
// another's.
func cloneValues(q url.Values) url.Values {
	c := make(url.Values, len(q))
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	return c
}

func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func (s *server) listPage(r *http.Request, f listFilter, rows []layout.Txn, matched, held int) listPage {
	d := listPage{chrome: s.newChrome(r, "Transactions", "/"), Matched: matched, Held: held,
		Limited: matched > len(rows), Filtered: f != listFilter{}, Filter: f}
	chipURL := func(status, typ string) string {
		q := url.Values{}
		if status != "" {
			q.Set("status", status)
		}
		if typ != "" {
			q.Set("type", typ)
		}
		if d.Paused {
			q.Set("pause", "1")
		}
		return withQuery("/", q)
	}
	d.ClearURL = chipURL("", "")
	d.StatusChips = append(d.StatusChips, dashLinkOn{dashLink{chipURL("", f.Type), "Any status"}, f.Status == ""})
	for _, g := range statusGroups {
		d.StatusChips = append(d.StatusChips, dashLinkOn{dashLink{chipURL(g.Value, f.Type), g.Label}, f.Status == g.Value})
		if f.Status == g.Value {
			d.StatusName = strings.ToLower(g.Label)
		}
	}
	d.Types = append(d.Types, dashLinkOn{dashLink{chipURL(f.Status, ""), "Any type"}, f.Type == ""})
	for _, n := range typeNames {
		d.Types = append(d.Types, dashLinkOn{dashLink{chipURL(f.Status, string(n.Value)), n.Label}, f.Type == string(n.Value)})
		if f.Type == string(n.Value) {
			d.TypeLbl = strings.ToLower(n.Label)
		}
	}
	for _, t := range rows {
		row := listRow{ID: t.ProcessingID, OrderID: t.OrderID, CallbackURL: t.CallbackURL, Type: typeWords(t.Type), Method: methodWords(t.Method),
			Amount: layout.FormatAmount(t.Amount, t.Currency), Card: maskedCard(t.Card), Pill: statusPill(t), Created: t.CreatedAt}
		if l := s.g.Deliveries(t.OrderID); len(l) > 0 {
			a := attempt(len(l), l[len(l)-1])
			row.Callback = &a
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

func (s *server) detailPage(r *http.Request, t layout.Txn, resendable bool) detailPage {
	self := "/transactions/" + t.ProcessingID
	d := detailPage{chrome: s.newChrome(r, "Order "+t.OrderID, self), T: t, Pill: statusPill(t),
		Type: typeWords(t.Type), Method: methodWords(t.Method), Amount: layout.FormatAmount(t.Amount, t.Currency),
		Card: maskedCard(t.Card)}
	if d.Paused {
		d.ActionQuery = "?pause=1"
	}
	if t.Status == smartcore.StatusFail {
		d.Reason = layout.DeclineReason(t.ErrorCode)
	}
	add := func(label, value string, code bool) {
		if value != "" {
			d.Facts = append(d.Facts, fact{Label: label, Value: value, Code: code, Wide: code && len(value) > 20})
		}
	}
	add("Processing ID", t.ProcessingID, true)
	if t.Status == smartcore.StatusSuccess && t.FinalAmount != t.Amount {
		add("Final amount", layout.FormatAmount(t.FinalAmount, t.Currency), false)
	}
	if t.AuthorizedAmount > 0 {
		add("Authorized", layout.FormatAmount(t.AuthorizedAmount, t.Currency), false)
	}
	if t.CapturedAmount > 0 {
		add("Captured", layout.FormatAmount(t.CapturedAmount, t.Currency), false)
	}
	if t.RefundedAmount > 0 {
		add("Refunded", layout.FormatAmount(t.RefundedAmount, t.Currency), false)
	}
	add("Card", d.Card, false)
	if t.Card != nil {
		add("Card holder", t.Card.Holder, false)
	}
	add("Customer", strings.TrimSpace(t.FirstName+" "+t.LastName), false)
	add("Customer's phone", t.Phone, false)
	add("Error code", string(t.ErrorCode), true)
	add("Parent order", t.ParentOrderID, true)
	add("Callback URL", t.CallbackURL, true)
	add("Account", t.Account, true)
	if p, _, ok := s.g.Peek(t.ParentTransaction); ok && t.ParentTransaction != "" {
		d.ParentID = p.ProcessingID
	}

	log := s.g.Deliveries(t.OrderID)
	for i := len(log) - 1; i >= 0; i-- {
		d.Attempts = append(d.Attempts, attempt(i+1, log[i]))
	}
	events := s.g.Journal(t.OrderID)
	d.NoJournal = len(events) == 0
	for i := len(events) - 1; i >= 0; i-- {
		d.Timeline = append(d.Timeline, timelineEntry(t, events[i]))
	}
	switch t.Stage {
	case layout.StageForm, layout.StageRedirect:
		d.ShopperPage = "/pay/" + t.ProcessingID
	case layout.Stage3DS:
		d.ShopperPage = "/3ds/" + t.ProcessingID
	case layout.StageTokenize:
		d.ShopperPage = "/tokenize/" + t.ProcessingID
	}
	d.Actions = actionsFor(t)
	d.Callbacks = []actionView{
		{Name: "resend", Label: "Resend callback", Kind: "primary", Off: !resendable, Help: "The last callback again, retried like the first."},
		{Name: "duplicate", Label: "Send a duplicate", Off: !resendable, Help: "The same signed body once more: your host must not process it twice."},
		{Name: "bad-signature", Label: "Send a badly signed one", Off: !resendable, Help: "A wrong signature: your host must refuse it."},
	}
	switch {
	case resendable:
	case t.CallbackURL == "":
		d.CallbacksOff = "Its request had no callback_url, so there is no callback to send."
	default:
		d.CallbacksOff = "No callback yet: one is sent when the transaction changes status."
	}
	return d
}

// actionsFor lists the buttons that answer what t waits for, if anything.
func actionsFor(t layout.Txn) []actionView {
	switch t.Stage {
	case layout.Stage3DS, layout.StageRedirect:
		return []actionView{
			{Name: "approve", Label: "Approve 3-D Secure", Kind: "primary", Help: "As if the shopper passed the bank's check."},
			{Name: "decline", Label: "Decline 3-D Secure", Kind: "danger", Help: "Fails with AUTHENTICATION_PROCESSING_ERROR."},
			{Name: "expire", Label: "Let 3-D Secure time out", Help: "As if the shopper never came back: fails with the timeout code."},
		}
	case layout.StageForm, layout.StageTokenize:
		return []actionView{{Name: "expire", Label: "Expire the form", Help: "As if the shopper never came back: fails with FORM_TIMEOUT_PROCESSING_ERROR."}}
	case layout.StagePending:
		return []actionView{{Name: "settle", Label: "Settle now", Kind: "primary", Help: "Completes the pending operation now instead of after the pending delay."}}
	}
	return nil
}

// attempt describes delivery n (1 = oldest) of an order's log.
func attempt(n int, d delivery.Attempt) attemptView {
	a := attemptView{N: n, Time: d.Time, Kind: kindWords(d.Kind), URL: d.URL, HTTP: d.StatusCode,
		Reports: fmt.Sprintf("%d, %s", int(d.Status), statusWord(d.Status)), Answer: strings.TrimSpace(d.Answer),
		Body: formFields(d.Body)}
	if d.Latency > 0 {
		a.Latency = latency(d.Latency)
	}
	// A badly signed callback is meant to be refused: any 2xx, not only the
	// 200 that acknowledges, means the host took a forgery for the
	// gateway's word.
	forged := d.Kind == delivery.BadSignature
	accepted := d.OK() || forged && d.StatusCode >= 200 && d.StatusCode < 300
	switch {
	case d.Refused:
		a.Result, a.Tone = "Not sent: only loopback hosts are allowed", "bad"
	case d.Err != nil:
		a.Result, a.Tone = "No answer: "+strings.TrimPrefix(d.Err.Error(), "sandbox: "), "bad"
	case accepted != forged:
		a.Result, a.Tone = httpWords(d.StatusCode), "ok"
	default:
		a.Result, a.Tone = httpWords(d.StatusCode), "bad"
	}
	if forged && d.Err == nil && !d.Refused {
		if accepted {
			a.Result += " — accepted a forged callback"
		} else {
			a.Result += " — refused, as it should"
		}
	}
	return a
}

// formFields splits a callback body into its fields, in the order sent.
// Card numbers in it are masked already; maskedNumber makes sure.
func formFields(body string) [][2]string {
	var out [][2]string
	for kv := range strings.SplitSeq(body, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, _ = url.QueryUnescape(k)
		v, _ = url.QueryUnescape(v)
		if k == "card_number" {
			v = maskedNumber(v)
		}
		out = append(out, [2]string{k, v})
	}
	return out
}

// timelineEntry words one journal event of t.
func timelineEntry(t layout.Txn, e journal.Event) timelineView {
	if e.Kind == journal.Request {
		v := timelineView{Time: e.Time, Last: e.Last, Request: true, Title: "Request", Code: e.Path, Count: e.Count}
		switch {
		case e.HTTPStatus == 0:
			v.Detail, v.Tone = "no answer (still processing, or the client went away)", "wait"
		case e.Code != "":
			v.Detail, v.Tone = httpWords(e.HTTPStatus)+": "+e.Code+" — "+e.Msg, "bad"
		default:
			v.Detail, v.Tone = httpWords(e.HTTPStatus), "ok"
		}
		return v
	}
	if e.Kind == journal.Page {
		tone := "info"
		if e.Cancelled {
			tone = "bad"
		}
		return timelineView{Time: e.Time, Last: e.Last, Title: e.Msg, Detail: "on the hosted page", Tone: tone, Count: e.Count}
	}
	if e.Created {
		return timelineView{Time: e.Time, Title: "Created", Detail: methodWords(t.Method), Tone: "info"}
	}
	was := t
	was.Status, was.Stage, was.AuthorizeStatus, was.ErrorCode = e.Status, e.Stage, e.AuthorizeStatus, e.ErrorCode
	was.FinalAmount, was.RefundedAmount = e.FinalAmount, e.RefundedAmount
	p := statusPill(was)
	v := timelineView{Time: e.Time, Title: p.Words(), Tone: p.Tone, Code: string(e.ErrorCode)}
	if e.Status == smartcore.StatusSuccess {
		v.Detail = layout.FormatAmount(e.FinalAmount, e.Currency) + " moved"
	}
	return v
}
