package httpserver

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// IsLoopbackName reports whether host (a URL's hostname, without port or
// brackets) is "localhost" or a loopback IP address (127.0.0.0/8, ::1).
// Any other name, including one that resolves to a loopback address, is
// not: the decision must not depend on DNS. sandbox.IsLoopbackHost is this
// rule.
func IsLoopbackName(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Hosts is the Host check of a server that browsers may reach: it answers
// only the names it serves, so that a page on another site cannot reach it
// by DNS rebinding (a name of the attacker's resolving to 127.0.0.1 sends
// that name as Host, and makes the attacker's page same-origin with the
// server). The zero Hosts accepts loopback names on any port.
type Hosts struct {
	port   string       // the listening port; "" any
	public []publicHost // the public URLs' hosts
}

type publicHost struct{ name, port string }

// NewHosts returns the check of a server listening on port ("" when it is
// not known: any port) and reached at the public base URLs given (a
// tunnel's or a container's address, an http(s) URL; "" entries are
// skipped). It accepts a request whose Host is a loopback name (see
// IsLoopbackName) with the listening port, or the host of one of the
// public URLs, with its port or none.
func NewHosts(port string, publicURLs ...string) Hosts {
	h := Hosts{port: port}
	for _, raw := range publicURLs {
		u, err := url.Parse(raw)
		if raw == "" || err != nil || u.Host == "" {
			continue
		}
		p := u.Port()
		if p == "" {
			p = map[string]string{"https": "443"}[u.Scheme]
			if p == "" {
				p = "80"
			}
		}
		h.public = append(h.public, publicHost{name: normalName(u.Hostname()), port: p})
	}
	return h
}

// Allow reports whether r's Host is one the server serves.
func (h Hosts) Allow(r *http.Request) bool {
	name, port := r.Host, ""
	if n, p, err := net.SplitHostPort(r.Host); err == nil {
		name, port = n, p
	} else if strings.HasPrefix(name, "[") && strings.HasSuffix(name, "]") {
		name = name[1 : len(name)-1] // "[::1]" without a port
	}
	name = normalName(name)
	if name == "" {
		return false
	}
	loopback := IsLoopbackName(name)
	if loopback && port == "" {
		// A public name may come without its port through a proxy that
		// ends TLS; a loopback one names this server's default port.
		port = "80"
		if r.TLS != nil {
			port = "443"
		}
	}
	for _, p := range h.public {
		if name == p.name && (port == "" || port == p.port) {
			return true
		}
	}
	return loopback && (h.port == "" || port == h.port)
}

// normalName lowercases a host name and drops a trailing dot.
func normalName(n string) string { return strings.TrimSuffix(strings.ToLower(n), ".") }

// Handler answers the requests whose Host the server does not serve with
// 421 Misdirected Request and passes the others to next.
func (h Hosts) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.Allow(r) {
			Misdirected(w)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// MisdirectedMessage is the plain-text body of a 421 answer.
const MisdirectedMessage = "421 Misdirected Request: this server answers only its own host names " +
	"(127.0.0.1, localhost or ::1 with its port, and the public URL it was given)\n"

// Misdirected answers 421 Misdirected Request in plain text.
func Misdirected(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusMisdirectedRequest)
	_, _ = w.Write([]byte(MisdirectedMessage))
}
