package checkout

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// DefaultPaymentHost is the gateway's payment page host, where form_url
// points in every example of the document. It is the only allowed redirect
// host when [RedirectPolicy.AllowedHosts] is empty.
const DefaultPaymentHost = "payment.smartcore.pro"

// maxURLLength bounds what is checked and sent to a browser; a form_url is
// well under 100 bytes, and browsers themselves stop somewhere above 2 KB.
const maxURLLength = 4096

// ErrRedirectRejected is wrapped by every error of [CheckRedirect] and
// [CheckACSURL]: the gateway's answer pointed the customer somewhere this
// policy does not send customers.
var ErrRedirectRejected = errors.New("checkout: redirect target rejected")

// RedirectPolicy says where the gateway may send a customer's browser.
//
// Hosts are written "host" or "host:port" ("payment.smartcore.pro",
// "127.0.0.1:8090", "[::1]:8090"), without scheme, path or user info, and
// compared case-insensitively. An entry without a port matches a URL with
// no port or the scheme's default port (443 for https, 80 for http); an
// entry with a port matches that port only, so a different port is a
// different host.
type RedirectPolicy struct {
	// AllowedHosts are the hosts form_url may point to, over https.
	// Default: [DefaultPaymentHost] only.
	AllowedHosts []string

	// SandboxHosts are hosts that may also be reached over plain http, such
	// as a local emulator of the gateway ("127.0.0.1:8090"). They are
	// allowed for form_url and ACS URLs in addition to the other lists.
	// Default: none (http is never allowed).
	SandboxHosts []string

	// ACSHosts restricts the 3-D Secure ACS URLs, which belong to the card
	// issuers, to these hosts. Default: any host, over https only (the
	// issuers are not known in advance).
	ACSHosts []string
}

// Validate reports whether every host entry of p is well formed. It
// returns an error naming the first one that is not (a scheme, path, user
// info, empty port or character that a host cannot have).
func (p RedirectPolicy) Validate() error {
	for _, list := range []struct {
		name  string
		hosts []string
	}{{"AllowedHosts", p.AllowedHosts}, {"SandboxHosts", p.SandboxHosts}, {"ACSHosts", p.ACSHosts}} {
		for i, h := range list.hosts {
			if _, ok := parseHostEntry(h); !ok {
				return fmt.Errorf("checkout: RedirectPolicy.%s[%d]: %q is not a host or host:port", list.name, i, h)
			}
		}
	}
	return nil
}

// CheckRedirect reports whether u may be sent to a browser as a redirect
// to the gateway's payment page under policy p. It accepts u only when all
// of these hold:
//
//   - u is an absolute URL with "//" authority, at most 4096 bytes, made of
//     printable ASCII without spaces or backslashes (browsers read '\' as
//     '/', which is how "https://evil.com\@payment.smartcore.pro" reaches
//     evil.com);
//   - the scheme is https, or http for a host in p.SandboxHosts;
//   - the authority has no user info (no '@'), and its host is in
//     p.AllowedHosts (default [DefaultPaymentHost]) or p.SandboxHosts,
//     spelled with letters, digits, '-' and '.' or as a bracketed IPv6
//     address (no percent-escapes, no trailing dot).
//
// Host names are compared case-insensitively, as DNS does: an upper-case
// spelling of an allowed host is the same host and is accepted. Anything
// else, including "", relative URLs and "javascript:" URLs, returns an
// error wrapping [ErrRedirectRejected] that says why; the error never
// contains the URL's path or query.
func CheckRedirect(u string, p RedirectPolicy) error {
	allowed := p.AllowedHosts
	if len(allowed) == 0 {
		allowed = []string{DefaultPaymentHost}
	}
	return p.check(u, allowed, false)
}

// CheckACSURL reports whether u may be the target of the 3-D Secure
// challenge form. It applies the rules of [CheckRedirect] except the host
// list: the host must be in p.ACSHosts when that is set, and may be any
// host otherwise, because ACS servers belong to the card issuers. Plain
// http is still allowed only for p.SandboxHosts. It returns an error
// wrapping [ErrRedirectRejected] when u is rejected.
func CheckACSURL(u string, p RedirectPolicy) error {
	return p.check(u, p.ACSHosts, len(p.ACSHosts) == 0)
}

func reject(reason string, args ...any) error {
	return fmt.Errorf("%w: "+reason, append([]any{ErrRedirectRejected}, args...)...)
}

