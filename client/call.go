package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/errcode"
	"github.com/smartcorekit/smartcore/internal/loose"
)

// call validates req, sends it to ep and decodes the answer into a new R.
// It returns the response alongside an error only when the gateway put an
// "err" in a 2xx answer (an *APIError, or an *OutcomeUnknownError wrapping
// one); otherwise the response is nil on error.
func call[R any](ctx context.Context, c *Client, ep endpoint, req any, orderID string, s sensitive) (*R, error) {
	out := new(R)
	decoded, err := invoke(ctx, c, ep, req, orderID, s, out)
	if decoded {
		return out, err
	}
	return nil, err
}

// invoke is one observed call, typed or raw (Client.Do): it validates req,
// sends it to ep and decodes a 2xx answer into out, reporting whether it
// did.
func invoke(ctx context.Context, c *Client, ep endpoint, req any, orderID string, s sensitive, out any) (bool, error) {
	if c == nil {
		return false, fmt.Errorf("smartcore: %s: nil *Client", ep.path)
	}
	if ctx == nil {
		return false, fmt.Errorf("smartcore: %s: nil context", ep.path)
	}
	var start time.Time
	if c.observer != nil {
		start = time.Now()
	}
	var st callStats
	decoded, err := send(ctx, c, ep, req, orderID, s, out, &st)
	c.observe(ctx, ep, orderID, start, st, err)
	return decoded, err
}

// send is invoke once c and ctx are known to be usable; st receives what
// the attempts produced, for the observer.
func send(ctx context.Context, c *Client, ep endpoint, req any, orderID string, s sensitive, out any, st *callStats) (bool, error) {
	if c.validate != nil && isStruct(req) {
		if err := c.validate(req); err != nil {
			return false, fmt.Errorf("smartcore: %s: invalid request: %w", ep.path, err)
		}
	}
	body, err := encodeRequest(req)
	if err != nil {
		return false, fmt.Errorf("smartcore: %s: encoding request: %w", ep.path, err)
	}
	// Besides what the typed call names (a DPAN any base64 may spell), the
	// body's members named for card data, extras and raw calls included;
	// such data is never sent to the gateway host.
	found := bodySensitive(body)
	if !ep.pci && !found.empty() {
		return false, fmt.Errorf("smartcore: %s: the body carries card data, which the gateway host must not receive", ep.path)
	}
	s = s.with(found)
	scrub := scrubber{exact: append([]string{c.auth, strings.TrimPrefix(c.auth, "Basic "), c.secret}, s.exact...), pans: s.pans, tokens: s.tokens}
	return c.exchange(ctx, ep, body, orderID, scrub, out, st)
}

// knownCodes is the document's Dictionary, for errcode.Of: the one rule
// for finding a code, in answers and in refusals alike.
var knownCodes = smartcore.ErrorCodes()

// sensitive lists a request's values that must not appear in errors even
// if the gateway echoes them.
type sensitive struct {
	exact  []string // DPANs
	pans   []string // card numbers, masked
	tokens []string // CVVs, removed only where they stand alone
}

// cardSensitive lists a card's number and CVV.
func cardSensitive(c smartcore.Card) sensitive {
	return sensitive{pans: []string{c.Number}, tokens: []string{c.CVV}}
}

// attemptResult is what one HTTP exchange produced.
type attemptResult struct {
	status  int
	header  http.Header
	body    []byte
	err     error // transport or body-read failure
	sent    bool  // the request may have reached the server
	noRetry bool  // the failure came from the context or the rate limiter
}

