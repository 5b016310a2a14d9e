package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore/validate"
)

// The hosts the API document names.
const (
	// DefaultBaseURL is the gateway host, which serves every endpoint that
	// carries no card data.
	DefaultBaseURL = "https://api-gateway.smartcore.pro"
	// DefaultPCIBaseURL is the PCI DSS host, which serves the endpoints that
	// carry card data (initPaymentHost2Host, authorize, card withdrawals).
	DefaultPCIBaseURL = "https://chd-api.smartcore.pro"
)

const (
	defaultTimeout     = 30 * time.Second
	defaultMaxAttempts = 3
	defaultBaseDelay   = 200 * time.Millisecond
	// maxRetryWait caps both Retry-After and the exponential backoff, so that
	// a misbehaving proxy cannot park a caller for minutes.
	maxRetryWait = 30 * time.Second
)

// defaultValidator is the check New installs unless WithValidator or
// WithoutValidation replaces it.
var defaultValidator = validate.Struct

// clientConfig collects what the options set before New builds the
// Client from it.
type clientConfig struct {
	httpClient  *http.Client
	baseURL     string
	pciBaseURL  string
	limiter     *rate.Limiter
	logger      *slog.Logger
	maxAttempts int
	baseDelay   time.Duration
	userAgent   string
	validate    func(any) error // nil: no local validation
	observer    func(context.Context, CallEvent)
}

// Option configures a [Client] in [New]. An option given an invalid
// value makes New return an error rather than a half-configured client.
type Option func(*clientConfig) error

// WithHTTPClient makes the client send its requests through a copy of hc,
// made when New runs, whose Transport, Jar and Timeout then apply. The copy
// never follows a redirect, whatever hc's CheckRedirect says: hc itself is
// left unchanged. Without it the client uses a new http.Client with a 30s
// timeout, a clone of the default transport and no redirects either (never
// http.DefaultClient). A nil hc is an error.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *clientConfig) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		own := *hc
		own.CheckRedirect = noRedirects
		c.httpClient = &own
		return nil
	}
}

// WithBaseURL sets the gateway host (default [DefaultBaseURL]), for a
// sandbox or a test server. u must be an absolute http or https URL without
// credentials, query or fragment; a path prefix is kept. Anything else is an
// error.
func WithBaseURL(u string) Option {
	return func(c *clientConfig) error {
		base, err := parseBaseURL(u)
		if err != nil {
			return fmt.Errorf("WithBaseURL: %w", err)
		}
		c.baseURL = base
		return nil
	}
}

// WithPCIBaseURL sets the PCI DSS host (default [DefaultPCIBaseURL]) that
// receives card data. u follows the rules of [WithBaseURL].
func WithPCIBaseURL(u string) Option {
	return func(c *clientConfig) error {
		base, err := parseBaseURL(u)
		if err != nil {
			return fmt.Errorf("WithPCIBaseURL: %w", err)
		}
		c.pciBaseURL = base
		return nil
	}
}

// WithRateLimit makes the client wait, honouring the request's context,
// until a token bucket of limit requests per second and the given burst
// allows each HTTP request, retries included. limit must be positive
// (rate.Inf allowed) and burst at least 1; otherwise it is an error.
func WithRateLimit(limit rate.Limit, burst int) Option {
	return func(c *clientConfig) error {
		if limit <= 0 || burst < 1 {
			return fmt.Errorf("WithRateLimit: need limit > 0 and burst >= 1, got %v and %d", limit, burst)
		}
		c.limiter = rate.NewLimiter(limit, burst)
		return nil
	}
}

// WithLogger makes the client log one debug record per HTTP request with
// the method, path, status, attempt and duration. Bodies, headers and
// credentials are never logged. A nil logger is an error; without this option
// nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *clientConfig) error {
		if l == nil {
			return errors.New("WithLogger: nil *slog.Logger")
		}
		c.logger = l
		return nil
	}
}

