package checkout

import (
	"fmt"
	"net/http"
)

// formHandler is the payment-form handler; see New.
type formHandler struct {
	s      *settings
	origin *http.CrossOriginProtection
}

// New returns the handler that starts a hosted-form payment: for a POST it
//
//  1. decides the customer's IP address with Options.ClientIP;
//  2. calls Options.Build for the order;
//  3. sends a copy of that request to InitPayment with customer_ip_address
//     set to that address and the four return URLs replaced by
//     Options.ReturnURLs (never taken from the incoming request);
//  4. answers 303 See Other to the form_url of the answer once
//     [CheckRedirect] accepts it, or the other next steps as
//     [Responder.Respond] describes.
//
// Failures go to Options.ErrorHandler: see [StatusCode] for the statuses.
// A method other than POST is answered 405 with "Allow: POST", since a GET
// (a prefetch, a crawler) would create orders at the gateway. A POST that
// a browser sent from another origin (a page elsewhere submitting a form
// with the shopper's cookies) is answered 403, unless its origin is in
// Options.TrustedOrigins: see [http.CrossOriginProtection], which decides.
//
// New returns an error when Gateway or Build is nil, ClientIP or a host
// list is invalid, a configured return URL is not an absolute http(s) URL,
// or a trusted origin is not scheme://host[:port].
func New(opts Options) (http.Handler, error) {
	s, err := opts.settings(true)
	if err != nil {
		return nil, err
	}
	s.handler = HandlerForm
	origin := http.NewCrossOriginProtection()
	for _, o := range opts.TrustedOrigins {
		if err := origin.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("checkout: Options.TrustedOrigins: %w", err)
		}
	}
	return &formHandler{s: s, origin: origin}, nil
}

// ServeHTTP implements http.Handler.
func (h *formHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r = h.s.begin(r)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.s.onError(w, r, &Error{Status: http.StatusMethodNotAllowed})
		return
	}
	if err := h.origin.Check(r); err != nil {
		h.s.onError(w, r, &Error{Status: http.StatusForbidden,
			Message: "This payment must be started from the shop's own page.", Err: err})
		return
	}
	r, req, ok := h.s.prepare(w, r)
	if !ok {
		return
	}
	resp, err := h.s.gw.InitPayment(r.Context(), req)
	h.s.respond(w, r, resp, err)
}
