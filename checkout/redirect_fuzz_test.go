package checkout_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/smartcorekit/smartcore/checkout"
)

// FuzzCheckRedirect: CheckRedirect never panics, and whatever it accepts is
// an absolute https URL (http only to the sandbox host) whose host, as
// net/url reads it, is an allowed one, with no user info and no character
// a browser would read differently.
func FuzzCheckRedirect(f *testing.F) {
	for _, s := range []string{
		"https://payment.smartcore.pro/64a7e106d46c5db10d082b13", "http://127.0.0.1:8090/pay",
		"https://payment.smartcore.pro@evil.com/", `https://evil.com\@payment.smartcore.pro`,
		"javascript:alert(1)", "//payment.smartcore.pro", "https://PAYMENT.smartcore.pro:443/",
		"https://[::1]:8090/", "https://payment.smartcore.pro%2f@evil/", "https://payment.smartcore.pro:8443",
		"https://payment.smartcore.pro#@evil.com", "https://payment.smartcore.pro?@evil.com",
	} {
		f.Add(s)
	}
	policy := checkout.RedirectPolicy{SandboxHosts: []string{"127.0.0.1:8090"}}
	f.Fuzz(func(t *testing.T, s string) {
		if checkout.CheckRedirect(s, policy) != nil {
			return
		}
		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("accepted %q, which net/url cannot parse: %v", s, err)
		}
		if u.User != nil || strings.ContainsAny(s, "\\ \t\r\n") {
			t.Fatalf("accepted %q with user info or a space/backslash", s)
		}
		host := strings.ToLower(u.Hostname())
		port := u.Port()
		switch strings.ToLower(u.Scheme) {
		case "https":
			if host == "payment.smartcore.pro" && (port == "" || port == "443") {
				return
			}
			if host == "127.0.0.1" && port == "8090" {
				return
			}
		case "http":
			if host == "127.0.0.1" && port == "8090" {
				return
			}
		}
		t.Fatalf("accepted %q: scheme %q host %q port %q", s, u.Scheme, host, port)
	})
}
