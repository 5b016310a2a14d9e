package checkout

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/smartcorekit/smartcore"
)

// Responder answers a customer's browser after a payment call: it is what
// the payment form handler ([New]) does after InitPayment, available to a
// host that makes host-to-host card payments from its own card form.
type Responder struct {
	s *settings
}

// NewResponder returns a Responder configured by opts (Build is not used).
// It returns an error when Gateway is nil, ClientIP or a host list is
// invalid, or a configured return URL is not an absolute http(s) URL.
func NewResponder(opts Options) (*Responder, error) {
	s, err := opts.settings(false)
	if err != nil {
		return nil, err
	}
	s.handler = HandlerResponder
	return &Responder{s: s}, nil
}

// Respond answers r with the next step of a payment whose call returned
// resp and err:
//
//   - err != nil: the error handler (see [StatusCode]), even when resp is
//     also set (a refusal inside a 2xx answer);
//   - [StepRedirect]: 303 See Other to form_url;
//   - [StepChallenge]: the self-submitting 3-D Secure page ([WriteChallenge]);
//   - [StepDone]: 303 to Options.ReturnURLs.SuccessURL or FailURL, or a
//     status page when that URL is not configured;
//   - [StepPending]: 303 to StatusURL, or a status page.
//
// A form_url or ACS URL that fails [CheckRedirect] or [CheckACSURL] is an
// error (502), never a redirect.
func (p *Responder) Respond(w http.ResponseWriter, r *http.Request, resp *smartcore.PaymentResponse, err error) {
	p.s.respond(w, p.s.begin(r), resp, err)
}

// PayCard makes a host-to-host card payment and answers like [Respond].
// The request is copied; the copy gets the customer's IP address from
// Options.ClientIP and the return URLs from Options.ReturnURLs, and the
// browser's User-Agent and Accept headers for 3-D Secure 2 when req leaves
// them empty. The card data is sent to the Gateway only; it is never
// logged. A nil req is answered 500.
func (p *Responder) PayCard(w http.ResponseWriter, r *http.Request, req *smartcore.CardPaymentRequest) {
	s := p.s
	r = s.begin(r)
	if req == nil {
		s.onError(w, r, errors.New("checkout: PayCard: nil request"))
		return
	}
	r, ip, ok := s.clientIP(w, r)
	if !ok {
		return
	}
	c := *req
	c.IPAddress = ip
	s.replaceURLs(r, &c.ReturnURLs, c.OrderID)
	if c.Browser.UserAgent == "" {
		c.Browser.UserAgent = r.UserAgent()
	}
	if c.Browser.AcceptHeader == "" {
		c.Browser.AcceptHeader = r.Header.Get("Accept")
	}
	r = withOrder(r, c.Order)
	resp, err := s.gw.PayCard(r.Context(), &c)
	s.respond(w, r, resp, err)
}

// clientIP decides the client address and puts it in r's context; on
// failure it answers r itself.
func (s *settings) clientIP(w http.ResponseWriter, r *http.Request) (*http.Request, string, bool) {
	ip, err := s.ip.ClientIP(r)
	if err != nil {
		s.onError(w, r, err)
		return r, "", false
	}
	return withClientIP(r, ip), ip.String(), true
}

// prepare runs Build and returns a copy of its request with the client IP
// and the configured return URLs; on failure it answers r itself.
func (s *settings) prepare(w http.ResponseWriter, r *http.Request) (*http.Request, *smartcore.InitPaymentRequest, bool) {
	r, ip, ok := s.clientIP(w, r)
	if !ok {
		return r, nil, false
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	}
	built, err := s.build(r)
	if err == nil && built == nil {
		err = errors.New("checkout: Build returned a nil request")
	}
	if err != nil {
		s.onError(w, r, err)
		return r, nil, false
	}
	req := *built
	req.IPAddress = ip
	s.replaceURLs(r, &req.ReturnURLs, req.OrderID)
	return withOrder(r, req.Order), &req, true
}

