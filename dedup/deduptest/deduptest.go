// Package deduptest is the contract every [dedup.Deduplicator] must keep,
// as a test suite: the in-memory one, the kit's Redis and SQL ones, and an
// application's own run the same checks.
//
//	func TestContract(t *testing.T) {
//		deduptest.Run(t, func(t *testing.T, cfg deduptest.Config) dedup.Deduplicator {
//			return &dedup.Memory{Lease: cfg.Lease, Retention: cfg.Retention}
//		})
//	}
package deduptest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smartcorekit/smartcore/dedup"
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
type New func(t *testing.T, cfg Config) dedup.Deduplicator

// Run checks the [dedup.Deduplicator] contract on the Deduplicators newDedup
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
		tok := want(t, d, k, dedup.KeyNew)
		want(t, d, k, dedup.KeyInFlight)
		mustNot(t, d.Complete(ctx, k, tok))
		want(t, d, k, dedup.KeyDone)
		want(t, d, k, dedup.KeyDone)
		lost(t, d.Release(ctx, k, tok), "Release of a done key") // a done key is not freed by a stray release
		lost(t, d.Complete(ctx, k, tok), "a second Complete")
		want(t, d, k, dedup.KeyDone)
	})

	t.Run("release frees the key", func(t *testing.T) {
		d := newDedup(t, long)
		k := key(t, "k")
		first := want(t, d, k, dedup.KeyNew)
		mustNot(t, d.Release(ctx, k, first))
		second := want(t, d, k, dedup.KeyNew)
		if second == first {
			t.Fatalf("two claims of %q got the same token %q", k, first)
		}
		want(t, d, k, dedup.KeyInFlight)
	})

	t.Run("settling a key nobody claimed is ErrClaimLost", func(t *testing.T) {
		d := newDedup(t, long)
		lost(t, d.Release(ctx, key(t, "never"), "token"), "Release of an unclaimed key")
		want(t, d, key(t, "never"), dedup.KeyNew)
		lost(t, d.Complete(ctx, key(t, "unclaimed"), "token"), "Complete of an unclaimed key")
		lost(t, d.Complete(ctx, key(t, "unclaimed"), ""), "Complete of an unclaimed key with no token")
		want(t, d, key(t, "unclaimed"), dedup.KeyNew)
	})

	t.Run("complete/release with a wrong token is ErrClaimLost", func(t *testing.T) {
		d := newDedup(t, long)
		k := key(t, "k")
		tok := want(t, d, k, dedup.KeyNew)
		for _, wrong := range []string{"", "wrong", tok + "x", "inflight", "done"} {
			lost(t, d.Release(ctx, k, wrong), fmt.Sprintf("Release with token %q", wrong))
			lost(t, d.Complete(ctx, k, wrong), fmt.Sprintf("Complete with token %q", wrong))
		}
		want(t, d, k, dedup.KeyInFlight) // still held by tok
		mustNot(t, d.Complete(ctx, k, tok))
		want(t, d, k, dedup.KeyDone)
	})

	t.Run("a stale token cannot release or complete a newer claim", func(t *testing.T) {
		cfg := Config{Lease: 300 * time.Millisecond, Retention: time.Hour}
		d := newDedup(t, cfg)
		k := key(t, "k")
		a := want(t, d, k, dedup.KeyNew) // delivery A outlives its lease
		time.Sleep(cfg.Lease + 200*time.Millisecond)
		b := want(t, d, k, dedup.KeyNew) // delivery B takes the key over
		lost(t, d.Release(ctx, k, a), "A's Release after B claimed")
		want(t, d, k, dedup.KeyInFlight) // delivery C must still wait for B
		lost(t, d.Complete(ctx, k, a), "A's Complete after B claimed")
		want(t, d, k, dedup.KeyInFlight) // B may still fail
		mustNot(t, d.Release(ctx, k, b))
		c := want(t, d, k, dedup.KeyNew)
		mustNot(t, d.Complete(ctx, k, c))
		want(t, d, k, dedup.KeyDone)

		// A claim past its lease is lost even when nobody took the key.
		k2 := key(t, "k2")
		a = want(t, d, k2, dedup.KeyNew)
		time.Sleep(cfg.Lease + 200*time.Millisecond)
		lost(t, d.Complete(ctx, k2, a), "Complete after the lease")
		lost(t, d.Release(ctx, k2, a), "Release after the lease")
		want(t, d, k2, dedup.KeyNew)
	})

	t.Run("keys are independent and taken verbatim", func(t *testing.T) {
		d := newDedup(t, long)
		odd := []string{"a:b|c", "a|b:c", "ключ", "key with spaces", "'; DROP TABLE x; --", strings.Repeat("x", 512), "%s%d"}
		tokens := make([]string, len(odd))
		for i, s := range odd {
			tokens[i] = want(t, d, key(t, s), dedup.KeyNew)
		}
		lost(t, d.Complete(ctx, key(t, odd[0]), tokens[1]), "Complete with another key's token")
		mustNot(t, d.Complete(ctx, key(t, odd[0]), tokens[0]))
		want(t, d, key(t, odd[0]), dedup.KeyDone)
		want(t, d, key(t, odd[1]), dedup.KeyInFlight)
		want(t, d, key(t, "A:B|C"), dedup.KeyNew)
	})

	t.Run("one of concurrent claims wins", func(t *testing.T) {
		d := newDedup(t, long)
		k := key(t, "k")
		const n = 32
		claims := make([]dedup.Claim, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				claims[i], errs[i] = d.Claim(ctx, k)
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for i, c := range claims {
			mustNot(t, errs[i])
			switch c.State {
			case dedup.KeyNew:
				won++
				if c.Token == "" {
					t.Fatalf("concurrent claim %d: KeyNew without a token", i)
				}
			case dedup.KeyInFlight:
				if c.Token != "" {
					t.Fatalf("concurrent claim %d: in flight with a token %q", i, c.Token)
				}
			default:
				t.Fatalf("concurrent claim %d: %v, want new or in flight", i, c.State)
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
		want(t, d, k, dedup.KeyNew)
		want(t, d, k, dedup.KeyInFlight)
		time.Sleep(cfg.Lease + 200*time.Millisecond)
		tok := want(t, d, k, dedup.KeyNew) // the retry of a process that died
		want(t, d, k, dedup.KeyInFlight)
		mustNot(t, d.Complete(ctx, k, tok))
		want(t, d, k, dedup.KeyDone)
	})

	t.Run("a completed key is kept past the lease and forgotten after retention", func(t *testing.T) {
		cfg := Config{Lease: 100 * time.Millisecond, Retention: 800 * time.Millisecond}
		d := newDedup(t, cfg)
		k := key(t, "k")
		tok := want(t, d, k, dedup.KeyNew)
		mustNot(t, d.Complete(ctx, k, tok))
		time.Sleep(2 * cfg.Lease)
		want(t, d, k, dedup.KeyDone)
		time.Sleep(cfg.Retention)
		want(t, d, k, dedup.KeyNew)
	})
}

// want claims key, fails t unless the state is st, and returns the token
// (set exactly when st is KeyNew).
func want(t *testing.T, d dedup.Deduplicator, key string, st dedup.KeyState) string {
	t.Helper()
	got, err := d.Claim(context.Background(), key)
	if err != nil {
		t.Fatalf("Claim(%q): %v", key, err)
	}
	if got.State != st {
		t.Fatalf("Claim(%q) = %v, want %v", key, got.State, st)
	}
	if (got.Token != "") != (st == dedup.KeyNew) {
		t.Fatalf("Claim(%q) = %v with token %q: a token comes with KeyNew and only with it", key, got.State, got.Token)
	}
	return got.Token
}

// lost fails t unless err is dedup.ErrClaimLost.
func lost(t *testing.T, err error, what string) {
	t.Helper()
	if !errors.Is(err, dedup.ErrClaimLost) {
		t.Fatalf("%s: got error %v, want dedup.ErrClaimLost", what, err)
	}
}

func mustNot(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
