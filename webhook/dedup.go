package webhook

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"github.com/smartcorekit/smartcore"
)

// Deduplicator remembers which callbacks the application has processed, so
// that a redelivered or replayed callback is acknowledged without being
// handed over twice. Persistence is the application's: back it with a unique
// key in its database, a Redis SET NX, or [MemoryDeduplicator] for tests.
//
// Claim and Release must be atomic with respect to each other: two
// concurrent deliveries of one key must not both be told they are first.
type Deduplicator interface {
	// Claim records key as taken and reports whether this call took it;
	// false means the callback was processed before or is being processed
	// now, and is answered 200 without reaching the application (the first
	// delivery's own answer decides whether the gateway retries). An error
	// is answered 500.
	Claim(ctx context.Context, key string) (first bool, err error)
	// Release forgets key after the application failed to process it, so
	// that the gateway's retry is processed.
	Release(ctx context.Context, key string) error
}

// claim asks the Deduplicator, answering the request itself when it must
// not go on. It reports whether a key was claimed and whether to go on.
func (s *settings) claim(ctx context.Context, w http.ResponseWriter, cb *smartcore.Callback) (bool, bool) {
	if s.dedup == nil {
		return false, true
	}
	first, err := s.dedup.Claim(ctx, s.dedupKey(cb))
	switch {
	case err != nil:
		s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: deduplicator failed",
			slog.String("order_id", cb.OrderID), slog.Any("error", err))
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return false, false
	case !first:
		s.logger.LogAttrs(ctx, slog.LevelInfo, "smartcore webhook: duplicate callback acknowledged",
			slog.String("order_id", cb.OrderID), slog.Int("status", int(cb.Status)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(okBody)
		return false, false
	}
	return true, true
}

// release undoes a claim after the application failed.
func (s *settings) release(ctx context.Context, cb *smartcore.Callback, claimed bool) {
	if !claimed {
		return
	}
	if err := s.dedup.Release(ctx, s.dedupKey(cb)); err != nil {
		s.logger.LogAttrs(ctx, slog.LevelError, "smartcore webhook: deduplicator release failed",
			slog.String("order_id", cb.OrderID), slog.Any("error", err))
	}
}

// MemoryDeduplicator is an in-process [Deduplicator] for tests, demos and
// single-instance apps. It remembers at most Max keys (default 10000),
// forgetting the oldest first. Its zero value is ready to use.
type MemoryDeduplicator struct {
	// Max is how many keys it remembers; 0 means 10000.
	Max int

	mu    sync.Mutex
	keys  map[string]struct{}
	order []string // oldest first, for eviction
}

// Claim implements Deduplicator.
func (m *MemoryDeduplicator) Claim(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.keys[key]; ok {
		return false, nil
	}
	if m.keys == nil {
		m.keys = make(map[string]struct{})
	}
	limit := m.Max
	if limit <= 0 {
		limit = 10000
	}
	for len(m.order) >= limit {
		delete(m.keys, m.order[0])
		m.order = m.order[1:]
	}
	m.keys[key] = struct{}{}
	m.order = append(m.order, key)
	return true, nil
}

// Release implements Deduplicator.
func (m *MemoryDeduplicator) Release(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.keys[key]; !ok {
		return nil
	}
	delete(m.keys, key)
	for i, k := range m.order {
		if k == key {
			m.order = append(m.order[:i], m.order[i+1:]...)
			break
		}
	}
	return nil
}

// Len returns how many keys m remembers.
func (m *MemoryDeduplicator) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.keys)
}
