// Package dedup is the de-duplication contract of the SmartCore kit: the
// [Deduplicator] that the webhook handler (webhook.Options.Deduplicator)
// and package reconcile use so that each callback is processed once, and
// [Memory], a Deduplicator for one process.
//
// The gateway redelivers a callback until it is answered 200, and a
// captured callback can be replayed at any time (the signature has no
// timestamp), so a production host sets a Deduplicator. The webhook
// handler gives each callback a key (by default webhook.IdempotencyKey:
// type, order id and status for a final status, a hash of the signed
// string otherwise; or webhook.Options.DedupKey) and claims it before the
// application runs.
//
// A key names an identity, not an event: the gateway's callback has no
// event id, so two partial refunds of one amount, or a full refund sent
// without a type and the payment's success, are identical. A key found done
// is therefore dropped only where the protocol makes a redelivery certain
// (a Payment's or Withdrawal's final status, an identical pending status);
// anything else is handed to the application flagged
// (webhook.RepeatFromContext), which matches it against its own records
// (a refund against the refund_id and amount its refund call returned) and
// settles what stays ambiguous with check. The rule is webhook.Classify,
// and lives in the handler: this contract has no part in it.
//
// # Keys: new, in flight, done
//
// [Deduplicator.Claim] finds a key in one of three states ([KeyState]):
//
//   - [KeyNew]: the key is now claimed and the application runs. A 2xx
//     answer completes the key ([Deduplicator.Complete]); an error, a panic
//     or a non-2xx releases it ([Deduplicator.Release]), so that the
//     gateway's retry is processed.
//   - [KeyInFlight]: another delivery holds the key and may still fail. The
//     webhook handler answers 409 with Retry-After, never 200.
//   - [KeyDone]: processed before. The webhook handler answers 200 without
//     calling the application when the callback is certainly a redelivery,
//     and otherwise hands it over flagged as a possible repeat.
//
// A claim that is never settled (the process died) frees itself after the
// lease ([DefaultLease], 5 minutes); completed keys are remembered for the
// retention ([DefaultRetention], 7 days). Both must exceed the slowest
// handler and the gateway's retry schedule respectively.
//
// Each claim carries a token ([Claim]: State and Token). Complete and
// Release act only while that claim still holds the key: when a handler
// outlived its lease and another delivery took the key over, the late
// Complete or Release changes nothing and returns [ErrClaimLost], which
// the webhook handler logs as a warning to raise the lease. A custom
// Deduplicator must behave the same way; package dedup/deduptest checks
// any implementation against this contract:
//
//	func TestContract(t *testing.T) {
//		deduptest.Run(t, func(t *testing.T, cfg deduptest.Config) dedup.Deduplicator {
//			return &dedup.Memory{Lease: cfg.Lease, Retention: cfg.Retention}
//		})
//	}
//
// # One process: Memory
//
// The zero [Memory] is ready to use. It serves one process only, and
// forgets completed keys beyond Max (default [DefaultMemoryMax], 100,000,
// oldest first) as well as after the retention; keys in flight are never
// evicted, and a claim past its lease is dropped. A restart forgets
// everything.
//
// # Production: several replicas
//
// With more than one replica, or to remember across restarts, share the
// store. Each lives in its own module, so that an application downloads
// only the one it runs:
//
//   - github.com/smartcorekit/smartcore/dedup/redisdedup keeps keys in Redis
//     (go-redis v9: a single server, Sentinel or a Cluster). Redis expires
//     them itself. What it remembers is as durable as Redis is configured
//     to be: with asynchronous replication a failover can forget the last
//     claims and completions, and a forgotten completion means a replay is
//     processed again.
//   - github.com/smartcorekit/smartcore/dedup/sqldedup keeps keys in
//     PostgreSQL or SQLite through database/sql and the application's own
//     driver. Create its table with CreateTable, or run Schema in the
//     application's migrations; run Purge hourly. With SQLite, open the
//     database with a busy timeout
//     (?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)).
//
// The lease and the retention are options of each store; keep them above
// the slowest handler and the gateway's retry schedule.
//
// # Exactly once: the business write and the key together
//
// A shared Deduplicator alone guarantees that nothing is lost and that two
// replicas never process one callback at once. It cannot make the
// application's write and the key's completion one step: a process killed
// between the two is processed again once the lease has expired. (In the
// dedup/chaostest run — three webhook processes behind a round-robin
// proxy, 1,000 orders, 30% handler failures, duplicates, one process
// killed with SIGKILL mid-run — plain Redis de-duplication shows 0 to 3
// such orders in 1,000.)
//
// For exactly once, record the key in the same atomic step as the write.
// When the order state lives in SQL, sqldedup.NewTransactional does it: the
// application's function runs in a transaction that also records the
// callback's key, so a crash at any point neither loses an update nor
// applies it twice (the PostgreSQL chaos run: 1,000 of 1,000 exactly once).
// A commit answers 200, a callback already recorded answers 200 without
// calling the function where it is certainly a redelivery (and otherwise
// calls it flagged, by the same rule), and an error, a panic or a failed commit rolls back
// and answers 500. The chaos test shows a one-script equivalent for state
// kept in Redis.
//
// # With package reconcile
//
// To process each final state once across callbacks and reconciliation,
// give the webhook handler and the reconciler the same Deduplicator; their
// default key is the same (webhook.IdempotencyKey), so nothing else is
// set. See package reconcile.
package dedup
