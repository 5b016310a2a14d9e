package client

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Client calls the SmartCore API. It is safe for concurrent use. Build it
// with [New]; the zero value is not usable.
//
// Every call validates its request with package validate before anything is
// sent, POSTs it as JSON with Basic authentication to the host the document
// names for the endpoint (card data goes to the PCI DSS host only) and
// decodes the answer tolerantly. The errors a call returns are:
//
//   - the validation error (errors.As to validate.Errors) when the request is
//     invalid, and a plain error for a nil request; nothing is sent;
//   - a plain wrapped error when nothing reached the gateway (DNS failure,
//     connection refused, context done before sending);
//   - *[APIError] when the gateway refused the request, together with the
//     decoded response when the refusal came inside a 2xx answer;
//   - *[OutcomeUnknownError] (errors.Is [ErrOutcomeUnknown]) when a
//     state-changing call may have been processed but no usable answer came
//     back.
//
// Formatting a Client with any fmt verb, or logging it with slog, never
// shows the secret.
type Client struct {
	merchantKey string
	// auth is the Authorization header value; like secret it must never be
	// printed, which is why Client has its own Format and LogValue.
	auth        string
	secret      string
	baseURL     string
	pciBaseURL  string
	http        *http.Client
	limiter     *rate.Limiter
	logger      *slog.Logger
	maxAttempts int
	baseDelay   time.Duration
	userAgent   string
	validate    func(any) error // nil: requests are sent unchecked
	observer    func(context.Context, CallEvent)
}

// New returns a client for the merchant with the given key and secret
// ([smartcore.SandboxMerchantKey] and [smartcore.SandboxSecret] for the
// document's sandbox). It returns an error, and no client, when either is
// empty, when the key contains a colon or a control character (Basic
// authentication cannot carry them), or when an option is invalid.
func New(merchantKey, secret string, opts ...Option) (*Client, error) {
	if merchantKey == "" || secret == "" {
		return nil, errors.New("smartcore: client.New: empty merchant key or secret")
	}
	if strings.ContainsFunc(merchantKey, func(r rune) bool { return r == ':' || r < ' ' || r == 0x7f }) {
		return nil, errors.New("smartcore: client.New: merchant key contains a colon or control character")
	}
	cfg := clientConfig{
		baseURL:     DefaultBaseURL,
		pciBaseURL:  DefaultPCIBaseURL,
		maxAttempts: defaultMaxAttempts,
		baseDelay:   defaultBaseDelay,
		userAgent:   defaultUserAgent,
		validate:    defaultValidator,
	}
	for _, opt := range opts {
		if opt == nil {
			return nil, errors.New("smartcore: client.New: nil Option")
		}
		if err := opt(&cfg); err != nil {
			return nil, fmt.Errorf("smartcore: client.New: %w", err)
		}
	}
	if cfg.httpClient == nil {
		cfg.httpClient = newDefaultHTTPClient()
	}
	return &Client{
		merchantKey: merchantKey,
		auth:        "Basic " + base64.StdEncoding.EncodeToString([]byte(merchantKey+":"+secret)),
		secret:      secret,
		baseURL:     cfg.baseURL,
		pciBaseURL:  cfg.pciBaseURL,
		http:        cfg.httpClient,
		limiter:     cfg.limiter,
		logger:      cfg.logger,
		maxAttempts: cfg.maxAttempts,
		baseDelay:   cfg.baseDelay,
		userAgent:   cfg.userAgent,
		validate:    cfg.validate,
		observer:    cfg.observer,
	}, nil
}

// MerchantKey returns the merchant key the client authenticates with, or ""
// for a nil client. The key identifies the merchant and is not secret.
func (c *Client) MerchantKey() string {
	if c == nil {
		return ""
	}
	return c.merchantKey
}

// endpoint is one API operation as the document describes it.
type endpoint struct {
	path string
	pci  bool // served by the PCI DSS host because the request carries card data
	safe bool // changes nothing at the gateway, so it may be retried
}

// The endpoints, with the host each curl line of the document uses.
var (
	epInitPayment  = endpoint{path: "/initPayment"}
	epHost2Host    = endpoint{path: "/initPaymentHost2Host", pci: true}
	epAuthorize    = endpoint{path: "/authorize", pci: true}
	epCapture      = endpoint{path: "/capture"}
	epCancel       = endpoint{path: "/cancel"}
	epCheck        = endpoint{path: "/check", safe: true}
	epRefund       = endpoint{path: "/refund"}
	epRecurrent    = endpoint{path: "/recurrent"}
	epTokenizeForm = endpoint{path: "/withdrawal/tokenize-form"}
	epWithdrawCard = endpoint{path: "/withdrawal/init", pci: true}
	epWithdraw     = endpoint{path: "/withdrawal/init"}
	epBalance      = endpoint{path: "/withdrawal/balance/get", safe: true}
)

func (c *Client) url(ep endpoint) string {
	if ep.pci {
		return c.pciBaseURL + ep.path
	}
	return c.baseURL + ep.path
}

func (ep endpoint) host() string {
	if ep.pci {
		return "pci"
	}
	return "gateway"
}

func errNilRequest(ep endpoint) error {
	return fmt.Errorf("smartcore: %s: nil request", ep.path)
}