// exchange runs the attempts for one call and decodes a 2xx answer into
// out, reporting whether it did. st counts the attempts that sent a request
// and keeps the last status.
func (c *Client) exchange(ctx context.Context, ep endpoint, body []byte, orderID string, scrub scrubber, out any, st *callStats) (bool, error) {
	attempts := 1
	if ep.safe {
		attempts = c.maxAttempts
	}
	for attempt := 1; ; attempt++ {
		res := c.attempt(ctx, ep, body, attempt)
		if !res.noRetry { // noRetry results never reached the HTTP client
			st.attempts++
		}
		st.status = res.status
		if res.err == nil && res.status >= 200 && res.status < 300 {
			return c.decodeSuccess(ep, orderID, res, scrub, out)
		}
		failure := c.failure(ep, orderID, res, scrub)
		if attempt >= attempts || res.noRetry || ctx.Err() != nil {
			return false, failure
		}
		wait, ok := c.retryDelay(res, attempt)
		if !ok {
			return false, failure
		}
		if err := sleepCtx(ctx, wait); err != nil {
			return false, fmt.Errorf("smartcore: %s: not retrying: %w; last attempt: %w", ep.path, err, failure)
		}
	}
}

// attempt sends body once, after waiting for the rate limiter.
func (c *Client) attempt(ctx context.Context, ep endpoint, body []byte, attempt int) attemptResult {
	if c.limiter != nil {
		if err := c.limiter.Wait(ctx); err != nil {
			return attemptResult{err: fmt.Errorf("rate limit: %w", err), noRetry: true}
		}
	}
	if err := ctx.Err(); err != nil {
		return attemptResult{err: err, noRetry: true}
	}
	// The trace tells "never written" from "written, answer lost": only the
	// standard transport calls GetConn, so GetConn without WroteHeaders
	// proves nothing left this process, whatever error follows.
	var gotConnRequest, wroteHeaders atomic.Bool
	traced := httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn:      func(string) { gotConnRequest.Store(true) },
		WroteHeaders: func() { wroteHeaders.Store(true) },
	})
	req, err := http.NewRequestWithContext(traced, http.MethodPost, c.url(ep), bytes.NewReader(body))
	if err != nil {
		return attemptResult{err: err, noRetry: true}
	}
	req.Header.Set("Authorization", c.auth)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		notSent := isDialError(err) || (gotConnRequest.Load() && !wroteHeaders.Load())
		c.logAttempt(ctx, ep, attempt, 0, time.Since(start), err)
		return attemptResult{err: err, sent: !notSent}
	}
	defer resp.Body.Close()
	data, err := readBody(resp.Body)
	c.logAttempt(ctx, ep, attempt, resp.StatusCode, time.Since(start), err)
	if err != nil {
		return attemptResult{status: resp.StatusCode, err: fmt.Errorf("reading HTTP %d response: %w", resp.StatusCode, err), sent: true}
	}
	return attemptResult{status: resp.StatusCode, header: resp.Header, body: data, sent: true}
}

// isDialError reports a failure to connect, after which nothing was sent.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// decodeSuccess decodes a 2xx answer. A body that cannot be decoded leaves
// the caller without the gateway's verdict, which for a state-changing call
// means the outcome is unknown.
//
// Only the members that decide the answer (see responses.go) can make the
// body undecodable: a secondary member that does not fit is left zero.
func (c *Client) decodeSuccess(ep endpoint, orderID string, res attemptResult, scrub scrubber, out any) (bool, error) {
	answer := newResponse(res.status, res.header, res.body, scrub)
	if err := decodeScrubbed(res.body, out, scrub); err != nil {
		// encoding/json's error quotes the number it could not store,
		// which may be a card number the gateway echoed.
		err = fmt.Errorf("HTTP %d with malformed body: %w", res.status, scrub.error(err))
		if ep.safe {
			return false, fmt.Errorf("smartcore: %s: %w", ep.path, err)
		}
		return false, &OutcomeUnknownError{Endpoint: ep.path, OrderID: orderID, Err: err, Response: answer}
	}
	if meta := recordResponse(out, answer); meta != nil {
		answer = meta
	}
	r := parseReason(res.body, false)
	refused, open := refusal(res.body, r)
	if !refused {
		return true, nil
	}
	apiErr := newAPIError(ep, res.status, r, scrub)
	apiErr.Response = answer
	if open && !ep.safe {
		// The status says the money moved, or may yet move, and an error
		// says it did not: a refusal reported as certain could make the
		// caller pay again, so the order must be checked.
		return true, &OutcomeUnknownError{Endpoint: ep.path, OrderID: orderID, Err: apiErr, Response: answer}
	}
	return true, apiErr
}