func (p RedirectPolicy) check(raw string, allowed []string, anyHost bool) error {
	if raw == "" {
		return reject("empty URL")
	}
	if len(raw) > maxURLLength {
		return reject("URL longer than %d bytes", maxURLLength)
	}
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return reject("URL contains a space, control character, backslash or non-ASCII byte")
		}
	}
	colon := strings.IndexByte(raw, ':')
	if colon <= 0 || !validScheme(raw[:colon]) {
		// Also when what precedes the colon is no scheme ("evil.com/a:b"),
		// so that the error below never quotes a path.
		return reject("not an absolute URL")
	}
	scheme := strings.ToLower(raw[:colon])
	if scheme != "https" && scheme != "http" {
		return reject("scheme %q is not https", scheme)
	}
	rest, ok := strings.CutPrefix(raw[colon+1:], "//")
	if !ok {
		return reject("no authority after the scheme")
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if strings.IndexByte(authority, '@') >= 0 {
		return reject("URL carries user info")
	}
	target, ok := splitHostPort(authority)
	if !ok {
		return reject("malformed host %q", authority)
	}
	// net/url must read the same authority: if it disagrees with the split
	// above, some browser might too.
	pu, err := url.Parse(raw)
	if err != nil || pu.User != nil || pu.Opaque != "" || pu.Host != authority || !strings.EqualFold(pu.Scheme, scheme) {
		return reject("URL does not parse unambiguously")
	}
	sandbox := matchesAny(p.SandboxHosts, target, scheme)
	if scheme == "http" && !sandbox {
		return reject("http is allowed only for sandbox hosts, not %q", target.host)
	}
	if sandbox || anyHost || matchesAny(allowed, target, scheme) {
		return nil
	}
	return reject("host %q is not allowed", target.String())
}

// validScheme reports whether s is an RFC 3986 scheme of at most 16 bytes.
func validScheme(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// hostPort is a host (lower case, IPv6 without brackets) and a port ("" when
// absent).
type hostPort struct{ host, port string }

func (h hostPort) String() string {
	host := h.host
	if strings.IndexByte(host, ':') >= 0 {
		host = "[" + host + "]"
	}
	if h.port == "" {
		return host
	}
	return host + ":" + h.port
}

// splitHostPort splits an authority without user info, accepting only
// what a browser reads the same way: DNS-style names and IP addresses, an
// optional numeric port.
func splitHostPort(s string) (hostPort, bool) {
	var host, port string
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return hostPort{}, false
		}
		host, port = s[1:end], s[end+1:]
		a, err := netip.ParseAddr(host)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return hostPort{}, false
		}
		host = strings.ToLower(host)
		if port != "" {
			var ok bool
			if port, ok = strings.CutPrefix(port, ":"); !ok {
				return hostPort{}, false
			}
		}
	} else {
		host = s
		if i := strings.IndexByte(s, ':'); i >= 0 {
			host, port = s[:i], s[i+1:]
		}
		host = strings.ToLower(host)
		if !validHostName(host) {
			return hostPort{}, false
		}
	}
	if port != "" || strings.HasSuffix(s, ":") {
		if !validPort(port) {
			return hostPort{}, false
		}
	}
	return hostPort{host: host, port: port}, true
}

// validHostName accepts dot-separated non-empty labels of ASCII letters,
// digits and hyphens, which covers DNS names, punycode and IPv4 literals.
func validHostName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for label := range strings.SplitSeq(h, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// validPort accepts 1 to 5 digits without a leading zero, up to 65535.
func validPort(p string) bool {
	if p == "" || len(p) > 5 || p[0] == '0' {
		return false
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n <= 65535
}

// parseHostEntry reads a configured "host" or "host:port".
func parseHostEntry(s string) (hostPort, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "/@?#\\") {
		return hostPort{}, false
	}
	return splitHostPort(s)
}

// matchesAny reports whether target, reached with scheme, is one of the
// entries; a missing port means the scheme's default on either side.
func matchesAny(entries []string, target hostPort, scheme string) bool {
	def := "443"
	if scheme == "http" {
		def = "80"
	}
	port := target.port
	if port == "" {
		port = def
	}
	for _, e := range entries {
		h, ok := parseHostEntry(e)
		if !ok || h.host != target.host {
			continue
		}
		if h.port == "" {
			h.port = def
		}
		if h.port == port {
			return true
		}
	}
	return false
}
