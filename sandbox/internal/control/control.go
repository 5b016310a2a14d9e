// Package control serves the sandbox's control API: plain JSON over HTTP,
// under /test-helpers/ on the gateway host, so that a test suite in any
// language can do what the Go API and the dashboard's buttons do: look at
// a transaction, end what it waits for (approve, decline with a chosen
// code and cascade, cancel, abandon), settle a pending operation either
// way, make the next matching payment fail with a chosen code, send its
// callback again, inject faults and move a manual clock.
//
// Every endpoint requires the merchant's Basic credentials (401 without),
// answers JSON, and a POST must send Content-Type application/json (415
// otherwise; an empty body counts as {}); unknown members are refused, so
// that a typo is not silently ignored. Errors are
// {"error": {"code": "unknown_order", "message": "..."}} with a stable
// code (see the Code constants). GET /test-helpers/ is a short page
// describing the API, for people; it needs no credentials.
//
// The package decides nothing about transactions: each endpoint calls one
// operation of [Gateway], which the sandbox's core implements with the
// same methods its Go API and its dashboard use.
package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/delivery"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// Prefix is where the control API lives on the gateway host.
const Prefix = "/test-helpers/"

// Serves reports whether the control API serves path.
func Serves(path string) bool {
	return path == strings.TrimSuffix(Prefix, "/") || strings.HasPrefix(path, Prefix)
}

// The stable error codes of the API's answers.
const (
	CodeUnauthorized     = "unauthorized"           // 401: missing or wrong Basic credentials
	CodeNotFound         = "not_found"              // 404: no such endpoint
	CodeMethodNotAllowed = "method_not_allowed"     // 405: see the Allow header
	CodeUnsupportedMedia = "unsupported_media_type" // 415: a POST without Content-Type application/json
	CodeTooLarge         = "too_large"              // 413: a body over 64 KiB
	CodeBadRequest       = "bad_request"            // 400: malformed JSON, an unknown member, a value out of range
	CodeUnknownOrder     = "unknown_order"          // 404: no transaction with that id (or it was evicted)
	CodeNotPending       = "not_pending"            // 409: the transaction does not wait for that
	CodeNoCallback       = "no_callback"            // 409: nothing to send again (no status change yet, or no callback_url)
	CodeUnknownAction    = "unknown_action"         // 400: an action, outcome or kind the API does not have
	CodeUnknownErrorCode = "unknown_error_code"     // 400: a code that is not one of the document's
	CodeClockNotManual   = "clock_not_manual"       // 409: clock/advance on a sandbox running on the real clock
)

// ErrClockNotManual is Gateway.Advance's answer when the sandbox runs on
// a clock that cannot be moved.
var ErrClockNotManual = errors.New("the sandbox runs on the real clock; start it with --clock manual (Options.Clock: a FakeClock) to move time")

// Action is what ends a transaction's wait, as the sandbox's ShopperAction.
type Action int

// The actions of POST orders/{order_id}/complete.
const (
	Approve Action = iota + 1
	Decline
	Cancel
	Abandon
)

var actions = map[string]Action{"approve": Approve, "decline": Decline, "cancel": Cancel, "abandon": Abandon}

// NextDecline is a queued decline: the next payment matching Amount (0:
// any) and CardNumber ("": any) fails with Code and Cascade.
type NextDecline struct {
	Code       smartcore.ErrorCode
	Cascade    []string
	Amount     int64
	CardNumber string
}

// Fault is an injected fault, as the sandbox's Fault with its kind by name.
type Fault struct {
	OrderID, Endpoint string
	Kind              string // "server-error", "slow" or "lost-response"
	Delay             time.Duration
	Times, StatusCode int
}

