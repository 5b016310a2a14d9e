package webhook

import (
	"context"
	"sync"
	"time"
)

// DefaultMemoryMax is how many completed keys a [MemoryDeduplicator]
// remembers when its Max is zero.
const DefaultMemoryMax = 100_000

// MemoryDeduplicator is an in-process [Deduplicator] for tests, demos and
// single-instance apps; replicas need a shared one. Its zero value is ready
// to use.
//
// It bounds what it remembers: a completed key is forgotten after
// Retention, or earlier when more than Max keys are completed (oldest
// first). Keys in flight are never evicted by that bound; each is freed by
// Complete, Release or the end of its Lease.
type MemoryDeduplicator struct {
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
	inFlight map[string]time.Time // key -> end of its lease
	done     map[string]time.Time // key -> when it is forgotten
	order    []string             // completed keys, oldest first, from head on
	head     int
}

// Claim implements [Deduplicator]. It never returns an error.
func (m *MemoryDeduplicator) Claim(_ context.Context, key string) (KeyState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.forget(now)
	if _, ok := m.done[key]; ok {
		return KeyDone, nil
	}
	if end, ok := m.inFlight[key]; ok && now.Before(end) {
		return KeyInFlight, nil
	}
	if m.inFlight == nil {
		m.inFlight = make(map[string]time.Time)
	}
	m.inFlight[key] = now.Add(orDefault(m.Lease, DefaultLease))
	return KeyNew, nil
}

// Complete implements [Deduplicator]. It never returns an error.
func (m *MemoryDeduplicator) Complete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.inFlight, key)
	if _, ok := m.done[key]; ok {
		return nil
	}
	if m.done == nil {
		m.done = make(map[string]time.Time)
	}
	now := m.now()
	m.done[key] = now.Add(orDefault(m.Retention, DefaultRetention))
	m.order = append(m.order, key)
	m.forget(now)
	return nil
}

// Release implements [Deduplicator]. It never returns an error.
func (m *MemoryDeduplicator) Release(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.inFlight, key)
	return nil
}

// Len returns how many keys m holds, in flight and completed.
func (m *MemoryDeduplicator) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.forget(m.now())
	return len(m.inFlight) + len(m.done)
}

// forget drops completed keys past their retention or over Max. Every key
// is completed with the same retention, so the oldest expires first.
func (m *MemoryDeduplicator) forget(now time.Time) {
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

func (m *MemoryDeduplicator) now() time.Time {
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
