// Package clientip decides which IP address an HTTP request came from.
//
// Every handler of the kit that needs the customer's address — to send
// customer_ip_address to the gateway, or to key a rate limiter — uses a
// [Policy] instead of a web framework's default. Those defaults (gin's
// ClientIP, echo's RealIP) believe X-Forwarded-For from anyone, so a client
// could choose the address the gateway's antifraud sees and slip past
// per-client limits by sending a different header with every request.
//
// A Policy believes a forwarding header only when the TCP peer
// (http.Request.RemoteAddr) is one of the configured trusted proxies, and
// then only the part of the header that trusted proxies appended. The zero
// Policy trusts nothing and returns the peer's address. Name the load
// balancer's networks in Policy.TrustedProxies, and give the same Policy to
// checkout.Options.ClientIP and ratelimit.Options.ClientIP; the address a
// handler decided is read back with FromContext.
//
// The address a handler decided travels in the request's context:
// [NewContext] stores it and [FromContext] reads it, wherever the request
// goes next. Package ratelimit's middleware and package checkout's
// handlers store the address they decided, so an application reads it in
// one place whichever of them ran.
//
// # Framework defaults
//
// gin's c.ClientIP() trusts every proxy unless SetTrustedProxies was
// called, echo v4's c.RealIP() believes any X-Forwarded-For unless
// Echo.IPExtractor is set, and chi's middleware.RealIP rewrites
// http.Request.RemoteAddr from X-Forwarded-For, X-Real-IP or
// True-Client-IP, whoever sent them. The kit's handlers never ask the
// framework. Do not put chi's middleware.RealIP in front of them: a Policy
// would then take the rewritten address for the TCP peer (the
// adapters/chiexample module's tests show it). Use chi v5.3.0 or later
// (earlier versions have open-redirect and IP-spoofing advisories in their
// middleware).
package clientip

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Header names a Policy understands.
const (
	// HeaderXForwardedFor is a comma-separated list to which each proxy
	// appends the address it received the request from. It is the default.
	HeaderXForwardedFor = "X-Forwarded-For"
	// HeaderXRealIP holds one address, set (not appended) by the proxy.
	HeaderXRealIP = "X-Real-IP"
)

// Errors returned by [Policy.ClientIP] and [Policy.Validate]; test with
// errors.Is.
var (
	// ErrInvalidRemoteAddr: r.RemoteAddr is not an IP address with or
	// without a port (a Unix socket peer, a test request without one).
	ErrInvalidRemoteAddr = errors.New("clientip: RemoteAddr is not an IP address")
	// ErrUnsupportedHeader: Policy.Header names a header this package cannot
	// read safely, such as RFC 7239 Forwarded.
	ErrUnsupportedHeader = errors.New("clientip: unsupported header")
	// ErrInvalidPrefix: a trusted proxy prefix is the zero netip.Prefix.
	ErrInvalidPrefix = errors.New("clientip: invalid trusted proxy prefix")
)

// Policy says whose forwarding headers to believe. The zero value trusts no
// proxy: ClientIP is the address of the TCP peer.
type Policy struct {
	// TrustedProxies are the networks of the reverse proxies and load
	// balancers in front of the application. A forwarding header is read
	// only when the request's peer is inside one of them.
	// Default: none (headers are ignored).
	TrustedProxies []netip.Prefix

	// Header is the forwarding header the trusted proxies set.
	// "X-Forwarded-For" (the default when empty) is read from the right,
	// skipping trusted proxies. Any other name, such as "X-Real-IP" or
	// "CF-Connecting-IP", is read as a single address that the proxy sets,
	// overwriting what the client sent. "Forwarded" (RFC 7239) is not
	// supported. Names are case-insensitive.
	Header string
}

// Validate reports whether p can be used: every prefix must be valid and
// the header supported. It returns nil for the zero Policy.
func (p Policy) Validate() error {
	for i, pfx := range p.TrustedProxies {
		if !pfx.IsValid() {
			return fmt.Errorf("%w: TrustedProxies[%d]", ErrInvalidPrefix, i)
		}
	}
	_, err := p.header()
	return err
}