// Gateway is what the control API needs of the sandbox's core; the core
// implements it with the methods of its Go API.
type Gateway interface {
	// Authorized checks the request's Basic credentials.
	Authorized(r *http.Request) bool
	// Remote reports whether other hosts may reach the sandbox
	// (Options.Remote): then the page describing the API asks for the
	// credentials too.
	Remote() bool
	// BaseURL is the gateway host's base URL, for the page's examples.
	BaseURL(r *http.Request) string
	// Order returns the transaction with that order id, refund id or
	// processing id (marking it used), its cascadeErrors and its refunds.
	Order(id string) (t layout.Txn, cascade []string, refunds []layout.Txn, ok bool)
	// Deliveries is the order's delivery log, oldest first.
	Deliveries(orderID string) []delivery.Attempt
	// Complete ends what the transaction waits for; code and cascade
	// only come with Decline.
	Complete(id string, a Action, code smartcore.ErrorCode, cascade []string) error
	// Settle settles a pending operation, failed with code and cascade
	// when failed is set.
	Settle(id string, failed bool, code smartcore.ErrorCode, cascade []string) error
	// QueueDecline queues a decline for the next matching payment.
	QueueDecline(d NextDecline) error
	// Resend sends the order's last callback again, as kind.
	Resend(id string, kind delivery.Kind) error
	InjectFault(f Fault) error
	ClearFaults()
	// Advance moves a manual clock, or returns ErrClockNotManual.
	Advance(d time.Duration) error
	// Now is the sandbox's time.
	Now() time.Time
	// Flush waits until no callback delivery is in flight or due.
	Flush(ctx context.Context) error
}

// Errors are the sandbox's errors an operation may return, for their codes.
type Errors struct{ UnknownOrder, NotPending, NoCallback error }

// maxBody caps a request body; the largest sensible one is a few hundred
// bytes.
const maxBody = 64 << 10

// actionWait bounds how long a state-changing request waits for the
// callbacks it caused to be attempted before answering, so that a suite
// that reads its callbacks next finds them (a slow host's arrive later).
const actionWait = 2 * time.Second

// Limits on what a request may name.
const (
	maxCascade       = 16       // cascade entries
	maxCategoryBytes = 100      // bytes per cascade entry
	maxAdvance       = 366 * 24 // hours clock/advance may move at once
)

type server struct {
	g    Gateway
	errs Errors
}

// New returns the control API's handler, for the paths Serves reports.
func New(g Gateway, errs Errors) http.Handler { return &server{g: g, errs: errs} }

// route is one endpoint: its method and what it does with the order id
// ("" for the endpoints without one) and the body.
type route struct {
	method string
	serve  func(s *server, w http.ResponseWriter, r *http.Request, id string, body []byte)
}