// replaceURLs puts the configured return URLs in place of urls, with
// OrderIDPlaceholder replaced by the order's id. A host whose Build sets
// others is told once per request: those are never sent.
func (s *settings) replaceURLs(r *http.Request, urls *smartcore.ReturnURLs, orderID string) {
	if *urls != (smartcore.ReturnURLs{}) && *urls != s.urls {
		s.log.LogAttrs(r.Context(), slog.LevelWarn,
			"smartcore checkout: the request's return URLs were replaced by Options.ReturnURLs")
	}
	*urls = withOrderID(s.urls, orderID)
}

// withOrderID fills OrderIDPlaceholder in every URL, escaped for a query
// or a path segment alike.
func withOrderID(urls smartcore.ReturnURLs, orderID string) smartcore.ReturnURLs {
	id := escapeComponent(orderID)
	for _, u := range []*string{&urls.SuccessURL, &urls.FailURL, &urls.CallbackURL, &urls.StatusURL} {
		*u = strings.ReplaceAll(*u, OrderIDPlaceholder, id)
	}
	return urls
}

// nextStep turns the gateway's answer into the next step, answering r
// itself (through onError) when the call failed or the answer is unusable.
func (s *settings) nextStep(w http.ResponseWriter, r *http.Request, resp *smartcore.PaymentResponse, err error) (Next, bool) {
	if err == nil {
		var n Next
		if n, err = NextStep(resp, s.policy); err == nil {
			s.logNext(r, n)
			return n, true
		}
	}
	s.onError(w, r, err)
	return Next{}, false
}

// respond is Responder.Respond.
func (s *settings) respond(w http.ResponseWriter, r *http.Request, resp *smartcore.PaymentResponse, err error) {
	n, ok := s.nextStep(w, r, resp, err)
	if !ok {
		return
	}
	switch n.Step {
	case StepRedirect:
		seeOther(w, n.URL)
		s.observeStep(r, n, http.StatusSeeOther)
	case StepChallenge:
		var nonce string
		if s.nonce != nil {
			nonce = s.nonce(r)
		}
		if err := WriteChallenge(w, n, nonce); err != nil {
			s.onError(w, r, err)
			return
		}
		s.observeStep(r, n, http.StatusOK)
	default:
		orderID := n.OrderID
		if o, ok := OrderFromContext(r.Context()); ok {
			orderID = o.OrderID
		}
		urls := withOrderID(s.urls, orderID)
		target := urls.StatusURL
		switch {
		case n.Step == StepDone && n.Status == smartcore.StatusSuccess:
			target = urls.SuccessURL
		case n.Step == StepDone:
			target = urls.FailURL
		}
		if target != "" {
			seeOther(w, target)
			s.observeStep(r, n, http.StatusSeeOther)
			return
		}
		writeStatusPage(w, n.Status, orderID)
		s.observeStep(r, n, http.StatusOK)
	}
}

// seeOther redirects with 303, so that the browser follows with a GET
// whatever method it used, and without a body: http.Redirect would add one
// only for GET and HEAD.
func seeOther(w http.ResponseWriter, url string) {
	noStore(w.Header())
	w.Header().Set("Location", url)
	w.WriteHeader(http.StatusSeeOther)
}

// logNext records the step at Debug level: the order, never the URL's
// query or the challenge's fields.
func (s *settings) logNext(r *http.Request, n Next) {
	ctx := r.Context()
	if !s.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("step", string(n.Step)), slog.Int("status", int(n.Status)), slog.String("gateway_order_id", n.OrderID)}
	if o, ok := OrderFromContext(ctx); ok {
		attrs = append(attrs, slog.String("order_id", o.OrderID))
	}
	s.log.LogAttrs(ctx, slog.LevelDebug, "smartcore checkout: next step", attrs...)
}

// escapeComponent percent-encodes every byte but the unreserved ones of RFC
// 3986, so that the result means the same in a path segment and in a query
// value (url.PathEscape keeps '&' and '=', url.QueryEscape turns ' ' into
// '+').
func escapeComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