// ClientIP returns the address the request came from according to p:
//
//   - without TrustedProxies, or when RemoteAddr is not inside one of them,
//     the address of RemoteAddr; headers are never consulted, so a client
//     talking to the application directly cannot choose its address;
//   - for X-Forwarded-For, the rightmost address that is not a trusted
//     proxy, walking from RemoteAddr leftwards through every header line.
//     Entries left of it were written by the client and are ignored. When
//     an entry is not an address, the walk stops and the nearest trusted
//     hop right of it is returned; when every entry is a trusted proxy, the
//     leftmost one is;
//   - for a single-address header, its value when it is exactly one
//     address, and RemoteAddr otherwise (missing, repeated or malformed).
//
// Addresses are returned without a zone, IPv4-mapped IPv6 addresses
// (::ffff:192.0.2.1) as IPv4. Entries may carry a port ("192.0.2.1:443",
// "[2001:db8::1]:443"), which is dropped.
//
// It returns an error wrapping [ErrInvalidRemoteAddr] when RemoteAddr is not
// an address, and [ErrUnsupportedHeader] for an unsupported Header; a nil
// request is an error too.
func (p Policy) ClientIP(r *http.Request) (netip.Addr, error) {
	if r == nil {
		return netip.Addr{}, errors.New("clientip: nil request")
	}
	remote, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return netip.Addr{}, fmt.Errorf("%w: %q", ErrInvalidRemoteAddr, r.RemoteAddr)
	}
	name, err := p.header()
	if err != nil {
		return netip.Addr{}, err
	}
	if !p.trusted(remote) {
		return remote, nil
	}
	values := r.Header.Values(name)
	if name == HeaderXForwardedFor {
		return p.walkForwardedFor(values, remote), nil
	}
	if len(values) != 1 {
		return remote, nil
	}
	if a, ok := parseAddr(strings.TrimSpace(values[0])); ok {
		return a, nil
	}
	return remote, nil
}

// header returns the canonical name of the header p reads.
func (p Policy) header() (string, error) {
	if p.Header == "" {
		return HeaderXForwardedFor, nil
	}
	name := http.CanonicalHeaderKey(strings.TrimSpace(p.Header))
	switch name {
	case "", "Forwarded":
		return "", fmt.Errorf("%w: %q", ErrUnsupportedHeader, p.Header)
	}
	if strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == ':' }) {
		return "", fmt.Errorf("%w: %q", ErrUnsupportedHeader, p.Header)
	}
	return name, nil
}

// trusted reports whether a is inside one of p's trusted networks.
func (p Policy) trusted(a netip.Addr) bool {
	for _, pfx := range p.TrustedProxies {
		if pfx.Contains(a) {
			return true
		}
	}
	return false
}

// walkForwardedFor reads X-Forwarded-For right to left. Several header
// lines are one list in order (RFC 9110 §5.3), so the walk continues from
// the last entry of a line to the last entry of the line before it.
func (p Policy) walkForwardedFor(lines []string, remote netip.Addr) netip.Addr {
	nearest := remote // the closest hop known to be a trusted proxy
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for {
			entry := rest
			comma := strings.LastIndexByte(rest, ',')
			if comma >= 0 {
				entry, rest = rest[comma+1:], rest[:comma]
			}
			a, ok := parseAddr(strings.TrimSpace(entry))
			if !ok {
				// A trusted proxy wrote something that is not an address
				// (or did not append at all): nothing left of here can be
				// attributed, so fall back to the last hop we can vouch for.
				return nearest
			}
			if !p.trusted(a) {
				return a
			}
			nearest = a
			if comma < 0 {
				break
			}
		}
	}
	return nearest
}

// parseAddr reads "addr", "addr:port", "[v6]:port" or "[v6]" and returns
// the address without zone, IPv4-mapped addresses unmapped.
func parseAddr(s string) (netip.Addr, bool) {
	if s == "" {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
				return netip.Addr{}, false
			}
			if a, err = netip.ParseAddr(s[1 : len(s)-1]); err != nil || !a.Is6() {
				return netip.Addr{}, false
			}
		} else {
			a = ap.Addr()
		}
	}
	return a.WithZone("").Unmap(), true
}
