package clientip

import (
	"fmt"
	"net/netip"
	"strings"
)

// ParsePrefixes parses a comma-separated list of networks and addresses,
// as found in an environment variable: "10.0.0.0/8, 192.168.1.1,
// 2001:db8::/32". A bare address becomes a single-address prefix (/32 or
// /128); host bits are masked off ("10.1.2.3/8" is 10.0.0.0/8); IPv4-mapped
// IPv6 forms are turned into IPv4 so that they match the unmapped addresses
// [Policy.ClientIP] compares. Empty items (a trailing comma) are skipped,
// so "" and " " give no prefixes and no error.
//
// It returns an error naming the first item that is neither an address nor
// a prefix, or that carries an IPv6 zone ("fe80::1%eth0"), and no prefixes.
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := parsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("clientip: ParsePrefixes: %q: %w", item, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func parsePrefix(item string) (netip.Prefix, error) {
	if !strings.Contains(item, "/") {
		a, err := netip.ParseAddr(item)
		if err != nil {
			return netip.Prefix{}, err
		}
		if a.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("zones are not allowed")
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(item) // rejects zones itself
	if err != nil {
		return netip.Prefix{}, err
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			return netip.Prefix{}, fmt.Errorf("an IPv4-mapped prefix needs at least 96 bits")
		}
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// MustParsePrefixes is [ParsePrefixes] for configuration read at start-up:
// it panics, with ParsePrefixes' error, when s does not parse.
func MustParsePrefixes(s string) []netip.Prefix {
	p, err := ParsePrefixes(s)
	if err != nil {
		panic(err)
	}
	return p
}