// refusal reports whether a 2xx answer's err member says the call failed,
// and whether the answer's status leaves the outcome open all the same: any
// status but -1 (Fail) does (2 success, 1 and 0 still under way, or one the
// document does not define); an absent status does not. An empty-looking
// err (false, 0, {}, []) says nothing, and next to status 2 only an error
// code counts: the status is what says whether money moved, and a success
// must not come back as an error over a stray word in a secondary member.
func refusal(body []byte, r reason) (refused, open bool) {
	switch r.err {
	case "", "false", "0", "{}", "[]":
		return false, false
	}
	var m struct{ Status json.RawMessage }
	success := false
	if json.Unmarshal(body, &m) == nil && !loose.Absent(m.Status) {
		n, ok := loose.Int(m.Status)
		open = !ok || smartcore.Status(n) != smartcore.StatusFail
		success = ok && smartcore.Status(n) == smartcore.StatusSuccess
	}
	if errcode.Of(knownCodes, r.err, r.msg) != "" {
		return true, open
	}
	return !success, open
}

// failure turns an attempt that produced no 2xx answer into the error the
// caller sees.
func (c *Client) failure(ep endpoint, orderID string, res attemptResult, scrub scrubber) error {
	if res.err != nil {
		if !res.sent || ep.safe {
			return fmt.Errorf("smartcore: %s: %w", ep.path, res.err)
		}
		return &OutcomeUnknownError{Endpoint: ep.path, OrderID: orderID, Err: res.err}
	}
	apiErr := newAPIError(ep, res.status, parseReason(res.body, true), scrub)
	apiErr.Response = newResponse(res.status, res.header, res.body, scrub)
	if !ep.safe && leavesOpen(res.status, res.body) {
		return &OutcomeUnknownError{Endpoint: ep.path, OrderID: orderID, Err: apiErr, Response: apiErr.Response}
	}
	return apiErr
}

// leavesOpen reports whether a non-2xx answer to a state-changing call
// leaves open whether the gateway acted on it:
//   - a 3xx: the gateway does not redirect API calls, so something in
//     between did, after the call was sent (a 303 even says the POST was
//     processed); the client follows no redirect (see noRedirects);
//   - a 502 or 504: it comes from an intermediary by definition, whatever
//     its body says, and the gateway behind it may have processed the call;
//   - another 5xx the gateway did not explain in its own members (err, msg,
//     errorMessage): it may come from a proxy, whose "error" or "message"
//     says nothing about the payment, or from the gateway failing half way
//     through.
func leavesOpen(status int, body []byte) bool {
	switch {
	case status >= 300 && status < 400, status == http.StatusBadGateway, status == http.StatusGatewayTimeout:
		return true
	case status >= 500:
		return parseReason(body, false).empty()
	}
	return false
}

// newAPIError builds the error for a refusal. Its code is found by the one
// rule, errorCodeOf; an errorMessage that is not shaped like a code is
// still kept as the code, verbatim, since it names the transaction's error.
func newAPIError(ep endpoint, status int, r reason, scrub scrubber) *APIError {
	code := errcode.Of(knownCodes, r.err, r.msg, r.errorMessage)
	if code == "" {
		code = smartcore.ErrorCode(r.errorMessage)
	}
	code = smartcore.ErrorCode(scrub.clean(string(code)))
	return &APIError{
		StatusCode: status,
		Endpoint:   ep.path,
		Code:       code,
		Err:        scrub.clean(r.err),
		Msg:        scrub.clean(r.msg),
	}
}

// logAttempt writes the per-request debug record: never bodies or headers.
func (c *Client) logAttempt(ctx context.Context, ep endpoint, attempt, status int, d time.Duration, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", http.MethodPost),
		slog.String("host", ep.host()),
		slog.String("path", ep.path),
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", d),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "smartcore request", attrs...)
}
