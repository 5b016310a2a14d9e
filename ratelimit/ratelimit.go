// Package ratelimit is per-client rate limiting middleware with bounded
// memory, for putting in front of the checkout handlers: a token bucket per
// client address (golang.org/x/time/rate), the address decided by a
// clientip.Policy, so that a client cannot get a fresh allowance by sending
// another X-Forwarded-For. The address the limiter decided is in the
// request's context for the handlers behind it (clientip.FromContext, or an
// adapter's ClientIP). Invalid options are an error from [New], never a
// panic.
package ratelimit

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore/checkout"
	"github.com/smartcorekit/smartcore/clientip"
)

// Defaults, used for the zero fields of [Options].
const (
	DefaultRate          rate.Limit = 1 // requests per second, per client
	DefaultBurst         int        = 5
	DefaultMaxClients    int        = 10000
	DefaultIPv6PrefixLen int        = 64
)

// Options configures [New].
type Options struct {
	// Rate is each client's sustained rate in requests per second; rate.Inf
	// disables limiting. Default: DefaultRate (1/s).
	Rate rate.Limit

	// Burst is how many requests a client may make at once.
	// Default: DefaultBurst (5).
	Burst int

	// MaxClients caps the clients remembered at once. When a new client
	// arrives and the set is full, the least recently seen client is
	// forgotten (it starts again with a full burst), so memory stays bounded
	// whatever the number of addresses. Default: DefaultMaxClients (10000).
	MaxClients int

	// ClientIP decides who the client is. Default: the zero
	// clientip.Policy, RemoteAddr only. Requests whose address cannot be
	// decided share one limiter.
	ClientIP clientip.Policy

	// IPv6PrefixLen groups IPv6 clients by network, since one subscriber
	// commonly holds a whole /64 and could otherwise rotate addresses.
	// Default: DefaultIPv6PrefixLen (64); 128 limits each address alone.
	IPv6PrefixLen int
}

// New returns middleware that limits each client to opts.Rate requests per
// second with bursts of opts.Burst. A request over the limit is answered
// 429 Too Many Requests with Retry-After in whole seconds (at least 1) and
// a JSON or HTML body as checkout.WriteProblem writes it; it does not reach
// the next handler. Requests that pass carry the client address
// (clientip.FromContext).
//
// Forgetting the least recently seen client when MaxClients is reached
// means that a client able to use more than MaxClients distinct networks
// can make others start again with a full burst; size MaxClients above the
// number of clients active within Burst/Rate seconds.
//
// New returns an error, and no middleware, when a field is negative (Rate
// below zero included), IPv6PrefixLen is over 128, or ClientIP is invalid.
func New(opts Options) (func(http.Handler) http.Handler, error) {
	l, err := newLimiters(opts)
	if err != nil {
		return nil, err
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip, err := l.policy.ClientIP(r)
			if err == nil {
				r = r.WithContext(clientip.NewContext(r.Context(), ip))
			}
			if wait, ok := l.allow(l.key(ip, err), time.Now()); !ok {
				w.Header().Set("Retry-After", strconv.FormatInt(retryAfterSeconds(wait), 10))
				checkout.WriteProblem(w, r, http.StatusTooManyRequests, "Too many requests. Please wait a moment and try again.")
				return
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}

// validate returns an error naming every unusable field of opts.
func (opts Options) validate() error {
	var errs []error
	if opts.Rate < 0 {
		errs = append(errs, fmt.Errorf("Rate %v is negative", opts.Rate)) //lint:ignore ST1005 names the Options field
	}
	if opts.Burst < 0 {
		errs = append(errs, fmt.Errorf("Burst %d is negative", opts.Burst)) //lint:ignore ST1005 names the Options field
	}
	if opts.MaxClients < 0 {
		errs = append(errs, fmt.Errorf("MaxClients %d is negative", opts.MaxClients))
	}
	if opts.IPv6PrefixLen < 0 || opts.IPv6PrefixLen > 128 {
		errs = append(errs, fmt.Errorf("IPv6PrefixLen %d is not within 0..128", opts.IPv6PrefixLen))
	}
	if err := opts.ClientIP.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("ClientIP: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("ratelimit: invalid options: %w", err)
	}
	return nil
}

// retryAfterSeconds rounds a wait up to whole seconds, at least 1: a
// client told "0" would retry at once.
func retryAfterSeconds(d time.Duration) int64 {
	s := int64(math.Ceil(d.Seconds()))
	return max(s, 1)
}
