package chaostest_test

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup/sqldedup"
)

// write is one business write found in the ledger.
type write struct {
	status   smartcore.Status
	instance string
}

// store is the shared state of one run, as the test reads it back.
type store interface {
	// env returns what every webhook process needs to reach the store.
	env() []string
	// ledger returns the business writes of the orders, by order id.
	ledger(t *testing.T, orders []string) map[string][]write
	// acks returns, by order id, the incarnations that acknowledged its
	// final callback after processing it; nil when the store keeps none.
	acks(t *testing.T, orders []string) map[string][]string
	// transactional reports whether the business write commits together
	// with the record of the callback, so that exactly once holds even
	// for a process killed between the two.
	transactional() bool
	// summary describes what the store holds at the end, for the figures.
	summary(t *testing.T) string
	// name says which store and which kind of business write.
	name() string
}

// redisStore: redisdedup keys and the ledger lists under a prefix of the
// run's own, deleted when the test ends.
type redisStore struct {
	rdb      *redis.Client
	addr, ns string
	atomic   bool // the business write records the callback's key in the same script
}

func newRedisStore(t *testing.T, atomic bool) *redisStore {
	addr := serviceEnv(t, redisEnv, "127.0.0.1:6379")
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	t.Cleanup(func() { rdb.Close() })
	require.NoError(t, rdb.Ping(context.Background()).Err(), "the Redis at %s=%s", redisEnv, addr)
	ns := fmt.Sprintf("smartcore-chaostest:%d:", time.Now().UnixNano())
	t.Cleanup(func() {
		ctx := context.Background()
		iter := rdb.Scan(ctx, 0, ns+"*", 1000).Iterator()
		for iter.Next(ctx) {
			rdb.Del(ctx, iter.Val())
		}
	})
	return &redisStore{rdb: rdb, addr: addr, ns: ns, atomic: atomic}
}

func (s *redisStore) env() []string {
	env := []string{envRole + "=" + roleRedis, envStore + "=" + s.addr, envNS + "=" + s.ns}
	if s.atomic {
		env = append(env, envAtomic+"=1")
	}
	return env
}

func (s *redisStore) transactional() bool { return s.atomic }

func (s *redisStore) name() string {
	if s.atomic {
		return "redisdedup; business write and its callback key in one Redis script"
	}
	return "redisdedup; business write a separate Redis command before Complete"
}

// lists reads one list per order in a single pipeline.
func (s *redisStore) lists(t *testing.T, orders []string, key func(ns, order string) string) map[string][]string {
	ctx := context.Background()
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringSliceCmd, len(orders))
	for i, id := range orders {
		cmds[i] = pipe.LRange(ctx, key(s.ns, id), 0, -1)
	}
	_, err := pipe.Exec(ctx)
	require.NoError(t, err)
	out := make(map[string][]string, len(orders))
	for i, id := range orders {
		out[id] = cmds[i].Val()
	}
	return out
}

func (s *redisStore) ledger(t *testing.T, orders []string) map[string][]write {
	out := map[string][]write{}
	for id, entries := range s.lists(t, orders, redisLedgerKey) {
		for _, e := range entries {
			status, instance, ok := strings.Cut(e, " ")
			n, err := strconv.Atoi(status)
			require.True(t, ok && err == nil, "ledger entry %q of %s", e, id)
			out[id] = append(out[id], write{status: smartcore.Status(n), instance: instance})
		}
	}
	return out
}

func (s *redisStore) acks(t *testing.T, orders []string) map[string][]string {
	return s.lists(t, orders, redisAckKey)
}

func (s *redisStore) summary(t *testing.T) string {
	ctx := context.Background()
	states := map[string]int{}
	iter := s.rdb.Scan(ctx, 0, redisDedupPrefix(s.ns)+"*", 1000).Iterator()
	for iter.Next(ctx) {
		v := s.rdb.Get(ctx, iter.Val()).Val()
		if strings.HasPrefix(v, "inflight:") { // followed by the claim's token
			v = "inflight"
		}
		states[v]++
	}
	require.NoError(t, iter.Err())
	summary := fmt.Sprintf("redisdedup keys: %d done, %d in flight", states["done"], states["inflight"])
	if s.atomic {
		n := 0
		iter := s.rdb.Scan(ctx, 0, redisProcessedKey(s.ns, "*"), 1000).Iterator()
		for iter.Next(ctx) {
			n++
		}
		require.NoError(t, iter.Err())
		summary += fmt.Sprintf("; %d callback keys recorded with the writes", n)
	}
	return summary
}

// postgresStore: three tables of the run's own (the Deduplicator's,
// Transactional's and the ledger), dropped when the test ends.
type postgresStore struct {
	db     *sql.DB
	dsn    string
	ns     string
	tables postgresTables
}

func newPostgresStore(t *testing.T) *postgresStore {
	dsn := serviceEnv(t, postgresEnv, "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")
	db, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	require.NoError(t, db.Ping(), "the PostgreSQL at %s", postgresEnv)
	ns := fmt.Sprintf("chaostest_%d", time.Now().UnixNano())
	s := &postgresStore{db: db, dsn: dsn, ns: ns, tables: pgTables(ns)}
	t.Cleanup(func() {
		for _, tb := range []string{s.tables.dedup, s.tables.processed, s.tables.ledger} {
			_, _ = db.Exec("DROP TABLE IF EXISTS " + tb)
		}
	})
	// Created once, before the replicas start: concurrent CREATE TABLE IF
	// NOT EXISTS can fail on PostgreSQL.
	ctx := context.Background()
	d, err := sqldedup.New(db, sqldedup.Options{Table: s.tables.dedup})
	require.NoError(t, err)
	require.NoError(t, d.CreateTable(ctx))
	tx, err := sqldedup.NewTransactional(db, func(context.Context, *sql.Tx, *smartcore.Callback) error { return nil },
		sqldedup.TransactionalOptions{Table: s.tables.processed})
	require.NoError(t, err)
	require.NoError(t, tx.CreateTable(ctx))
	_, err = db.Exec("CREATE TABLE " + s.tables.ledger + " (order_id TEXT NOT NULL, status INT NOT NULL, instance TEXT NOT NULL)")
	require.NoError(t, err)
	return s
}

func (s *postgresStore) env() []string {
	return []string{envRole + "=" + rolePostgres, envStore + "=" + s.dsn, envNS + "=" + s.ns}
}

func (s *postgresStore) transactional() bool { return true }

func (s *postgresStore) name() string {
	return "sqldedup on PostgreSQL; business write through sqldedup.Transactional"
}

func (s *postgresStore) ledger(t *testing.T, _ []string) map[string][]write {
	rows, err := s.db.Query("SELECT order_id, status, instance FROM " + s.tables.ledger)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string][]write{}
	for rows.Next() {
		var id, instance string
		var status int
		require.NoError(t, rows.Scan(&id, &status, &instance))
		out[id] = append(out[id], write{status: smartcore.Status(status), instance: instance})
	}
	require.NoError(t, rows.Err())
	return out
}

func (s *postgresStore) acks(*testing.T, []string) map[string][]string { return nil }

func (s *postgresStore) summary(t *testing.T) string {
	var processed, done, inflight int
	require.NoError(t, s.db.QueryRow("SELECT count(*) FROM "+s.tables.processed).Scan(&processed))
	require.NoError(t, s.db.QueryRow(
		"SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state LIKE 'inflight:%') FROM "+s.tables.dedup).
		Scan(&done, &inflight))
	return fmt.Sprintf("%s: %d callback keys; sqldedup rows: %d done, %d in flight", s.tables.processed, processed, done, inflight)
}
