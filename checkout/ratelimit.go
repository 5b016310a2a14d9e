package checkout

import (
	"container/list"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore/clientip"
)

// Rate limit defaults, used for the zero fields of [RateLimitOptions].
const (
	DefaultRateLimit     rate.Limit = 1 // requests per second, per client
	DefaultRateBurst                = 5
	DefaultRateClients              = 10000
	DefaultIPv6PrefixLen            = 64
)

// RateLimitOptions configures [RateLimit].
type RateLimitOptions struct {
	// Rate is each client's sustained rate in requests per second; rate.Inf
	// disables limiting. Default: DefaultRateLimit (1/s).
	Rate rate.Limit

	// Burst is how many requests a client may make at once.
	// Default: DefaultRateBurst (5).
	Burst int

	// MaxClients caps the clients remembered at once. When a new client
	// arrives and the set is full, the least recently seen client is
	// forgotten (it starts again with a full burst), so memory stays bounded
	// whatever the number of addresses. Default: DefaultRateClients (10000).
	MaxClients int

	// ClientIP decides who the client is. Default: the zero
	// clientip.Policy, RemoteAddr only. Requests whose address cannot be
	// decided share one limiter.
	ClientIP clientip.Policy

	// IPv6PrefixLen groups IPv6 clients by network, since one subscriber
	// commonly holds a whole /64 and could otherwise rotate addresses.
	// Default: DefaultIPv6PrefixLen (64); 128 limits each address alone.
	IPv6PrefixLen int
}

// RateLimit returns middleware that limits each client to
// opts.Rate requests per second with bursts of opts.Burst, using a token
// bucket per client (golang.org/x/time/rate). A request over the limit is
// answered 429 Too Many Requests with Retry-After in whole seconds (at
// least 1) and a JSON or HTML body as [WantsJSON] decides; it does not
// reach the next handler. Requests that pass carry the client address
// ([ClientIPFromContext]).
//
// Forgetting the least recently seen client when MaxClients is reached
// means that a client able to use more than MaxClients distinct networks
// can make others start again with a full burst; size MaxClients above the
// number of clients active within Burst/Rate seconds.
//
// RateLimit panics when a field is negative (Rate below zero included),
// IPv6PrefixLen is over 128, or ClientIP is invalid: these are programming
// errors, found at start-up.
func RateLimit(opts RateLimitOptions) func(http.Handler) http.Handler {
	l := newLimiters(opts)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ip, err := l.policy.ClientIP(r)
			if err == nil {
				r = withClientIP(r, ip)
			}
			if wait, ok := l.allow(l.key(ip, err), time.Now()); !ok {
				w.Header().Set("Retry-After", strconv.FormatInt(retryAfterSeconds(wait), 10))
				writeProblem(w, r, http.StatusTooManyRequests, "Too many requests. Please wait a moment and try again.", "")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// retryAfterSeconds rounds a wait up to whole seconds, at least 1: a
// client told "0" would retry at once.
func retryAfterSeconds(d time.Duration) int64 {
	s := int64(math.Ceil(d.Seconds()))
	return max(s, 1)
}

// limiters is a bounded set of per-client limiters, least recently used
// first out: a map for lookup and a list for recency.
type limiters struct {
	rate    rate.Limit
	burst   int
	max     int
	v6Bits  int
	policy  clientip.Policy
	mu      sync.Mutex
	byKey   map[netip.Addr]*list.Element
	recency *list.List // of *limiterEntry, most recent at the front
}

type limiterEntry struct {
	key netip.Addr
	lim *rate.Limiter
}

func newLimiters(opts RateLimitOptions) *limiters {
	if opts.Rate < 0 || opts.Burst < 0 || opts.MaxClients < 0 || opts.IPv6PrefixLen < 0 || opts.IPv6PrefixLen > 128 {
		panic(fmt.Sprintf("checkout: RateLimit: invalid options (Rate %v, Burst %d, MaxClients %d, IPv6PrefixLen %d)",
			opts.Rate, opts.Burst, opts.MaxClients, opts.IPv6PrefixLen))
	}
	if err := opts.ClientIP.Validate(); err != nil {
		panic("checkout: RateLimit: " + err.Error())
	}
	l := &limiters{rate: opts.Rate, burst: opts.Burst, max: opts.MaxClients, v6Bits: opts.IPv6PrefixLen, policy: opts.ClientIP}
	if l.rate == 0 {
		l.rate = DefaultRateLimit
	}
	if l.burst == 0 {
		l.burst = DefaultRateBurst
	}
	if l.max == 0 {
		l.max = DefaultRateClients
	}
	if l.v6Bits == 0 {
		l.v6Bits = DefaultIPv6PrefixLen
	}
	l.byKey = make(map[netip.Addr]*list.Element, min(l.max, 1024))
	l.recency = list.New()
	return l
}

// key is the limiter key for a client address: IPv4 as is, IPv6 masked to
// its network. An undecidable address is the zero Addr, one shared key.
func (l *limiters) key(ip netip.Addr, err error) netip.Addr {
	if err != nil || !ip.IsValid() {
		return netip.Addr{}
	}
	if ip.Is6() {
		p, _ := ip.Prefix(l.v6Bits) // cannot fail: bits are checked, zones are stripped
		return p.Addr()
	}
	return ip
}

// allow takes a token for key at now. It reports false, with the time
// until the next token, when there is none.
func (l *limiters) allow(key netip.Addr, now time.Time) (time.Duration, bool) {
	res := l.limiter(key).ReserveN(now, 1)
	if !res.OK() {
		return time.Second, false
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now) // the request is refused, so it does not use the token up
		return d, false
	}
	return 0, true
}

// limiter returns key's limiter, creating it and evicting the least
// recently used one when the set is full.
func (l *limiters) limiter(key netip.Addr) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if el, ok := l.byKey[key]; ok {
		l.recency.MoveToFront(el)
		return el.Value.(*limiterEntry).lim
	}
	lim := rate.NewLimiter(l.rate, l.burst)
	if l.recency.Len() >= l.max {
		// Reuse the oldest element rather than allocating another.
		el := l.recency.Back()
		e := el.Value.(*limiterEntry)
		delete(l.byKey, e.key)
		e.key, e.lim = key, lim
		l.recency.MoveToFront(el)
		l.byKey[key] = el
		return lim
	}
	l.byKey[key] = l.recency.PushFront(&limiterEntry{key: key, lim: lim})
	return lim
}

// size returns how many clients are remembered.
func (l *limiters) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.byKey)
}