// WithRetry sets how often Check and Balance, the only calls that change
// nothing at the gateway, are attempted when the transport fails or the
// gateway answers 429, 502, 503 or 504: up to maxAttempts in all, waiting
// about baseDelay, 2*baseDelay, 4*baseDelay... (with jitter, at most 30s)
// or what Retry-After asks. The default is 3 attempts from 200ms;
// maxAttempts 1 disables retries. maxAttempts < 1 or a negative baseDelay is
// an error. Payments, captures, cancels, refunds, recurrents and withdrawals
// are never retried, whatever this option says.
func WithRetry(maxAttempts int, baseDelay time.Duration) Option {
	return func(c *clientConfig) error {
		if maxAttempts < 1 || baseDelay < 0 {
			return fmt.Errorf("WithRetry: need maxAttempts >= 1 and baseDelay >= 0, got %d and %v", maxAttempts, baseDelay)
		}
		c.maxAttempts = maxAttempts
		c.baseDelay = baseDelay
		return nil
	}
}

// WithUserAgent sets the User-Agent header of every request, replacing the
// default "smartcore-go/<version> <go version>" (such as
// "smartcore-go/0.1.0 go1.26.8"; "devel" for the version when the kit is
// built from a directory). An empty value, or one holding a control
// character (a line break, NUL, DEL or any other byte below 0x20 but the
// tab), is an error: net/http would refuse the header on every call.
func WithUserAgent(ua string) Option {
	return func(c *clientConfig) error {
		if strings.TrimSpace(ua) == "" {
			return errors.New("WithUserAgent: empty user agent")
		}
		if i := strings.IndexFunc(ua, func(r rune) bool { return (r < ' ' && r != '\t') || r == 0x7f }); i >= 0 {
			return fmt.Errorf("WithUserAgent: control character %q at byte %d of the user agent (line breaks, NUL, DEL... are not allowed in a header)", ua[i], i)
		}
		c.userAgent = ua
		return nil
	}
}

// WithValidator replaces the check every request passes before anything
// is sent, by default [validate.Struct] (the rules the API document
// states). fn gets the request (a pointer to one of the request types,
// with payment_method already filled in); when it returns an error, the
// call returns that error wrapped (errors.Is and errors.As see it) and
// sends nothing. Pass [validate.Strict] to also check the formats the
// document leaves open (phone shape, card number checksum, card network
// list...). A nil fn is an error: use [WithoutValidation].
func WithValidator(fn func(any) error) Option {
	return func(c *clientConfig) error {
		if fn == nil {
			return errors.New("WithValidator: nil func (use WithoutValidation to send requests unchecked)")
		}
		c.validate = fn
		return nil
	}
}

// WithoutValidation makes the client send requests without checking them
// first, for the day the gateway accepts something the kit's rules refuse:
// the gateway is then the only judge, and a request it refuses comes back
// as an *[APIError] (typically VALIDATION_PROCESSING_ERROR). A later
// [WithValidator] turns checking back on.
func WithoutValidation() Option {
	return func(c *clientConfig) error {
		c.validate = nil
		return nil
	}
}

// parseBaseURL checks u and returns it without a trailing slash, so that
// endpoint paths can be appended. Credentials are refused because the URL
// ends up in logs and transport errors.
func parseBaseURL(u string) (string, error) {
	p, err := url.Parse(u)
	if err != nil {
		return "", errors.New("invalid URL")
	}
	switch {
	case p.User != nil:
		return "", errors.New("the URL must not carry credentials")
	case p.Scheme != "http" && p.Scheme != "https":
		return "", fmt.Errorf("%q is not an absolute http(s) URL", u)
	case p.Host == "":
		return "", fmt.Errorf("%q has no host", u)
	case p.RawQuery != "" || p.ForceQuery || p.Fragment != "":
		return "", fmt.Errorf("%q must not have a query or fragment", u)
	}
	return strings.TrimRight(p.String(), "/"), nil
}

// noRedirects is every client's CheckRedirect. A redirected POST either
// turns into a GET (301, 302, 303) or replays a payment elsewhere (307,
// 308), and the gateway has no reason to redirect an API call: the 3xx
// itself is the answer (see leavesOpen).
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// newDefaultHTTPClient builds the client used without WithHTTPClient.
func newDefaultHTTPClient() *http.Client {
	var tr http.RoundTripper
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		tr = t.Clone()
	} else {
		tr = &http.Transport{Proxy: http.ProxyFromEnvironment}
	}
	return &http.Client{
		Timeout:       defaultTimeout,
		Transport:     tr,
		CheckRedirect: noRedirects,
	}
}
