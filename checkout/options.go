package checkout

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/validate"
)

// Gateway is the part of *client.Client this package calls, so that
// tests can pass a fake. *client.Client satisfies it. Implementations
// follow the client's error contract: *client.APIError for a refusal,
// an error wrapping client.ErrOutcomeUnknown when the outcome is not
// known, validate.Errors for an invalid request.
type Gateway interface {
	// InitPayment creates a hosted payment form (POST /initPayment).
	InitPayment(ctx context.Context, req *smartcore.InitPaymentRequest) (*smartcore.PaymentResponse, error)
	// PayCard charges a card directly (POST /initPaymentHost2Host).
	PayCard(ctx context.Context, req *smartcore.CardPaymentRequest) (*smartcore.PaymentResponse, error)
	// PayApplePay charges an Apple Pay DPAN (POST /initPaymentHost2Host).
	PayApplePay(ctx context.Context, req *smartcore.ApplePayPaymentRequest) (*smartcore.PaymentResponse, error)
	// PayGooglePay charges a Google Pay DPAN (POST /initPaymentHost2Host).
	PayGooglePay(ctx context.Context, req *smartcore.GooglePayPaymentRequest) (*smartcore.PaymentResponse, error)
}

// BuildFunc returns the order the incoming request pays for: account,
// amount, currency, order_id, merchant_site and customer. The cart and the
// order are the host's; this package only adds what it owns (the
// customer's IP address and the return URLs).
//
// The request it receives carries the client IP ([clientip.FromContext]).
// Its return value is copied, never modified, so it may be shared. An
// error is answered through the error handler: 500 unless it is (or wraps)
// an [*Error] with another status.
type BuildFunc func(r *http.Request) (*smartcore.InitPaymentRequest, error)

// DefaultMaxBodyBytes is Options.MaxBodyBytes when it is zero.
const DefaultMaxBodyBytes = 64 << 10

// OrderIDPlaceholder in a return URL of Options stands for the order's id.
const OrderIDPlaceholder = "{order_id}"

// Options configures [New], [NewResponder] and (embedded in
// [WalletOptions]) [NewWalletHandler].
type Options struct {
	// Gateway makes the calls; usually a *client.Client. Required.
	Gateway Gateway

	// Build returns the order to pay. Required by New and NewWalletHandler;
	// not used by NewResponder.
	Build BuildFunc

	// ReturnURLs are the success, fail, callback and status URLs sent with
	// every payment. They come from here only: whatever Build or the
	// incoming request says is replaced (a Build that sets different ones
	// is logged as a warning), so no request parameter can turn them into
	// an open redirect. A URL left empty is sent empty and the gateway
	// falls back on the account's settings. Each one that is set must be an
	// absolute http or https URL without user info.
	//
	// After a host-to-host payment ends without a redirect, the browser is
	// sent to SuccessURL or FailURL (for a final status) or StatusURL (for
	// a pending one); without them a short status page is shown.
	//
	// OrderIDPlaceholder ("{order_id}") anywhere in a URL is replaced by the
	// order's id, path-escaped, so that a return page knows its order:
	// "https://shop.example/orders/{order_id}/done".
	// Default: all empty.
	ReturnURLs smartcore.ReturnURLs

	// MaxBodyBytes caps the incoming request's body before Build reads it:
	// a cart posted as a form is small, and net/http's own ParseForm limit
	// is 10 MB. A Build whose read fails on a larger body returns an error
	// wrapping *http.MaxBytesError, answered 413.
	// Default: DefaultMaxBodyBytes (64 KiB).
	MaxBodyBytes int64

	// ClientIP decides the customer_ip_address sent to the gateway.
	// Default: the zero clientip.Policy, which uses RemoteAddr and trusts
	// no forwarding header.
	ClientIP clientip.Policy

	// AllowedHosts are the hosts form_url may point to.
	// Default: DefaultPaymentHost. See [RedirectPolicy].
	AllowedHosts []string

	// TrustedOrigins are the origins ("https://shop.example", scheme, host
	// and port) besides the handler's own from which a browser may post
	// New's payment form: a checkout page served from another origin than
	// the handler. Other cross-origin posts are refused 403, so that no
	// other site can start payments with the shopper's cookies. Requests
	// without the browser's Sec-Fetch-Site or Origin header (server to
	// server, curl) are let through, as http.CrossOriginProtection does.
	// Default: none.
	TrustedOrigins []string

	// SandboxHosts may also be reached over plain http ("127.0.0.1:8090").
	// Default: none. See [RedirectPolicy].
	SandboxHosts []string

	// ACSHosts restricts the 3-D Secure ACS hosts. Default: any host over
	// https. See [RedirectPolicy].
	ACSHosts []string

	// CSPNonce returns the nonce of the request's Content-Security-Policy,
	// which is put on the inline script of the 3-D Secure page. When nil,
	// that page sends its own policy allowing exactly its script by hash.
	// Default: nil.
	CSPNonce func(r *http.Request) string

	// Logger receives one record per failed request (level Error for 5xx,
	// Warn for 4xx) with a reference id, the order_id and the error — never
	// card data, wallet tokens or secrets — and Debug records of each
	// payment's next step. Default: nothing is logged.
	Logger *slog.Logger

	// ErrorHandler answers every failed request in place of
	// [DefaultErrorHandler]. It receives the request with [OrderFromContext]
	// and [clientip.FromContext] set when they are known, and the error with
	// its cause; use [StatusCode] and [PublicMessage] to classify it.
	// Default: DefaultErrorHandler(Logger).
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)

	// Observer, when set, is called once per request after it was
	// answered, with where the customer was sent or why the request failed
	// (see [Event]), for metrics and traces; package smartcoreotel provides
	// one for OpenTelemetry. It runs on the request's goroutine with the
	// request's context, so it must be quick and safe for concurrent use.
	// Default: nil, and nothing is measured.
	Observer func(ctx context.Context, e Event)
}

