package checkout

import (
	"net/http"
)

// formHandler is the payment-form handler; see New.
type formHandler struct {
	s *settings
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
// (a prefetch, a crawler) would create orders at the gateway.
//
// New returns an error when Gateway or Build is nil, ClientIP or a host
// list is invalid, or a configured return URL is not an absolute http(s)
// URL.
func New(opts Options) (http.Handler, error) {
	s, err := opts.settings(true)
	if err != nil {
		return nil, err
	}
	s.handler = HandlerForm
	return &formHandler{s: s}, nil
}

// ServeHTTP implements http.Handler.
func (h *formHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r = h.s.begin(r)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.s.onError(w, r, &Error{Status: http.StatusMethodNotAllowed})
		return
	}
	r, req, ok := h.s.prepare(w, r)
	if !ok {
		return
	}
	resp, err := h.s.gw.InitPayment(r.Context(), req)
	h.s.respond(w, r, resp, err)
}
