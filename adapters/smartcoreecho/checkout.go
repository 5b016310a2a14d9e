package smartcoreecho

import (
	"net/http"
	"net/netip"

	"github.com/labstack/echo/v5"

	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
)

// Checkout returns the payment form handler of checkout.New as an echo
// handler: a POST creates the payment and answers 303 to the gateway's
// form, anything else is answered 405 with "Allow: POST". The customer's
// address is decided by opts.ClientIP, never by c.RealIP().
//
// Register it with Any so that the kit answers a wrong method. It returns
// checkout.New's error for unusable options.
func Checkout(opts checkout.Options) (echo.HandlerFunc, error) {
	h, err := checkout.New(opts)
	if err != nil {
		return nil, err
	}
	return handler(h), nil
}

// Wallet returns the Google Pay and Apple Pay handler of
// checkout.NewWalletHandler as an echo handler, which answers the page's
// script in JSON. It returns checkout.NewWalletHandler's error for
// unusable options.
func Wallet(opts checkout.WalletOptions) (echo.HandlerFunc, error) {
	h, err := checkout.NewWalletHandler(opts)
	if err != nil {
		return nil, err
	}
	return handler(h), nil
}

// RateLimit returns echo middleware limiting each client as ratelimit.New
// does. A request over the limit is answered 429 with Retry-After and the
// next handler is not called. The client is decided by opts.ClientIP, so a
// client cannot get a fresh allowance by sending another X-Forwarded-For.
// It returns ratelimit.New's error for unusable options.
func RateLimit(opts ratelimit.Options) (echo.MiddlewareFunc, error) {
	limit, err := ratelimit.New(opts)
	if err != nil {
		return nil, err
	}
	return middleware(limit, false), nil
}

// ClientIP returns the client address that [RateLimit] decided for this
// request with its clientip.Policy, and false when it did not run (the
// checkout handlers answer the request themselves, so nothing runs after
// them to ask).
func ClientIP(c *echo.Context) (netip.Addr, bool) {
	if c == nil || c.Request() == nil {
		return netip.Addr{}, false
	}
	return clientip.FromContext(c.Request().Context())
}

// IPExtractor returns an echo.IPExtractor that decides the client address
// with p, for Echo.IPExtractor, so that c.RealIP() — and echo's logger and
// middlewares that use it — agree with the kit. For a request whose
// RemoteAddr is not an IP address it returns "", as echo's own extractors
// do. It returns p.Validate's error.
func IPExtractor(p clientip.Policy) (echo.IPExtractor, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return func(r *http.Request) string {
		ip, err := p.ClientIP(r)
		if err != nil {
			return ""
		}
		return ip.String()
	}, nil
}
