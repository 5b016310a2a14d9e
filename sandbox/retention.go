package sandbox

import (
	"fmt"
	"hash/maphash"
)

// makeRoom evicts least recently used transactions until the store has
// room for one more. Nothing stops a new transaction: whatever its state —
// pending, authorized, refundable, with callbacks still to deliver — the
// least recently used one goes. s.mu is held.
func (s *Sandbox) makeRoom() {
	for s.st.len() >= s.cfg.maxTxns {
		t := s.st.evictLRU(s.remembered())
		if t == nil {
			return
		}
		s.cb.forget(t.OrderID)
		s.jr.Forget(t.OrderID)
		delete(s.flow.cascades, t)
		delete(s.flow.recur, t)
	}
}

// minRemembered is the fewest evictions whose ids are remembered, so that
// a small MaxTransactions still reports evictions usefully.
const minRemembered = 1024

// remembered is how many evictions the store remembers the ids of:
// MaxTransactions, at least minRemembered.
func (s *Sandbox) remembered() int { return max(s.cfg.maxTxns, minRemembered) }

// forget drops everything the deliverer holds for an evicted order: its
// queued callbacks, a pending retry and its delivery log. An attempt in
// flight finishes, but records nothing and starts nothing (see
// queue.dropped).
func (d *deliverer) forget(orderID string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if q := d.queues[orderID]; q != nil {
		q.dropped = true
		if q.timer != nil {
			q.timer.Stop()
			q.timer = nil
		}
		delete(d.queues, orderID)
	}
	delete(d.logs, orderID)
}

// evictedNote completes the ORDER_NOT_FOUND message of an evicted order.
func evictedNote(limit int) string {
	return fmt.Sprintf(": it was evicted, the sandbox keeping only the %d most recently used transactions (MaxTransactions)", limit)
}

// evictedSet remembers the ids (order id, refund id, processing id) of
// recent evictions, so that a later reference to one can be told "evicted"
// rather than "unknown". It is a Bloom filter in two generations: ids go
// into the current one; when it holds its capacity (two ids for each of
// `remember` evictions, see Sandbox.remembered) the older generation is
// cleared and the two swap. So the ids of at least the last `remember`
// evictions, and at most twice as many, are remembered, in about
// 2 × 2 × 3.6 = 14.4 bytes per remembered eviction whatever the ids'
// length (1.4 MB for the default 100,000), allocated at the first
// eviction. A Bloom filter has false positives, never false negatives: an
// id never evicted is reported evicted with a probability of at most about
// two in a million (one per full generation), and then only the message
// says so (the answer is the same 404 ORDER_NOT_FOUND). The zero value is
// empty and ready to use.
type evictedSet struct {
	seed     maphash.Seed
	cur, old []uint64 // the generations' bits
	n        int      // ids added to cur
	capacity int      // ids a generation takes
}

// Sizing for a false-positive rate of about 10⁻⁶ per generation:
// -ln(10⁻⁶)/ln(2)² ≈ 28.8 bits per id, and ln(2) × 28.8 ≈ 20 probes.
const (
	bloomBitsPerID = 29
	bloomProbes    = 20
)

// add records one eviction's ids.
func (e *evictedSet) add(remember int, ids ...string) {
	if e.cur == nil {
		e.seed = maphash.MakeSeed()
		e.capacity = 2 * remember
		words := (e.capacity*bloomBitsPerID + 63) / 64
		e.cur, e.old = make([]uint64, words), make([]uint64, words)
	}
	for _, id := range ids {
		if e.n == e.capacity {
			e.cur, e.old = e.old, e.cur
			clear(e.cur)
			e.n = 0
		}
		m := uint64(len(e.cur)) * 64
		h := maphash.String(e.seed, id)
		for range bloomProbes {
			h = splitmix(h)
			bit := h % m
			e.cur[bit/64] |= 1 << (bit % 64)
		}
		e.n++
	}
}

// has reports whether id is among the remembered evictions (or, rarely, a
// false positive).
func (e *evictedSet) has(id string) bool {
	if e.cur == nil {
		return false
	}
	h := maphash.String(e.seed, id)
	return bloomHas(e.cur, h) || bloomHas(e.old, h)
}

// bloomHas reports whether every probe of the id hashed to h is set.
func bloomHas(bits []uint64, h uint64) bool {
	m := uint64(len(bits)) * 64
	for range bloomProbes {
		h = splitmix(h)
		bit := h % m
		if bits[bit/64]&(1<<(bit%64)) == 0 {
			return false
		}
	}
	return true
}

// splitmix is one step of the SplitMix64 generator: each probe position
// comes from a fresh, well-mixed 64-bit value. (Double hashing, h1 + i·h2,
// showed ten times the expected false positives on small filters.)
func splitmix(h uint64) uint64 {
	h += 0x9e3779b97f4a7c15
	h = (h ^ h>>30) * 0xbf58476d1ce4e5b9
	h = (h ^ h>>27) * 0x94d049bb133111eb
	return h ^ h>>31
}
