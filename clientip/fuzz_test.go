package clientip_test

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore/clientip"
)

// FuzzClientIP feeds arbitrary forwarding headers from a trusted and an
// untrusted peer. It must never panic, never take the header's word from an
// untrusted peer, and only ever return the peer or an address that appears
// in the header, unmapped and without a zone.
func FuzzClientIP(f *testing.F) {
	for _, s := range []string{
		"198.51.100.2", "1.1.1.1, 10.0.0.2", "unknown", "", ",", " , ,", "[::1]:80", "[::1]", "::ffff:1.2.3.4",
		"fe80::1%eth0", "1.2.3.4:99999", "[1.2.3.4]", "10.0.0.1,10.0.0.2,10.0.0.3", "\x00", "1.2.3.4\r\n5.6.7.8",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	proxies, err := clientip.ParsePrefixes("10.0.0.0/8, ::1")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, header string, realIP bool) {
		p := clientip.Policy{TrustedProxies: proxies}
		name := "X-Forwarded-For"
		if realIP {
			p.Header, name = "X-Real-IP", "X-Real-Ip"
		}
		for _, remote := range []string{"10.0.0.1:80", "203.0.113.7:80"} {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = remote
			r.Header[name] = []string{header}
			got, err := p.ClientIP(r)
			if err != nil {
				t.Fatalf("ClientIP(%q): %v", header, err)
			}
			peer := netip.MustParseAddrPort(remote).Addr()
			if !got.IsValid() || got.Zone() != "" || got.Is4In6() {
				t.Fatalf("ClientIP(%q) = %v", header, got)
			}
			if remote == "203.0.113.7:80" && got != peer {
				t.Fatalf("untrusted peer: ClientIP(%q) = %v, want the peer", header, got)
			}
			if got != peer && !mentions(header, got) {
				t.Fatalf("ClientIP(%q) = %v, which the header does not contain", header, got)
			}
		}
	})
}

// mentions reports whether one of header's comma-separated entries is a,
// written as an address, [address], address:port or [address]:port.
func mentions(header string, a netip.Addr) bool {
	same := func(b netip.Addr) bool { return b.WithZone("").Unmap() == a }
	for e := range strings.SplitSeq(header, ",") {
		e = strings.TrimSpace(e)
		if b, err := netip.ParseAddr(e); err == nil && same(b) {
			return true
		}
		if b, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(e, "["), "]")); err == nil && same(b) {
			return true
		}
		if ap, err := netip.ParseAddrPort(e); err == nil && same(ap.Addr()) {
			return true
		}
	}
	return false
}
