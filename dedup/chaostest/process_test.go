package chaostest_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/redis/go-redis/v9"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/dedup/redisdedup"
	"github.com/smartcorekit/smartcore/dedup/sqldedup"
	"github.com/smartcorekit/smartcore/webhook"
)

// The environment of a webhook process. envRole switches the test binary
// into one and names its store.
const (
	envRole     = "CHAOSTEST_ROLE"     // roleRedis or rolePostgres
	envListen   = "CHAOSTEST_LISTEN"   // address to listen on, 127.0.0.1:0 the first time
	envStore    = "CHAOSTEST_STORE"    // Redis address or PostgreSQL URL
	envNS       = "CHAOSTEST_NS"       // the run's namespace: Redis key prefix, table name part
	envInstance = "CHAOSTEST_INSTANCE" // this incarnation's name, recorded with each business write
	envSecret   = "CHAOSTEST_SECRET"   // the merchant secret the sandbox signs with
	envSeed     = "CHAOSTEST_SEED"     // seeds the injected failures
	envFailPct  = "CHAOSTEST_FAIL_PCT" // share of handler calls that fail, in percent
	envLease    = "CHAOSTEST_LEASE"    // the Deduplicator's lease (a time.Duration)
	envAtomic   = "CHAOSTEST_ATOMIC"   // "1": the Redis business write records the key in the same script
)

const (
	roleRedis    = "redis"
	rolePostgres = "postgres"
)

// lineListening starts the one line a webhook process prints, once it
// accepts connections.
const lineListening = "listening "

// work is how long the business code takes besides its write (loading
// the order, say), so that a kill finds requests in flight.
const work = 2 * time.Millisecond

// errInjected is the handler failure the chaos run injects.
var errInjected = errors.New("chaostest: injected handler failure")

// injector decides which handler calls fail: a hash of the seed, the
// incarnation, the callback's key and a per-process call counter, so a run
// is repeatable in distribution (not in detail: which process gets which
// delivery depends on timing) and a retry of a failed callback gets a fresh
// draw.
type injector struct {
	seed, instance string
	pct            uint64
	n              atomic.Uint64
}

func (f *injector) fail(cb *smartcore.Callback) bool {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%s|%s|%d", f.seed, f.instance, webhook.IdempotencyKey(cb), f.n.Add(1))
	return h.Sum64()%100 < f.pct
}

