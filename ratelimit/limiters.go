package ratelimit

import (
	"container/list"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/smartcorekit/smartcore/clientip"
)

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

// newLimiters returns the set for opts, its zero fields defaulted, or
// opts.validate's error.
func newLimiters(opts Options) (*limiters, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	l := &limiters{rate: opts.Rate, burst: opts.Burst, max: opts.MaxClients, v6Bits: opts.IPv6PrefixLen, policy: opts.ClientIP}
	if l.rate == 0 {
		l.rate = DefaultRate
	}
	if l.burst == 0 {
		l.burst = DefaultBurst
	}
	if l.max == 0 {
		l.max = DefaultMaxClients
	}
	if l.v6Bits == 0 {
		l.v6Bits = DefaultIPv6PrefixLen
	}
	l.byKey = make(map[netip.Addr]*list.Element, min(l.max, 1024))
	l.recency = list.New()
	return l, nil
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
