package redisdedup_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/dedup/deduptest"
	"github.com/smartcorekit/smartcore/dedup/redisdedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// testPrefix keeps one test run's keys apart from every other's on a
// shared Redis, and lets the run delete them afterwards.
func testPrefix(t *testing.T, rdb *redis.Client) string {
	prefix := fmt.Sprintf("smartcore-test:%d:", time.Now().UnixNano())
	t.Cleanup(func() {
		ctx := context.Background()
		iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			rdb.Del(ctx, iter.Val())
		}
	})
	return prefix
}

func newClient(t *testing.T) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: redisAddr(t)})
	t.Cleanup(func() { rdb.Close() })
	require.NoError(t, rdb.Ping(context.Background()).Err(), "the Redis at %s", redisEnv)
	return rdb
}

func TestContract(t *testing.T) {
	rdb := newClient(t)
	prefix := testPrefix(t, rdb)
	deduptest.Run(t, func(t *testing.T, cfg deduptest.Config) dedup.Deduplicator {
		d, err := redisdedup.New(rdb, redisdedup.Options{Prefix: prefix, Lease: cfg.Lease, Retention: cfg.Retention})
		require.NoError(t, err)
		return d
	})
}

// Every event reaches the application through a webhook handler that
// de-duplicates in Redis, and the repeats arrive flagged.
func TestEveryEventReachesTheApplication(t *testing.T) {
	rdb := newClient(t)
	d, err := redisdedup.New(rdb, redisdedup.Options{Prefix: testPrefix(t, rdb)})
	require.NoError(t, err)
	deduptest.RunEvents(t, func(t *testing.T, e deduptest.Events) http.Handler {
		h, err := webhook.New(e.App, webhook.Options{Secrets: []string{e.Secret}, Deduplicator: d, DedupKey: e.Key})
		require.NoError(t, err)
		return h
	})
}

// What Redis holds is what the package doc promises: the prefix, the two
// values, and the lease and retention as expiries.
func TestKeysInRedis(t *testing.T) {
	ctx := context.Background()
	rdb := newClient(t)
	prefix := testPrefix(t, rdb)
	d, err := redisdedup.New(rdb, redisdedup.Options{Prefix: prefix, Lease: 90 * time.Second, Retention: 48 * time.Hour})
	require.NoError(t, err)

	c, err := d.Claim(ctx, "k")
	require.NoError(t, err)
	require.Equal(t, dedup.KeyNew, c.State)
	require.Equal(t, "inflight:"+c.Token, rdb.Get(ctx, prefix+"k").Val())
	ttl := rdb.PTTL(ctx, prefix+"k").Val()
	require.True(t, ttl > 80*time.Second && ttl <= 90*time.Second, "lease as expiry: %v", ttl)

	require.NoError(t, d.Complete(ctx, "k", c.Token))
	require.Equal(t, "done", rdb.Get(ctx, prefix+"k").Val())
	ttl = rdb.PTTL(ctx, prefix+"k").Val()
	require.True(t, ttl > 47*time.Hour && ttl <= 48*time.Hour, "retention as expiry: %v", ttl)

	// A second Complete is a lost claim and does not prolong the retention.
	require.NoError(t, rdb.PExpire(ctx, prefix+"k", time.Hour).Err())
	require.ErrorIs(t, d.Complete(ctx, "k", c.Token), dedup.ErrClaimLost)
	require.LessOrEqual(t, rdb.PTTL(ctx, prefix+"k").Val(), time.Hour)

	// An unknown value under the prefix is never taken as free or done.
	require.NoError(t, rdb.Set(ctx, prefix+"odd", "something else", time.Minute).Err())
	c, err = d.Claim(ctx, "odd")
	require.NoError(t, err)
	require.Equal(t, dedup.KeyInFlight, c.State)

	// The default prefix.
	def, err := redisdedup.New(rdb, redisdedup.Options{})
	require.NoError(t, err)
	key := strings.TrimPrefix(prefix, "smartcore-test:") + "default"
	t.Cleanup(func() { rdb.Del(context.Background(), redisdedup.DefaultPrefix+key) })
	c, err = def.Claim(ctx, key)
	require.NoError(t, err)
	require.Equal(t, "inflight:"+c.Token, rdb.Get(ctx, redisdedup.DefaultPrefix+key).Val())
	require.Equal(t, dedup.DefaultLease, rdb.PTTL(ctx, redisdedup.DefaultPrefix+key).Val().Round(time.Minute))
	require.NoError(t, def.Complete(ctx, key, c.Token))
	require.Equal(t, dedup.DefaultRetention, rdb.PTTL(ctx, redisdedup.DefaultPrefix+key).Val().Round(time.Minute))
}

