// Package redisdedup is a [dedup.Deduplicator] kept in Redis, so that
// every replica of a shop sees the same callback keys: a callback is handed
// to the application once, whichever replica the gateway reaches, and a
// redelivery is acknowledged only after the first delivery completed.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
//	dedup, err := redisdedup.New(rdb, redisdedup.Options{})
//	if err != nil { ... }
//	h, err := webhook.New(router, webhook.Options{Secrets: secrets, Deduplicator: dedup})
//
// Each callback key is one Redis string, Options.Prefix followed by the key:
// "inflight:" and the claim's token while a delivery holds it (with the
// lease as its expiry) and "done" once processed (with the retention as its
// expiry), so Redis itself forgets what is no longer needed. Complete and
// Release compare the token, so a delivery whose lease ended cannot settle
// the claim of one that took the key over. (Before the token, an in-flight
// key held plain "inflight"; such a key is never matched by a token and
// simply expires with its lease. The kit is pre-release, so there is no
// migration.) Every operation is one Lua script on one
// key, which Redis runs atomically; it works on a single server, behind
// Sentinel and on a Cluster.
//
// What the deduplicator remembers is as durable as the Redis that holds it:
// with asynchronous replication a failover can lose the last claims and
// completions, and a lost "done" means a replay is processed again. An
// application whose updates are not idempotent should also record them in
// its own database (see the sqldedup module's Transactional).
package redisdedup

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/smartcorekit/smartcore/dedup"
)

// DefaultPrefix is the prefix of every key when Options.Prefix is empty.
const DefaultPrefix = "smartcore:dedup:"

// Options configures [New]. The zero value is ready to use.
type Options struct {
	// Prefix is put before each callback key, so that the deduplicator's
	// keys do not meet the application's. Everything under it belongs to
	// the deduplicator. Default: DefaultPrefix ("smartcore:dedup:").
	Prefix string

	// Lease is how long a claim holds a key that is neither completed nor
	// released, as when the process died mid-callback. It must exceed the
	// longest time the application takes for one callback.
	// Default: dedup.DefaultLease (5 minutes).
	Lease time.Duration

	// Retention is how long a completed key is remembered; a replay older
	// than that is processed again. Default: dedup.DefaultRetention
	// (7 days).
	Retention time.Duration
}

// Deduplicator is a [dedup.Deduplicator] kept in Redis; see the package
// doc. It is safe for concurrent use.
type Deduplicator struct {
	rdb       redis.Scripter
	prefix    string
	lease     int64 // milliseconds
	retention int64 // milliseconds
}

var _ dedup.Deduplicator = (*Deduplicator)(nil)

// New returns a Deduplicator that keeps its keys in rdb, which may be a
// *redis.Client, *redis.ClusterClient, *redis.Ring or any
// redis.UniversalClient. It does not contact Redis.
//
// It returns an error when rdb is nil (a typed nil such as
// (*redis.Client)(nil) included), or when Lease or Retention is
// negative or, when set, shorter than a millisecond (the unit Redis
// expires keys in).
func New(rdb redis.Scripter, opts Options) (*Deduplicator, error) {
	if rdb == nil {
		return nil, errors.New("redisdedup: nil Redis client")
	}
	if v := reflect.ValueOf(rdb); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, fmt.Errorf("redisdedup: nil Redis client (%T)", rdb)
	}
	lease, err := millis("Lease", opts.Lease, dedup.DefaultLease)
	if err != nil {
		return nil, err
	}
	retention, err := millis("Retention", opts.Retention, dedup.DefaultRetention)
	if err != nil {
		return nil, err
	}
	prefix := opts.Prefix
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return &Deduplicator{rdb: rdb, prefix: prefix, lease: lease, retention: retention}, nil
}

func millis(name string, d, def time.Duration) (int64, error) {
	switch {
	case d == 0:
		d = def
	case d < 0:
		return 0, fmt.Errorf("redisdedup: negative %s %v", name, d)
	case d < time.Millisecond:
		return 0, fmt.Errorf("redisdedup: %s %v is under a millisecond", name, d)
	}
	return d.Milliseconds(), nil
}

// The values a key holds: valueInFlight followed by the claim's token, or
// valueDone. Anything else under the prefix is treated as in flight, so
// that an unexpected value never lets a callback through twice.
const (
	valueInFlight = "inflight:"
	valueDone     = "done"
)

// The codes claimScript returns.
const (
	codeNew      = 1
	codeInFlight = 2
	codeDone     = 3
)

// claimScript takes a free key for ARGV[1] milliseconds, holding the value
// ARGV[2] (the in-flight value with the new token), and reports what it
// found. A key whose lease ran out has expired in Redis, so it is free.
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v == '` + valueDone + `' then return ` + fmt.Sprint(codeDone) + ` end
if v then return ` + fmt.Sprint(codeInFlight) + ` end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
return ` + fmt.Sprint(codeNew))

// completeScript marks a key done for ARGV[2] milliseconds if it still
// holds ARGV[1] (the in-flight value with the claim's token), and returns
// 1 if it did, 0 if the claim was lost.
var completeScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], '` + valueDone + `', 'PX', ARGV[2])
return 1`)

// releaseScript frees a key if it still holds ARGV[1] (the in-flight value
// with the claim's token), and returns 1 if it did, 0 if the claim was
// lost: a stray Release never frees a later claim or forgets a completed
// callback.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`)

// Claim implements [dedup.Deduplicator]. It returns an error, and no
// state, when Redis cannot be reached or answers something unexpected.
func (d *Deduplicator) Claim(ctx context.Context, key string) (dedup.Claim, error) {
	token := rand.Text()
	code, err := claimScript.Run(ctx, d.rdb, []string{d.prefix + key}, d.lease, valueInFlight+token).Int64()
	if err != nil {
		return dedup.Claim{}, fmt.Errorf("redisdedup: claim: %w", err)
	}
	switch code {
	case codeNew:
		return dedup.Claim{State: dedup.KeyNew, Token: token}, nil
	case codeInFlight:
		return dedup.Claim{State: dedup.KeyInFlight}, nil
	case codeDone:
		return dedup.Claim{State: dedup.KeyDone}, nil
	}
	return dedup.Claim{}, fmt.Errorf("redisdedup: claim: unexpected answer %d", code)
}

// Complete implements [dedup.Deduplicator]. It returns
// [dedup.ErrClaimLost], changing nothing, when key is not in flight
// under token, and another error when Redis cannot be reached.
func (d *Deduplicator) Complete(ctx context.Context, key, token string) error {
	return settled("complete", completeScript.Run(ctx, d.rdb, []string{d.prefix + key}, valueInFlight+token, d.retention))
}

// Release implements [dedup.Deduplicator]. It returns
// [dedup.ErrClaimLost], changing nothing, when key is not in flight
// under token, and another error when Redis cannot be reached; the key is
// then freed by its lease.
func (d *Deduplicator) Release(ctx context.Context, key, token string) error {
	return settled("release", releaseScript.Run(ctx, d.rdb, []string{d.prefix + key}, valueInFlight+token))
}

// settled turns the answer of completeScript or releaseScript into
// Complete's or Release's error.
func settled(op string, res *redis.Cmd) error {
	n, err := res.Int64()
	switch {
	case err != nil:
		return fmt.Errorf("redisdedup: %s: %w", op, err)
	case n == 0:
		return dedup.ErrClaimLost
	case n != 1:
		return fmt.Errorf("redisdedup: %s: unexpected answer %d", op, n)
	}
	return nil
}
