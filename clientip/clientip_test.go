package clientip_test

import (
	"errors"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/clientip"
)

func mustPrefixes(t testing.TB, s string) []netip.Prefix {
	t.Helper()
	p, err := clientip.ParsePrefixes(s)
	require.NoError(t, err)
	return p
}

func TestClientIP(t *testing.T) {
	proxies := mustPrefixes(t, "10.0.0.0/8, 192.168.1.1, 2001:db8:ffff::/48")
	xff := clientip.Policy{TrustedProxies: proxies}
	realIP := clientip.Policy{TrustedProxies: proxies, Header: "x-real-ip"}

	tests := []struct {
		name   string
		policy clientip.Policy
		remote string
		header map[string][]string
		want   string
	}{
		{"zero policy uses the peer", clientip.Policy{}, "203.0.113.7:5555", nil, "203.0.113.7"},
		{"zero policy ignores a spoofed header", clientip.Policy{}, "203.0.113.7:5555",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1"}}, "203.0.113.7"},
		{"zero policy ignores X-Real-IP too", clientip.Policy{Header: "X-Real-IP"}, "203.0.113.7:5555",
			map[string][]string{"X-Real-IP": {"1.1.1.1"}}, "203.0.113.7"},
		{"untrusted peer: spoofed X-Forwarded-For ignored", xff, "203.0.113.7:5555",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1, 10.0.0.1"}}, "203.0.113.7"},
		{"untrusted peer: spoofed X-Real-IP ignored", realIP, "203.0.113.7:5555",
			map[string][]string{"X-Real-Ip": {"1.1.1.1"}}, "203.0.113.7"},
		{"trusted peer, one hop", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"198.51.100.2"}}, "198.51.100.2"},
		{"trusted peer, client-supplied prefix skipped", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1, 2.2.2.2, 198.51.100.2"}}, "198.51.100.2"},
		{"chain of trusted proxies skipped", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1, 198.51.100.2, 192.168.1.1, 10.9.9.9"}}, "198.51.100.2"},
		{"several header lines are one list", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1, 198.51.100.2", "10.1.1.1"}}, "198.51.100.2"},
		{"client spoofs a trusted address on the left", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"10.0.0.5, 198.51.100.2"}}, "198.51.100.2"},
		{"all hops trusted: the leftmost", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"10.0.0.3, 10.0.0.2"}}, "10.0.0.3"},
		{"trusted peer without header", xff, "10.0.0.1:80", nil, "10.0.0.1"},
		{"garbage rightmost: the peer", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"198.51.100.2, unknown"}}, "10.0.0.1"},
		{"garbage behind a trusted hop: that hop", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1, bogus, 10.0.0.9"}}, "10.0.0.9"},
		{"empty entry stops the walk", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1,,10.0.0.9"}}, "10.0.0.9"},
		{"entry with port", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"198.51.100.2:4711"}}, "198.51.100.2"},
		{"bracketed IPv6 entry with port", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"[2001:db8::1]:4711"}}, "2001:db8::1"},
		{"bracketed IPv6 entry without port", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"[2001:db8::1]"}}, "2001:db8::1"},
		{"IPv4-mapped entry unmapped", xff, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"::ffff:198.51.100.2"}}, "198.51.100.2"},
		{"IPv4-mapped peer unmapped and trusted", xff, "[::ffff:10.0.0.1]:80",
			map[string][]string{"X-Forwarded-For": {"198.51.100.2"}}, "198.51.100.2"},
		{"IPv4-mapped untrusted peer unmapped", clientip.Policy{}, "[::ffff:203.0.113.7]:80", nil, "203.0.113.7"},
		{"IPv6 peer", clientip.Policy{}, "[2001:db8::7]:443", nil, "2001:db8::7"},
		{"IPv6 trusted proxy", xff, "[2001:db8:ffff::1]:443",
			map[string][]string{"X-Forwarded-For": {"2001:db8:1::5"}}, "2001:db8:1::5"},
		{"zone dropped", clientip.Policy{}, "[fe80::1%eth0]:80", nil, "fe80::1"},
		{"peer without port", clientip.Policy{}, "203.0.113.7", nil, "203.0.113.7"},
		{"X-Real-IP from trusted peer", realIP, "10.0.0.1:80",
			map[string][]string{"X-Real-Ip": {" 198.51.100.2 "}}, "198.51.100.2"},
		{"X-Real-IP repeated: the peer", realIP, "10.0.0.1:80",
			map[string][]string{"X-Real-Ip": {"198.51.100.2", "1.1.1.1"}}, "10.0.0.1"},
		{"X-Real-IP list: the peer", realIP, "10.0.0.1:80",
			map[string][]string{"X-Real-Ip": {"1.1.1.1, 198.51.100.2"}}, "10.0.0.1"},
		{"X-Real-IP policy ignores X-Forwarded-For", realIP, "10.0.0.1:80",
			map[string][]string{"X-Forwarded-For": {"1.1.1.1"}}, "10.0.0.1"},
		{"X-Forwarded-For policy ignores X-Real-IP", xff, "10.0.0.1:80",
			map[string][]string{"X-Real-Ip": {"1.1.1.1"}}, "10.0.0.1"},
		{"other single-address header", clientip.Policy{TrustedProxies: proxies, Header: "CF-Connecting-IP"}, "10.0.0.1:80",
			map[string][]string{"Cf-Connecting-Ip": {"2001:db8::9"}}, "2001:db8::9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for k, vs := range tt.header {
				for _, v := range vs {
					r.Header.Add(k, v)
				}
			}
			got, err := tt.policy.ClientIP(r)
			require.NoError(t, err)
			require.Equal(t, netip.MustParseAddr(tt.want), got)
		})
	}
}

