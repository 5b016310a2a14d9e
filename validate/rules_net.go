package validate

import (
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"
)

// isAbsoluteWebURL is the document's rule for a URL the gateway calls or
// sends a browser to: it parses with net/url as an absolute http or https
// URL (scheme in any case) with a non-empty host. Host name syntax, ports,
// user info and the characters of the path are left to the strict isWebURL.
func isAbsoluteWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// hasAt is the document's rule for "Customer Email": something, an '@',
// then something. Quoting, comments, IP literals and internationalised
// addresses are left to the gateway; the strict isEmail checks the usual
// dot-atom form.
func hasAt(s string) bool {
	i := strings.LastIndexByte(s, '@')
	return i > 0 && i < len(s)-1
}

// isWebURL is the strict rule for URLs: an absolute http or https URL with
// a valid host name or IP literal, a port in range, no user info and a path
// of printable ASCII with well-formed escapes. (The built-in "url" accepts
// "javascript:alert(1)" and "mailto:x@y", and "http_url" still accepts
// "http://user:pass@host".)
// Everything it accepts also parses with net/url into a URL whose Scheme
// is http or https, whose Host is non-empty and whose User is nil.
func isWebURL(s string) bool {
	var rest string
	switch {
	case len(s) > 7 && strings.EqualFold(s[:7], "http://"):
		rest = s[7:]
	case len(s) > 8 && strings.EqualFold(s[:8], "https://"):
		rest = s[8:]
	default:
		return false
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	if !validAuthority(authority) {
		return false
	}
	return validURLTail(tail)
}

// validAuthority checks host[:port] with no user info.
func validAuthority(a string) bool {
	host := a
	if strings.HasPrefix(a, "[") {
		// An IPv6 literal; zones ("%25eth0") are of no use to a remote server.
		i := strings.IndexByte(a, ']')
		if i < 0 {
			return false
		}
		inner := a[1:i]
		if strings.IndexByte(inner, '%') >= 0 {
			return false
		}
		ip, err := netip.ParseAddr(inner)
		if err != nil || !ip.Is6() {
			return false
		}
		host, a = "", a[i+1:]
		if a == "" {
			return true
		}
		if a[0] != ':' {
			return false
		}
		return validPort(a[1:])
	}
	if i := strings.LastIndexByte(a, ':'); i >= 0 {
		host = a[:i]
		if !validPort(a[i+1:]) {
			return false
		}
	}
	return validHostname(host)
}

func validPort(p string) bool {
	n, ok := num(p)
	return ok && len(p) <= 5 && n <= 65535
}

// validHostname accepts dot-separated labels of letters, digits, '_' and
// inner '-', none empty, each at most 63 bytes. IPv4 literals are such
// names too. Internationalised names must be in their ASCII (xn--) form.
func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	start := 0
	for i := 0; i <= len(h); i++ {
		if i < len(h) && h[i] != '.' {
			if c := h[i]; !isAlnum(c) && c != '-' && c != '_' {
				return false
			}
			continue
		}
		label := h[start:i]
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		start = i + 1
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c)
}

// validURLTail checks path, query and fragment: printable ASCII other than
// the characters RFC 3986 never allows unescaped, and well-formed
// %XX escapes. Non-ASCII must be percent-encoded, as in an HTTP request line.
func validURLTail(t string) bool {
	fragment := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			return false
		case c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
			c == '{' || c == '|' || c == '}':
			return false
		case c == '#':
			if fragment {
				return false
			}
			fragment = true
		case c == '%':
			if i+2 >= len(t) || !isHex(t[i+1]) || !isHex(t[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// isEmail accepts an address of the form local@domain: a dot-atom local
// part of at most 64 bytes (RFC 5322 atext, UTF-8 allowed, no leading,
// trailing or doubled dots) and a domain of two or more labels whose last
// label is not all digits, 254 bytes in all. Quoted local parts, comments,
// display names and IP-literal domains, which a payer's address never needs
// and a gateway may refuse, are rejected.
func isEmail(s string) bool {
	if len(s) > 254 || !utf8.ValidString(s) {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at > 64 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	prev := byte('.')
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case c == '.':
			if prev == '.' {
				return false
			}
		case isAlnum(c) || c >= 0x80 || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0:
		default:
			return false
		}
		prev = c
	}
	if prev == '.' {
		return false
	}
	return validMailDomain(domain)
}

// validMailDomain checks labels of letters, digits, UTF-8 and inner
// hyphens, at least two of them, the last one not numeric.
func validMailDomain(d string) bool {
	if len(d) > 253 {
		return false
	}
	labels, start := 0, 0
	for i := 0; i <= len(d); i++ {
		if i < len(d) && d[i] != '.' {
			c := d[i]
			if !isAlnum(c) && c != '-' && c < 0x80 {
				return false
			}
			continue
		}
		label := d[start:i]
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		labels++
		start = i + 1
		if i == len(d) && allDigits(label) {
			return false
		}
	}
	return labels >= 2
}