// runWebhookProcess is the shop's webhook replica: webhook.New with a
// Router and the shared Deduplicator, on the store named by role. It
// prints lineListening and the address, then serves until it is killed.
func runWebhookProcess(role string) error {
	pct, err := strconv.ParseUint(os.Getenv(envFailPct), 10, 8)
	if err != nil {
		return fmt.Errorf("%s: %w", envFailPct, err)
	}
	lease, err := time.ParseDuration(os.Getenv(envLease))
	if err != nil {
		return fmt.Errorf("%s: %w", envLease, err)
	}
	inj := &injector{seed: os.Getenv(envSeed), instance: os.Getenv(envInstance), pct: pct}
	var sh *shopReplica
	switch role {
	case roleRedis:
		sh, err = redisReplica(inj, lease)
	case rolePostgres:
		sh, err = postgresReplica(inj, lease)
	default:
		err = fmt.Errorf("unknown role %q", role)
	}
	if err != nil {
		return err
	}
	rt := &webhook.Router{}
	// Only final statuses reach the business code; a pending one would be
	// acknowledged by the router without it.
	rt.Handle(webhook.AnyType, webhook.Succeeded, sh.app)
	rt.Handle(webhook.AnyType, webhook.Failed, sh.app)
	wh, err := webhook.New(rt, webhook.Options{
		Secrets:      []string{os.Getenv(envSecret)},
		Deduplicator: sh.dedup,
		Observer:     sh.observer,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", os.Getenv(envListen))
	if err != nil {
		return err
	}
	fmt.Println(lineListening + ln.Addr().String())
	srv := &http.Server{Handler: wh, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// shopReplica is what differs between the two stores.
type shopReplica struct {
	app      webhook.CallbackHandler
	dedup    dedup.Deduplicator
	observer func(context.Context, webhook.Event)
}

// Redis keys under the run's namespace.
func redisDedupPrefix(ns string) string       { return ns + "dedup:" }
func redisLedgerKey(ns, order string) string  { return ns + "ledger:" + order }
func redisAckKey(ns, order string) string     { return ns + "ack:" + order }
func redisProcessedKey(ns, key string) string { return ns + "processed:" + key }

// atomicWrite is the Redis counterpart of sqldedup.Transactional: one
// script, which Redis runs atomically, records the callback's key
// (KEYS[1]) and makes the business write (KEYS[2]) only if the key was not
// recorded before, so that the write and the record of it happen together
// or not at all. On a Redis Cluster both keys must share a hash slot.
var atomicWrite = redis.NewScript(`
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[2]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  return 1
end
return 0`)

// ledgerEntry is how a business write is recorded: the status processed
// and the incarnation that processed it.
func ledgerEntry(status smartcore.Status, instance string) string {
	return fmt.Sprintf("%d %s", int(status), instance)
}

// redisReplica: redisdedup for the claims; the business write is an RPUSH
// to the order's ledger list, made after the injected failure is drawn (a
// failure has no side effect) and the work, and before the webhook handler
// completes the key. The two are separate Redis commands: a process killed between them
// leaves the write done and the key in flight, and the retry after the
// lease processes the callback again. To tell that window from a bug, the
// observer records, after the 200, which incarnation acknowledged which
// order. With envAtomic the write goes through atomicWrite instead, which
// closes that window.
func redisReplica(inj *injector, lease time.Duration) (*shopReplica, error) {
	ns, atomic := os.Getenv(envNS), os.Getenv(envAtomic) == "1"
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv(envStore)})
	d, err := redisdedup.New(rdb, redisdedup.Options{Prefix: redisDedupPrefix(ns), Lease: lease})
	if err != nil {
		return nil, err
	}
	app := webhook.CallbackHandlerFunc(func(ctx context.Context, cb *smartcore.Callback) error {
		if inj.fail(cb) {
			return errInjected
		}
		time.Sleep(work)
		entry := ledgerEntry(cb.Status, inj.instance)
		if atomic {
			keys := []string{redisProcessedKey(ns, webhook.IdempotencyKey(cb)), redisLedgerKey(ns, cb.OrderID)}
			return atomicWrite.Run(ctx, rdb, keys, entry, dedup.DefaultRetention.Milliseconds()).Err()
		}
		return rdb.RPush(ctx, redisLedgerKey(ns, cb.OrderID), entry).Err()
	})
	observer := func(ctx context.Context, e webhook.Event) {
		if e.Outcome == webhook.EventProcessed && e.Status.IsFinal() {
			rdb.RPush(context.WithoutCancel(ctx), redisAckKey(ns, e.OrderID), inj.instance)
		}
	}
	return &shopReplica{app: app, dedup: d, observer: observer}, nil
}

// postgresTables names the run's three tables.
type postgresTables struct{ dedup, processed, ledger string }

func pgTables(ns string) postgresTables {
	return postgresTables{dedup: ns + "_dedup", processed: ns + "_processed", ledger: ns + "_ledger"}
}

// postgresReplica: sqldedup's Deduplicator for the claims (a delivery of a
// callback being processed elsewhere is answered 409 at once), and the
// business write through sqldedup.Transactional: the ledger row and the
// record of the callback's key commit together. The work and the injected
// failure come after the write, inside the transaction, so a kill or the
// rollback must undo it.
func postgresReplica(inj *injector, lease time.Duration) (*shopReplica, error) {
	tables := pgTables(os.Getenv(envNS))
	db, err := sql.Open("pgx", os.Getenv(envStore))
	if err != nil {
		return nil, err
	}
	// Three replicas under the sandbox's concurrency stay well under
	// PostgreSQL's default 100 connections.
	db.SetMaxOpenConns(16)
	d, err := sqldedup.New(db, sqldedup.Options{Table: tables.dedup, Lease: lease})
	if err != nil {
		return nil, err
	}
	insert := "INSERT INTO " + tables.ledger + " (order_id, status, instance) VALUES ($1, $2, $3)"
	app, err := sqldedup.NewTransactional(db, func(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error {
		if _, err := tx.ExecContext(ctx, insert, cb.OrderID, int(cb.Status), inj.instance); err != nil {
			return err
		}
		time.Sleep(work) // the write is not committed yet: a kill now must lose it
		if inj.fail(cb) {
			return errInjected
		}
		return nil
	}, sqldedup.TransactionalOptions{Table: tables.processed})
	if err != nil {
		return nil, err
	}
	return &shopReplica{app: app, dedup: d}, nil
}