// Two replicas sharing one Redis: the redelivery that reaches the second
// while the first is still processing is not acknowledged; once the first
// completed, it is acknowledged without being processed again.
func TestReplicasShareKeys(t *testing.T) {
	const secret = "replica-secret"
	rdb := newClient(t)
	prefix := testPrefix(t, rdb)
	entered, finish := make(chan struct{}), make(chan struct{})
	processed := 0
	newReplica := func() http.Handler {
		// Each replica has its own client, as separate processes would.
		own := redis.NewClient(&redis.Options{Addr: redisAddr(t)})
		t.Cleanup(func() { own.Close() })
		d, err := redisdedup.New(own, redisdedup.Options{Prefix: prefix})
		require.NoError(t, err)
		h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
			entered <- struct{}{}
			<-finish
			processed++
			return nil
		}), webhook.Options{Secrets: []string{secret}, Deduplicator: d})
		require.NoError(t, err)
		return h
	}
	a, b := newReplica(), newReplica()
	cb := &smartcore.Callback{OrderID: "o-replicas", Status: smartcore.StatusSuccess, Amount: 500, Type: smartcore.TypePayment}
	serve := func(h http.Handler) int {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, cb))
		return w.Code
	}
	first := make(chan int, 1)
	go func() { first <- serve(a) }()
	select {
	case <-entered:
	case code := <-first:
		t.Fatalf("the first delivery answered %d without reaching the application", code)
	}
	require.Equal(t, http.StatusConflict, serve(b), "in flight on the other replica")
	close(finish)
	require.Equal(t, http.StatusOK, <-first)
	require.Equal(t, http.StatusOK, serve(b), "done on the other replica")
	require.Equal(t, 1, processed)
}

// A Redis that cannot be reached is an error, which the handler answers
// 500 so that the gateway retries; never a guess.
func TestUnreachableRedisIsAnError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	defer rdb.Close()
	d, err := redisdedup.New(rdb, redisdedup.Options{})
	require.NoError(t, err)
	ctx := context.Background()
	_, err = d.Claim(ctx, "k")
	require.ErrorContains(t, err, "redisdedup: claim")
	require.ErrorContains(t, d.Complete(ctx, "k", "token"), "redisdedup: complete")
	require.ErrorContains(t, d.Release(ctx, "k", "token"), "redisdedup: release")

	const secret = "s"
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
		t.Error("reached the application without a claim")
		return nil
	}), webhook.Options{Secrets: []string{secret}, Deduplicator: d})
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, &smartcore.Callback{OrderID: "o", Status: smartcore.StatusSuccess, Amount: 1}))
	require.Equal(t, http.StatusInternalServerError, w.Code)
}

func TestNewRefusesBadOptions(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer rdb.Close()
	for name, tc := range map[string]struct {
		rdb  redis.Scripter
		opts redisdedup.Options
	}{
		"nil client":         {nil, redisdedup.Options{}},
		"nil *redis.Client":  {(*redis.Client)(nil), redisdedup.Options{}},
		"negative lease":     {rdb, redisdedup.Options{Lease: -time.Second}},
		"negative retention": {rdb, redisdedup.Options{Retention: -time.Second}},
		"sub-ms lease":       {rdb, redisdedup.Options{Lease: time.Microsecond}},
		"sub-ms retention":   {rdb, redisdedup.Options{Retention: 999 * time.Microsecond}},
	} {
		_, err := redisdedup.New(tc.rdb, tc.opts)
		require.Error(t, err, name)
	}
	_, err := redisdedup.New(rdb, redisdedup.Options{Lease: time.Millisecond, Retention: time.Millisecond})
	require.NoError(t, err)
}
