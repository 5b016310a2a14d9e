package clientip_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/smartcorekit/smartcore/clientip"
)

func ExamplePolicy_ClientIP() {
	proxies, err := clientip.ParsePrefixes("10.0.0.0/8, 192.168.1.1")
	if err != nil {
		panic(err)
	}
	policy := clientip.Policy{TrustedProxies: proxies}

	// Behind the load balancer: the client wrote "6.6.6.6" itself, the load
	// balancer at 10.0.0.1 appended the address it saw.
	r := httptest.NewRequest("POST", "/pay", nil)
	r.RemoteAddr = "10.0.0.1:41000"
	r.Header.Set("X-Forwarded-For", "6.6.6.6, 198.51.100.2")
	ip, _ := policy.ClientIP(r)
	fmt.Println(ip)

	// Straight from the internet: the header is the client's word only.
	r.RemoteAddr = "203.0.113.7:52000"
	ip, _ = policy.ClientIP(r)
	fmt.Println(ip)

	// The zero Policy never reads headers.
	ip, _ = clientip.Policy{}.ClientIP(r)
	fmt.Println(ip)
	// Output:
	// 198.51.100.2
	// 203.0.113.7
	// 203.0.113.7
}

func ExampleParsePrefixes() {
	prefixes, err := clientip.ParsePrefixes("10.1.2.3/8, 192.168.1.1, 2001:db8::/32")
	fmt.Println(prefixes, err)
	_, err = clientip.ParsePrefixes("10.0.0.0/8, proxy.internal")
	fmt.Println(err != nil)
	// Output:
	// [10.0.0.0/8 192.168.1.1/32 2001:db8::/32] <nil>
	// true
}
