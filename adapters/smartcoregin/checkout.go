package smartcoregin

import (
	"net/netip"

	"github.com/gin-gonic/gin"

	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
	"github.com/smartcorekit/smartcore/ratelimit"
)

// Checkout returns the payment form handler of checkout.New as a gin
// handler: a POST creates the payment and answers 303 to the gateway's
// form, anything else is answered 405 with "Allow: POST". The chain ends
// there. The customer's address is decided by opts.ClientIP, never by gin's
// c.ClientIP.
//
// Register it with Any so that the kit answers a wrong method. It returns
// checkout.New's error for unusable options.
func Checkout(opts checkout.Options) (gin.HandlerFunc, error) {
	h, err := checkout.New(opts)
	if err != nil {
		return nil, err
	}
	return handler(h), nil
}

// Wallet returns the Google Pay and Apple Pay handler of
// checkout.NewWalletHandler as a gin handler, which answers the page's
// script in JSON. The chain ends there. It returns
// checkout.NewWalletHandler's error for unusable options.
func Wallet(opts checkout.WalletOptions) (gin.HandlerFunc, error) {
	h, err := checkout.NewWalletHandler(opts)
	if err != nil {
		return nil, err
	}
	return handler(h), nil
}

// RateLimit returns gin middleware limiting each client as ratelimit.New
// does. A request over the limit is answered 429 with Retry-After and the
// chain is aborted. The client is decided by opts.ClientIP, so a client
// cannot get a fresh allowance by sending another X-Forwarded-For. It
// returns ratelimit.New's error for unusable options.
func RateLimit(opts ratelimit.Options) (gin.HandlerFunc, error) {
	limit, err := ratelimit.New(opts)
	if err != nil {
		return nil, err
	}
	return middleware(limit, false), nil
}

// ClientIP returns the client address that [RateLimit] decided for this
// request with its clientip.Policy, and false when it did not run (the
// checkout handlers answer the request themselves, so nothing runs after
// them to ask). Use it instead of gin's c.ClientIP wherever the
// address matters.
func ClientIP(c *gin.Context) (netip.Addr, bool) {
	if c == nil || c.Request == nil {
		return netip.Addr{}, false
	}
	return clientip.FromContext(c.Request.Context())
}