// routes maps an endpoint, with {id} for the order id's segment, to its
// routes by method.
var routes = map[string][]route{
	"orders/{id}":           {{http.MethodGet, (*server).getOrder}},
	"orders/{id}/complete":  {{http.MethodPost, (*server).complete}},
	"orders/{id}/settle":    {{http.MethodPost, (*server).settle}},
	"orders/{id}/callbacks": {{http.MethodPost, (*server).callbacks}},
	"declines":              {{http.MethodPost, (*server).declines}},
	"faults":                {{http.MethodPost, (*server).addFault}, {http.MethodDelete, (*server).clearFaults}},
	"clock/advance":         {{http.MethodPost, (*server).advance}},
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, _ := strings.CutPrefix(r.URL.EscapedPath(), Prefix)
	authorized := s.g.Authorized(r)
	if rest == "" && r.URL.Path == Prefix && (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		(authorized || !s.g.Remote()) {
		s.page(w, r)
		return
	}
	if !authorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="SmartCore sandbox", charset="UTF-8"`)
		writeError(w, http.StatusUnauthorized, CodeUnauthorized, "missing or invalid Basic credentials (the merchant key and secret)")
		return
	}
	key, id, err := match(rest)
	if err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, err.Error())
		return
	}
	rs, ok := routes[key]
	if !ok {
		writeError(w, http.StatusNotFound, CodeNotFound, "no such control endpoint; see GET "+Prefix)
		return
	}
	var allow []string
	for _, rt := range rs {
		if rt.method != r.Method {
			allow = append(allow, rt.method)
			continue
		}
		body, ok := readBody(w, r)
		if ok {
			rt.serve(s, w, r, id, body)
		}
		return
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "use "+strings.Join(allow, " or "))
}

// match turns the escaped path after the prefix into a routes key and the
// order id, unescaped: "orders/a%2Fb/complete" is ("orders/{id}/complete",
// "a/b"), so that any order id, slashes and spaces included, can be named.
func match(rest string) (key, id string, err error) {
	segs := strings.Split(rest, "/")
	if len(segs) < 2 || segs[0] != "orders" {
		return rest, "", nil
	}
	id, err = url.PathUnescape(segs[1])
	if err != nil || id == "" {
		return "", "", errors.New("the order id in the path must be a non-empty, percent-encoded string")
	}
	segs[1] = "{id}"
	return strings.Join(segs, "/"), id, nil
}

// readBody reads a POST's JSON body, refusing another content type and a
// body over maxBody; other methods have none.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.Method != http.MethodPost {
		return nil, true
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "Content-Type must be application/json")
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, CodeTooLarge, "request body larger than 64 KiB")
		} else {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "could not read the request body")
		}
		return nil, false
	}
	return body, true
}

// decode reads body, one JSON object with only v's members (an empty body
// is {}), into v; on failure it answers 400 and reports false.
func decode(w http.ResponseWriter, body []byte, v any) bool {
	if len(bytes.TrimSpace(body)) == 0 {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil && bytes.TrimSpace(body)[0] != '{' {
		err = errors.New("not a JSON object")
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, "malformed body: "+strings.TrimPrefix(err.Error(), "json: "))
		return false
	}
	return true
}

// failure is a decline's code and cascade as a request names them.
type failure struct {
	Code    *string  `json:"code"`
	Cascade []string `json:"cascade"`
}

// given reports whether the request named a code or a cascade.
func (f failure) given() bool { return f.Code != nil || f.Cascade != nil }

// check refuses a code that is not the document's and a cascade out of
// bounds; it answers the request and reports false then.
func (f failure) check(w http.ResponseWriter) (smartcore.ErrorCode, bool) {
	var code smartcore.ErrorCode
	if f.Code != nil {
		code = smartcore.ErrorCode(*f.Code)
		if !code.Known() {
			writeError(w, http.StatusBadRequest, CodeUnknownErrorCode,
				fmt.Sprintf("code %q is not one of the document's transaction error codes", *f.Code))
			return "", false
		}
	}
	if len(f.Cascade) > maxCascade {
		writeError(w, http.StatusBadRequest, CodeBadRequest, fmt.Sprintf("cascade has more than %d gates", maxCascade))
		return "", false
	}
	for i, c := range f.Cascade {
		if c == "" || len(c) > maxCategoryBytes {
			writeError(w, http.StatusBadRequest, CodeBadRequest,
				fmt.Sprintf("cascade[%d] must be a non-empty string of at most %d bytes", i, maxCategoryBytes))
			return "", false
		}
	}
	return code, true
}

func (s *server) getOrder(w http.ResponseWriter, _ *http.Request, id string, _ []byte) {
	s.answerOrder(w, id)
}

func (s *server) complete(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	var req struct {
		Action *string `json:"action"`
		failure
	}
	if !decode(w, body, &req) {
		return
	}
	if req.Action == nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `"action" is required: approve, decline, cancel or abandon`)
		return
	}
	a, ok := actions[*req.Action]
	if !ok {
		writeError(w, http.StatusBadRequest, CodeUnknownAction,
			fmt.Sprintf("action %q is not one of approve, decline, cancel, abandon", *req.Action))
		return
	}
	if req.given() && a != Decline {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `"code" and "cascade" go with the action "decline" only`)
		return
	}
	code, ok := req.check(w)
	if ok {
		s.act(w, r, id, s.g.Complete(id, a, code, req.Cascade))
	}
}

func (s *server) settle(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	var req struct {
		Outcome *string `json:"outcome"`
		failure
	}
	if !decode(w, body, &req) {
		return
	}
	failed := false
	switch {
	case req.Outcome == nil || *req.Outcome == "success":
	case *req.Outcome == "fail":
		failed = true
	default:
		writeError(w, http.StatusBadRequest, CodeUnknownAction, fmt.Sprintf("outcome %q is not success or fail", *req.Outcome))
		return
	}
	if req.given() && !failed {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `"code" and "cascade" go with the outcome "fail" only`)
		return
	}
	code, ok := req.check(w)
	if ok {
		s.act(w, r, id, s.g.Settle(id, failed, code, req.Cascade))
	}
}

func (s *server) callbacks(w http.ResponseWriter, r *http.Request, id string, body []byte) {
	var req struct {
		Kind *string `json:"kind"`
	}
	if !decode(w, body, &req) {
		return
	}
	kinds := map[string]delivery.Kind{"resend": delivery.Redelivery, "duplicate": delivery.Duplicate, "bad_signature": delivery.BadSignature}
	if req.Kind == nil {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `"kind" is required: resend, duplicate or bad_signature`)
		return
	}
	kind, ok := kinds[*req.Kind]
	if !ok {
		writeError(w, http.StatusBadRequest, CodeUnknownAction, fmt.Sprintf("kind %q is not one of resend, duplicate, bad_signature", *req.Kind))
		return
	}
	s.act(w, r, id, s.g.Resend(id, kind))
}

func (s *server) declines(w http.ResponseWriter, _ *http.Request, _ string, body []byte) {
	var req struct {
		failure
		Amount     int64  `json:"amount"`
		CardNumber string `json:"card_number"`
	}
	if !decode(w, body, &req) {
		return
	}
	code, ok := req.check(w)
	if !ok {
		return
	}
	if req.Amount < 0 {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `"amount" is in cents and must not be negative (0: any amount)`)
		return
	}
	pan, ok := layout.CardDigits(req.CardNumber)
	if req.CardNumber != "" && !ok {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `"card_number" must be 12 to 19 digits (spaces and dashes are ignored), or absent for any card`)
		return
	}
	req.CardNumber = pan // the form a payment carries, as queued and echoed
	d := NextDecline{Code: code, Cascade: req.Cascade, Amount: req.Amount, CardNumber: req.CardNumber}
	if err := s.g.QueueDecline(d); err != nil {
		s.fail(w, err)
		return
	}
	out := map[string]any{"code": nullable(string(code)), "cascade": req.Cascade, "amount": req.Amount, "card_number": nil}
	if req.CardNumber != "" {
		out["card_number"] = smartcore.MaskPAN(req.CardNumber)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *server) addFault(w http.ResponseWriter, _ *http.Request, _ string, body []byte) {
	var req struct {
		Kind       string  `json:"kind"`
		OrderID    string  `json:"order_id"`
		Endpoint   string  `json:"endpoint"`
		DelayMS    float64 `json:"delay_ms"`
		Times      int     `json:"times"`
		StatusCode int     `json:"status_code"`
	}
	if !decode(w, body, &req) {
		return
	}
	kind := strings.ReplaceAll(req.Kind, "_", "-")
	switch kind {
	case "server-error", "slow", "lost-response":
	default:
		writeError(w, http.StatusBadRequest, CodeUnknownAction, fmt.Sprintf("fault kind %q is not one of server_error, slow, lost_response", req.Kind))
		return
	}
	if req.DelayMS < 0 || req.DelayMS > float64(time.Hour/time.Millisecond) {
		writeError(w, http.StatusBadRequest, CodeBadRequest, `"delay_ms" must be between 0 and one hour`)
		return
	}
	f := Fault{OrderID: req.OrderID, Endpoint: req.Endpoint, Kind: kind, Delay: time.Duration(req.DelayMS * float64(time.Millisecond)),
		Times: req.Times, StatusCode: req.StatusCode}
	if err := s.g.InjectFault(f); err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": kind, "order_id": req.OrderID, "endpoint": req.Endpoint,
		"delay_ms": req.DelayMS, "times": req.Times, "status_code": req.StatusCode})
}

func (s *server) clearFaults(w http.ResponseWriter, _ *http.Request, _ string, _ []byte) {
	s.g.ClearFaults()
	writeJSON(w, http.StatusOK, map[string]bool{"cleared": true})
}

func (s *server) advance(w http.ResponseWriter, r *http.Request, _ string, body []byte) {
	var req struct {
		Seconds *float64 `json:"seconds"`
	}
	if !decode(w, body, &req) {
		return
	}
	if req.Seconds == nil || *req.Seconds < 0 || *req.Seconds > maxAdvance*3600 || math.IsNaN(*req.Seconds) {
		writeError(w, http.StatusBadRequest, CodeBadRequest, fmt.Sprintf(`"seconds" is required, from 0 to %d (a year)`, maxAdvance*3600))
		return
	}
	if err := s.g.Advance(time.Duration(*req.Seconds * float64(time.Second))); err != nil {
		s.fail(w, err)
		return
	}
	s.wait(r)
	writeJSON(w, http.StatusOK, map[string]string{"now": s.g.Now().UTC().Format(time.RFC3339Nano)})
}

// act answers a state-changing operation on order id: its error, or the
// order as it stands once the callbacks it caused were attempted.
func (s *server) act(w http.ResponseWriter, r *http.Request, id string, err error) {
	if err != nil {
		s.fail(w, err)
		return
	}
	s.wait(r)
	s.answerOrder(w, id)
}

// wait lets the callbacks an operation caused be attempted, for at most
// actionWait.
func (s *server) wait(r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), actionWait)
	defer cancel()
	_ = s.g.Flush(ctx)
}

// fail answers an operation's error with its code.
func (s *server) fail(w http.ResponseWriter, err error) {
	msg := strings.TrimPrefix(err.Error(), "sandbox: ")
	switch {
	case errors.Is(err, s.errs.UnknownOrder):
		writeError(w, http.StatusNotFound, CodeUnknownOrder, msg)
	case errors.Is(err, s.errs.NotPending):
		writeError(w, http.StatusConflict, CodeNotPending, msg)
	case errors.Is(err, s.errs.NoCallback):
		writeError(w, http.StatusConflict, CodeNoCallback, msg)
	case errors.Is(err, ErrClockNotManual):
		writeError(w, http.StatusConflict, CodeClockNotManual, msg)
	default:
		writeError(w, http.StatusBadRequest, CodeBadRequest, msg)
	}
}

// The order's JSON.
type (
	orderBody struct {
		OrderID           string        `json:"order_id"`
		ProcessingID      string        `json:"processing_id"`
		Type              string        `json:"type"`
		Method            string        `json:"method"`
		Status            int           `json:"status"`
		Stage             *string       `json:"stage"`
		AuthorizeStatus   *string       `json:"authorize_status"`
		Currency          string        `json:"currency"`
		Amount            int64         `json:"amount"`
		FinalAmount       int64         `json:"final_amount"`
		AuthorizedAmount  int64         `json:"authorized_amount"`
		CapturedAmount    int64         `json:"captured_amount"`
		RefundedAmount    int64         `json:"refunded_amount"`
		ErrorCode         *string       `json:"error_code"`
		Cascade           []string      `json:"cascade"`
		Card              *cardBody     `json:"card"`
		ParentOrderID     *string       `json:"parent_order_id"`
		ParentTransaction *string       `json:"parent_transaction"`
		CreatedAt         *string       `json:"created_at"`
		EndDate           *string       `json:"end_date"`
		Refunds           []refundBody  `json:"refunds"`
		Callbacks         []attemptBody `json:"callbacks"`
	}
	cardBody struct {
		Number *string `json:"number"`
		Type   *string `json:"type"`
	}
	refundBody struct {
		RefundID  string  `json:"refund_id"`
		Status    int     `json:"status"`
		Stage     *string `json:"stage"`
		Amount    int64   `json:"amount"`
		ErrorCode *string `json:"error_code"`
	}
	attemptBody struct {
		Time         *string `json:"time"`
		Attempt      int     `json:"attempt"`
		Kind         string  `json:"kind"`
		Status       int     `json:"status"`
		URL          string  `json:"url"`
		HTTPStatus   int     `json:"http_status"`
		Acknowledged bool    `json:"acknowledged"`
		LatencyMS    float64 `json:"latency_ms"`
		Refused      bool    `json:"refused"`
		Error        *string `json:"error"`
	}
)

// answerOrder answers the order's JSON, or unknown_order.
func (s *server) answerOrder(w http.ResponseWriter, id string) {
	t, cascade, refunds, ok := s.g.Order(id)
	if !ok {
		writeError(w, http.StatusNotFound, CodeUnknownOrder, fmt.Sprintf("no transaction with order id, refund id or processing id %q", id))
		return
	}
	b := orderBody{OrderID: t.OrderID, ProcessingID: t.ProcessingID, Type: string(t.Type), Method: t.Method,
		Status: int(t.Status), Stage: nullable(t.Stage), AuthorizeStatus: nullable(t.AuthorizeStatus), Currency: t.Currency,
		Amount: t.Amount, FinalAmount: t.FinalAmount, AuthorizedAmount: t.AuthorizedAmount,
		CapturedAmount: t.CapturedAmount, RefundedAmount: t.RefundedAmount, ErrorCode: nullable(string(t.ErrorCode)),
		Cascade: cascade, ParentOrderID: nullable(t.ParentOrderID), ParentTransaction: nullable(t.ParentTransaction),
		CreatedAt: instant(t.CreatedAt), EndDate: instant(t.EndDate),
		Refunds: []refundBody{}, Callbacks: []attemptBody{}}
	if t.Card != nil {
		b.Card = &cardBody{Number: nullable(t.Card.Number), Type: nullable(t.Card.Type)}
	}
	for _, r := range refunds {
		b.Refunds = append(b.Refunds, refundBody{RefundID: r.OrderID, Status: int(r.Status), Stage: nullable(r.Stage),
			Amount: r.Amount, ErrorCode: nullable(string(r.ErrorCode))})
	}
	for _, a := range s.g.Deliveries(t.OrderID) {
		e := attemptBody{Time: instant(a.Time), Attempt: a.Attempt, Kind: a.Kind.String(), Status: int(a.Status), URL: a.URL,
			HTTPStatus: a.StatusCode, Acknowledged: delivery.Acknowledged(a.StatusCode),
			LatencyMS: float64(a.Latency.Microseconds()) / 1000, Refused: a.Refused}
		if a.Err != nil {
			e.Error = nullable(a.Err.Error())
		}
		b.Callbacks = append(b.Callbacks, e)
	}
	writeJSON(w, http.StatusOK, b)
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func instant(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return nullable(t.UTC().Format(time.RFC3339Nano))
}

// errorBody is every error's JSON.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Misdirected answers a request for the control API whose Host the sandbox
// does not serve: 421, in the control API's own error shape.
func Misdirected(w http.ResponseWriter, msg string) {
	writeError(w, http.StatusMisdirectedRequest, "misdirected_request", msg)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, msg
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"encoding the answer failed"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