// RedirectPolicy returns the hosts of o as a [RedirectPolicy].
func (o Options) RedirectPolicy() RedirectPolicy {
	return RedirectPolicy{AllowedHosts: o.AllowedHosts, SandboxHosts: o.SandboxHosts, ACSHosts: o.ACSHosts}
}

// settings is Options checked, with defaults applied.
type settings struct {
	gw      Gateway
	build   BuildFunc
	urls    smartcore.ReturnURLs
	ip      clientip.Policy
	policy  RedirectPolicy
	nonce   func(*http.Request) string
	maxBody int64
	log     *slog.Logger
	onError func(http.ResponseWriter, *http.Request, error)
	// observer and handler are Options.Observer and the name its events
	// give the handler (Event.Handler).
	observer func(context.Context, Event)
	handler  string
}

func (o Options) settings(needBuild bool) (*settings, error) {
	if o.Gateway == nil {
		return nil, errors.New("checkout: Options.Gateway is nil")
	}
	if needBuild && o.Build == nil {
		return nil, errors.New("checkout: Options.Build is nil")
	}
	if err := o.ClientIP.Validate(); err != nil {
		return nil, fmt.Errorf("checkout: Options.ClientIP: %w", err)
	}
	if err := o.RedirectPolicy().Validate(); err != nil {
		return nil, err
	}
	for _, u := range []struct{ name, value string }{
		{"SuccessURL", o.ReturnURLs.SuccessURL}, {"FailURL", o.ReturnURLs.FailURL},
		{"CallbackURL", o.ReturnURLs.CallbackURL}, {"StatusURL", o.ReturnURLs.StatusURL},
	} {
		if u.value != "" && !isWebURL(strings.ReplaceAll(u.value, OrderIDPlaceholder, "order")) {
			return nil, fmt.Errorf("checkout: Options.ReturnURLs.%s is not an absolute http(s) URL without user info", u.name)
		}
		if placeholderBeforePath(u.value) {
			// An order id (which a customer may choose) must never pick the host.
			return nil, fmt.Errorf("checkout: Options.ReturnURLs.%s has %s before its path", u.name, OrderIDPlaceholder)
		}
	}
	s := &settings{
		gw: o.Gateway, build: o.Build, urls: o.ReturnURLs, ip: o.ClientIP,
		policy: o.RedirectPolicy(), nonce: o.CSPNonce, log: o.Logger, onError: o.ErrorHandler,
		observer: o.Observer,
	}
	if o.MaxBodyBytes < 0 {
		return nil, errors.New("checkout: negative Options.MaxBodyBytes")
	}
	s.maxBody = o.MaxBodyBytes
	if s.maxBody == 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.onError == nil {
		s.onError = DefaultErrorHandler(s.log)
	}
	s.onError = s.observed(s.onError)
	return s, nil
}

// isWebURL applies the strict "weburl" rule (no user info, a valid host),
// so that a bad configuration fails at construction rather than on the
// first payment.
func isWebURL(s string) bool {
	return validate.StrictVar(s, "weburl") == nil
}

// placeholderBeforePath reports whether OrderIDPlaceholder stands in the
// scheme, user info, host or port of u.
func placeholderBeforePath(u string) bool {
	i := strings.Index(u, OrderIDPlaceholder)
	if i < 0 {
		return false
	}
	rest := u
	if j := strings.Index(rest, "://"); j >= 0 {
		rest = rest[j+3:]
		i -= j + 3
	}
	end := strings.IndexAny(rest, "/?#")
	return i < 0 || end < 0 || i < end
}
