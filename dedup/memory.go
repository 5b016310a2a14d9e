package dedup

import (
	"context"
	"crypto/rand"
	"sync"
	"time"
)

// DefaultMemoryMax is how many completed keys a [Memory]
// remembers when its Max is zero.
const DefaultMemoryMax = 100_000

// Memory is an in-process [Deduplicator] for tests, demos and
// single-instance apps; replicas need a shared one. Its zero value is ready
// to use.
//
// It bounds what it remembers: a completed key is forgotten after
// Retention, or earlier when more than Max keys are completed (oldest
// first). Keys in flight are never evicted by that bound; each is freed by
// Complete, Release or the end of its Lease (a key whose lease ended is
// dropped within one more Lease, claimed again or not).
type Memory struct {
	// Max is how many completed keys it remembers; 0 means DefaultMemoryMax.
	Max int
	// Retention is how long a completed key is remembered; 0 means
	// DefaultRetention.
	Retention time.Duration
	// Lease is how long a claim holds a key that is neither completed nor
	// released; 0 means DefaultLease.
	Lease time.Duration
	// Now is the clock; nil means time.Now. Tests set it.
	Now func() time.Time

	mu       sync.Mutex
	inFlight map[string]flight
	done     map[string]time.Time // key -> when it is forgotten
	order    []string             // completed keys, oldest first, from head on
	head     int
	sweptAt  time.Time // when keys in flight past their lease were last dropped
}

// flight is one claim of a key in flight.
type flight struct {
	token string
	end   time.Time // of its lease
}

// Claim implements [Deduplicator]. It never returns an error.
func (m *Memory) Claim(_ context.Context, key string) (Claim, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.forget(now)
	if _, ok := m.done[key]; ok {
		return Claim{State: KeyDone}, nil
	}
	if f, ok := m.inFlight[key]; ok && now.Before(f.end) {
		return Claim{State: KeyInFlight}, nil
	}
	if m.inFlight == nil {
		m.inFlight = make(map[string]flight)
	}
	f := flight{token: rand.Text(), end: now.Add(orDefault(m.Lease, DefaultLease))}
	m.inFlight[key] = f
	return Claim{State: KeyNew, Token: f.token}, nil
}

// Complete implements [Deduplicator]. It returns [ErrClaimLost] unless
// token holds key within its lease; a claim of token's whose lease ended is
// then forgotten, as no one else will settle it.
func (m *Memory) Complete(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if !m.holds(key, token, now) {
		m.dropOverrun(key, token)
		return ErrClaimLost
	}
	delete(m.inFlight, key)
	if m.done == nil {
		m.done = make(map[string]time.Time)
	}
	m.done[key] = now.Add(orDefault(m.Retention, DefaultRetention))
	m.order = append(m.order, key)
	m.forget(now)
	return nil
}

// Release implements [Deduplicator]. It returns [ErrClaimLost] unless
// token holds key within its lease, forgetting token's ended claim as
// Complete does.
func (m *Memory) Release(_ context.Context, key, token string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.holds(key, token, m.now()) {
		m.dropOverrun(key, token)
		return ErrClaimLost
	}
	delete(m.inFlight, key)
	return nil
}

// dropOverrun forgets key if token claimed it and its lease has ended (the
// caller's holds said no): nobody else will settle that claim.
func (m *Memory) dropOverrun(key, token string) {
	if f, ok := m.inFlight[key]; ok && token != "" && f.token == token {
		delete(m.inFlight, key)
	}
}

// holds reports whether key is in flight under token at now. A key in
// flight is never also done: Complete moves it.
func (m *Memory) holds(key, token string, now time.Time) bool {
	f, ok := m.inFlight[key]
	return ok && token != "" && f.token == token && now.Before(f.end)
}

// Len returns how many keys m holds: in flight within their lease, and
// completed.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.forget(now)
	m.sweep(now)
	return len(m.inFlight) + len(m.done)
}

// forget drops completed keys past their retention or over Max, and, once
// per Lease, keys in flight past their lease. Every key is completed with
// the same retention, so the oldest expires first.
func (m *Memory) forget(now time.Time) {
	if now.Sub(m.sweptAt) >= orDefault(m.Lease, DefaultLease) {
		m.sweep(now)
	}
	limit := m.Max
	if limit <= 0 {
		limit = DefaultMemoryMax
	}
	for m.head < len(m.order) && (len(m.order)-m.head > limit || !now.Before(m.done[m.order[m.head]])) {
		delete(m.done, m.order[m.head])
		m.order[m.head] = ""
		m.head++
	}
	// Compact once half the slice is spent, so each key is moved O(1)
	// times on average.
	if m.head > 0 && m.head >= len(m.order)/2 {
		m.order = append(m.order[:0], m.order[m.head:]...)
		m.head = 0
	}
}

// sweep drops the keys in flight whose lease has ended: their claimant
// died or overran it, and Claim would give them to the next delivery.
func (m *Memory) sweep(now time.Time) {
	for key, f := range m.inFlight {
		if !now.Before(f.end) {
			delete(m.inFlight, key)
		}
	}
	m.sweptAt = now
}

func (m *Memory) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
