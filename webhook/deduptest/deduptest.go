// Package deduptest is the contract every [webhook.Deduplicator] must keep,
// as a test suite: the in-memory one, the kit's Redis and SQL ones, and an
// application's own run the same checks.
//
//	func TestContract(t *testing.T) {
//		deduptest.Run(t, func(t *testing.T, cfg deduptest.Config) webhook.Deduplicator {
//			return &webhook.MemoryDeduplicator{Lease: cfg.Lease, Retention: cfg.Retention}
//		})
//	}
package deduptest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smartcorekit/smartcore/webhook"
)

// Config is what a Deduplicator under test must be built with. The suite
// waits for real time to pass, so the durations are short.
type Config struct {
	// Lease is how long an unsettled claim holds its key.
	Lease time.Duration
	// Retention is how long a completed key is remembered.
	Retention time.Duration
}

// New builds a Deduplicator for one subtest, with empty state (or state
// the subtest's unique keys cannot meet).
type New func(t *testing.T, cfg Config) webhook.Deduplicator

// Run checks the [webhook.Deduplicator] contract on the Deduplicators newDedup
// builds. Keys are unique per run, so a shared store need not be emptied.
func Run(t *testing.T, newDedup New) {
	t.Helper()
	long := Config{Lease: time.Minute, Retention: time.Hour}
	prefix := fmt.Sprintf("deduptest-%d-", time.Now().UnixNano())
	key := func(t *testing.T, name string) string { return prefix + t.Name() + "/" + name }
	ctx := context.Background()

	t.Run("states", func(t *testing.T) {
		d := newDedup(t, long)
		k := key(t, "k")
		want(t, d, k, webhook.KeyNew)
		want(t, d, k, webhook.KeyInFlight)
		mustNot(t, d.Complete(ctx, k))
		want(t, d, k, webhook.KeyDone)
		want(t, d, k, webhook.KeyDone)
		mustNot(t, d.Release(ctx, k)) // a done key is not freed by a stray release
		want(t, d, k, webhook.KeyDone)
	})

	t.Run("release frees the key", func(t *testing.T) {
		d := newDedup(t, long)
		k := key(t, "k")
		want(t, d, k, webhook.KeyNew)
		mustNot(t, d.Release(ctx, k))
		want(t, d, k, webhook.KeyNew)
		want(t, d, k, webhook.KeyInFlight)
	})

	t.Run("settling a key nobody claimed", func(t *testing.T) {
		d := newDedup(t, long)
		mustNot(t, d.Release(ctx, key(t, "never")))
		want(t, d, key(t, "never"), webhook.KeyNew)
		mustNot(t, d.Complete(ctx, key(t, "unclaimed")))
		want(t, d, key(t, "unclaimed"), webhook.KeyDone)
	})

	t.Run("keys are independent and taken verbatim", func(t *testing.T) {
		d := newDedup(t, long)
		odd := []string{"a:b|c", "a|b:c", "ключ", "key with spaces", "'; DROP TABLE x; --", strings.Repeat("x", 512), "%s%d"}
		for _, s := range odd {
			want(t, d, key(t, s), webhook.KeyNew)
		}
		mustNot(t, d.Complete(ctx, key(t, odd[0])))
		want(t, d, key(t, odd[0]), webhook.KeyDone)
		want(t, d, key(t, odd[1]), webhook.KeyInFlight)
		want(t, d, key(t, "A:B|C"), webhook.KeyNew)
	})

	t.Run("one of concurrent claims wins", func(t *testing.T) {
		d := newDedup(t, long)
		k := key(t, "k")
		const n = 32
		states := make([]webhook.KeyState, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				states[i], errs[i] = d.Claim(ctx, k)
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for i, s := range states {
			mustNot(t, errs[i])
			switch s {
			case webhook.KeyNew:
				won++
			case webhook.KeyInFlight:
			default:
				t.Fatalf("concurrent claim %d: %v, want new or in flight", i, s)
			}
		}
		if won != 1 {
			t.Fatalf("%d of %d concurrent claims got the key, want exactly 1", won, n)
		}
	})

	t.Run("an unsettled claim ends with its lease", func(t *testing.T) {
		cfg := Config{Lease: 300 * time.Millisecond, Retention: time.Hour}
		d := newDedup(t, cfg)
		k := key(t, "k")
		want(t, d, k, webhook.KeyNew)
		want(t, d, k, webhook.KeyInFlight)
		time.Sleep(cfg.Lease + 200*time.Millisecond)
		want(t, d, k, webhook.KeyNew) // the retry of a process that died
		want(t, d, k, webhook.KeyInFlight)
		mustNot(t, d.Complete(ctx, k))
		want(t, d, k, webhook.KeyDone)
	})

	t.Run("a completed key is kept past the lease and forgotten after retention", func(t *testing.T) {
		cfg := Config{Lease: 100 * time.Millisecond, Retention: 800 * time.Millisecond}
		d := newDedup(t, cfg)
		k := key(t, "k")
		want(t, d, k, webhook.KeyNew)
		mustNot(t, d.Complete(ctx, k))
		time.Sleep(2 * cfg.Lease)
		want(t, d, k, webhook.KeyDone)
		time.Sleep(cfg.Retention)
		want(t, d, k, webhook.KeyNew)
	})
}

func want(t *testing.T, d webhook.Deduplicator, key string, st webhook.KeyState) {
	t.Helper()
	got, err := d.Claim(context.Background(), key)
	if err != nil {
		t.Fatalf("Claim(%q): %v", key, err)
	}
	if got != st {
		t.Fatalf("Claim(%q) = %v, want %v", key, got, st)
	}
}

func mustNot(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