func TestClientIPErrors(t *testing.T) {
	for _, remote := range []string{"", "@", "localhost:80", "not an address", "1.2.3.4:port", "[1.2.3.4]:80"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		_, err := clientip.Policy{}.ClientIP(r)
		require.ErrorIs(t, err, clientip.ErrInvalidRemoteAddr, "RemoteAddr %q", remote)
	}
	_, err := clientip.Policy{}.ClientIP(nil)
	require.Error(t, err)

	r := httptest.NewRequest("GET", "/", nil)
	_, err = clientip.Policy{Header: "Forwarded"}.ClientIP(r)
	require.ErrorIs(t, err, clientip.ErrUnsupportedHeader)
}

func TestValidate(t *testing.T) {
	require.NoError(t, clientip.Policy{}.Validate())
	require.NoError(t, clientip.Policy{Header: "x-real-ip", TrustedProxies: mustPrefixes(t, "10.0.0.0/8")}.Validate())
	for _, h := range []string{"Forwarded", "forwarded", "Bad Header", "X:Y", " "} {
		require.ErrorIs(t, clientip.Policy{Header: h}.Validate(), clientip.ErrUnsupportedHeader, h)
	}
	err := clientip.Policy{TrustedProxies: []netip.Prefix{{}}}.Validate()
	require.True(t, errors.Is(err, clientip.ErrInvalidPrefix))
}

func TestParsePrefixes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" , ", nil},
		{"10.0.0.0/8, 192.168.1.1", []string{"10.0.0.0/8", "192.168.1.1/32"}},
		{"10.1.2.3/8", []string{"10.0.0.0/8"}},
		{"2001:db8::1, 2001:db8::/32,", []string{"2001:db8::1/128", "2001:db8::/32"}},
		{"::ffff:10.0.0.0/104", []string{"10.0.0.0/8"}},
		{"::ffff:192.0.2.1", []string{"192.0.2.1/32"}},
	}
	for _, tt := range tests {
		got, err := clientip.ParsePrefixes(tt.in)
		require.NoError(t, err, tt.in)
		var gotS []string
		for _, p := range got {
			gotS = append(gotS, p.String())
		}
		require.Equal(t, tt.want, gotS, tt.in)
	}
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0.0/8; 1.2.3.4", "fe80::1%eth0", "::ffff:10.0.0.0/80", "1.2.3.4/"} {
		got, err := clientip.ParsePrefixes(bad)
		require.Error(t, err, bad)
		require.Nil(t, got)
	}
}

func TestMustParsePrefixes(t *testing.T) {
	require.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, clientip.MustParsePrefixes("10.0.0.0/8,"))
	require.Nil(t, clientip.MustParsePrefixes(""))
	require.Panics(t, func() { clientip.MustParsePrefixes("not a network") })
}
