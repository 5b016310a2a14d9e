package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/smartcorekit/smartcore/sandbox/internal/rules"
)

// maxBodyBytes caps an API request body. The largest documented request is
// about 2 KiB; wallet tokens can be a few KiB more.
const maxBodyBytes = 64 << 10

// hostSet says which host serves an endpoint.
type hostSet uint8

const (
	onGateway hostSet = 1 << iota // https://api-gateway.smartcore.pro, the sandbox's root
	onPCI                         // https://chd-api.smartcore.pro, the sandbox's /pci
)

// endpoint is one API operation.
type endpoint struct {
	hosts hostSet
	serve func(x *exchange)
}

// endpoints maps each documented path to its handler and host, as the
// document's curl lines give them: card data goes to the PCI DSS host only.
// /withdrawal/init is on both hosts; which payment_method each accepts is
// checked by the handler.
func (s *Sandbox) endpoints() map[string]endpoint {
	return map[string]endpoint{
		"/initPayment":              {onGateway, s.serveInitPayment},
		"/initPaymentHost2Host":     {onPCI, s.serveHost2Host},
		"/authorize":                {onPCI, s.serveAuthorize},
		"/capture":                  {onGateway, s.serveCapture},
		"/cancel":                   {onGateway, s.serveCancel},
		"/check":                    {onGateway, s.serveCheck},
		"/refund":                   {onGateway, s.serveRefund},
		"/recurrent":                {onGateway, s.serveRecurrent},
		"/withdrawal/tokenize-form": {onGateway, s.serveTokenizeForm},
		"/withdrawal/init":          {onGateway | onPCI, s.serveWithdrawal},
		"/withdrawal/balance/get":   {onGateway, s.serveBalance},
	}
}

// exchange is one API request in progress.
type exchange struct {
	s    *Sandbox
	w    http.ResponseWriter
	r    *http.Request
	path string // without the /pci prefix
	pci  bool
	body []byte
	// lost is set by a FaultLostResponse: the request is processed, then
	// the connection is aborted instead of answered.
	lost    bool
	orderID string // for the log
	jseq    uint64 // the request's journal event (journal.received)
}

// serveAPI checks what every endpoint requires — host, method, credentials,
// content type, body size — in that order, then runs the endpoint.
func (s *Sandbox) serveAPI(w http.ResponseWriter, r *http.Request, path string, pci bool, ep endpoint) {
	want := onGateway
	if pci {
		want = onPCI
	}
	if ep.hosts&want == 0 {
		writeError(w, http.StatusNotFound, CodeNotFound, wrongHost(path, pci))
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, "use POST")
		return
	}
	if !s.authorized(r) {
		s.logRequest(r, path, pci, http.StatusUnauthorized, "")
		unauthorized(w)
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, codeValidation, "Content-Type must be application/json")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, codeValidation, "request body larger than 64 KiB")
			return
		}
		writeError(w, http.StatusBadRequest, codeValidation, "could not read the request body")
		return
	}
	ep.serve(&exchange{s: s, w: w, r: r, path: path, pci: pci, body: body})
}

func wrongHost(path string, pci bool) string {
	if pci {
		return path + " is served by the gateway host, not the PCI DSS host (drop the /pci prefix)"
	}
	return path + " carries card data and is served by the PCI DSS host only (the sandbox's /pci prefix)"
}

const malformedBody = "malformed JSON body: expected one JSON object of the documented fields"

// decode checks the body against the document's table for T (internal/rules)
// and returns a new T holding the checked values. On failure it answers
// 400 VALIDATION_PROCESSING_ERROR, listing every failing field by name (never
// its value), and reports false. Neither package validate nor the kit's
// request decoding is involved: the sandbox is the document's oracle.
func decode[T any](x *exchange) (*T, bool) {
	m, err := rules.Parse(x.body)
	if err != nil {
		x.refuse(refuse(http.StatusBadRequest, codeValidation, malformedBody))
		return nil, false
	}
	v := new(T)
	t := rules.For(v, m)
	if t == nil {
		// Every endpoint's request type has a table; see TestEveryRequestTypeHasATable.
		x.refuse(refuse(http.StatusInternalServerError, codeTechnical, "no request table for this endpoint"))
		return nil, false
	}
	if problems := t.Check(m); len(problems) > 0 {
		x.refuse(refuse(http.StatusBadRequest, codeValidation, strings.Join(problems, "; ")))
		return nil, false
	}
	rules.Fill(v, t, m)
	return v, true
}

// unmarshalObject decodes a body that must be a JSON object: encoding/json
// would accept null for a struct or a map.
func unmarshalObject(body []byte, v any) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errors.New("not a JSON object")
	}
	return json.Unmarshal(body, v)
}

// begin applies the injected faults that match the request and reports
// whether the endpoint should go on; when it returns false the response has
// been written, or the client has gone.
func (x *exchange) begin(orderID string) bool {
	x.orderID = orderID
	x.jseq = x.s.jr.Received(orderID, x.path, x.s.cfg.clock.Now())
	return x.s.applyFaults(x, orderID)
}

// answer runs work under s.mu and then refuses or replies with what it
// returned, outside the lock: the shape every state-changing endpoint shares.
func answer[B any](x *exchange, work func() (B, *apiError)) {
	x.s.mu.Lock()
	body, err := work()
	x.s.mu.Unlock()
	if err != nil {
		x.refuse(err)
		return
	}
	x.reply(body)
}

// reply writes a 200 answer, or aborts the connection after processing
// when a FaultLostResponse matched.
func (x *exchange) reply(body any) {
	x.write(http.StatusOK, body)
}

// refuse writes a refused request's answer (see the Code constants). An
// ORDER_NOT_FOUND for an order the store evicted says so. It is never
// called with s.mu held.
func (x *exchange) refuse(e *apiError) {
	msg := e.msg
	if e.code == CodeOrderNotFound && e.orderID != "" {
		x.s.mu.Lock()
		if x.s.st.wasEvicted(e.orderID) {
			msg += evictedNote(x.s.cfg.maxTxns)
		}
		x.s.mu.Unlock()
	}
	x.write(e.status, errorBody{Status: -1, Err: e.code, Msg: msg})
}

func (x *exchange) write(status int, body any) {
	x.s.logRequest(x.r, x.path, x.pci, status, x.orderID)
	x.s.journalAnswer(x, status, body)
	if x.lost {
		// The request was processed; the client must not learn it from
		// this connection. ErrAbortHandler closes it without a response
		// and without the server logging a stack trace.
		panic(http.ErrAbortHandler)
	}
	writeJSON(x.w, status, body)
}

// baseURL is where the sandbox's pages are reached: Options.BaseURL (set
// by Start when empty), or the request's own scheme and host, which
// ServeHTTP accepted only as a loopback name (pages live on the gateway
// host, so the /pci prefix is not part of it).
func (s *Sandbox) baseURL(r *http.Request) string {
	if s.cfg.baseURL != "" {
		return s.cfg.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// logRequest records one API request: never its body or headers.
func (s *Sandbox) logRequest(r *http.Request, path string, pci bool, status int, orderID string) {
	host := "gateway"
	if pci {
		host = "pci"
	}
	s.cfg.logger.LogAttrs(r.Context(), slog.LevelInfo, "sandbox request",
		slog.String("host", host), slog.String("path", path),
		slog.Int("status", status), slog.String("order_id", orderID))
}
