// Package dedup is the de-duplication contract for the SmartCore gateway's
// callbacks: [Deduplicator], the in-process [Memory] store, and the
// defaults every store the kit ships shares. Package webhook uses it
// (webhook.Options.Deduplicator), and so does package reconcile.
//
// The gateway redelivers a callback until it gets a 200, and a captured
// one can be replayed, since the signature carries no timestamp. A
// Deduplicator remembers which callbacks are being processed and which
// were processed, so that each is handed to the application once and
// acknowledged only once its processing completed.
//
// # What a Deduplicator promises
//
// Each callback has a key (by default webhook.IdempotencyKey: a hash of
// exactly the string the gateway signed, shared by redeliveries and
// replays). [Deduplicator.Claim] reports the key as one of three states:
//
//   - [KeyNew]: the key was free and this delivery now holds it. The
//     callback is processed; success completes the key, an error, a panic
//     or a non-2xx answer releases it so that the gateway's retry is
//     processed.
//   - [KeyInFlight]: another delivery holds the key and may still fail, so
//     this one is answered 409 with Retry-After, never 200.
//   - [KeyDone]: the callback was processed before; it is answered 200
//     without reaching the application.
//
// Claim is atomic: of concurrent claims of one free key exactly one gets
// KeyNew. Each such claim carries a token ([Claim].Token); Complete and
// Release act only while that token still holds the key within its lease.
// A delivery that outlived its lease, whose key another delivery may have
// taken since, changes nothing: its Complete or Release returns
// [ErrClaimLost], which package webhook logs as a warning to raise the
// lease. A store of the application's own must do the same; package
// deduptest checks any implementation against this contract.
//
// # Leases and retention
//
// A claim that is never settled (the process died mid-callback) frees
// itself after the lease, [DefaultLease] (5 minutes) unless configured: it
// must exceed the application's slowest handling of one callback, or a
// redelivery after the lease is processed a second time. A completed key
// is remembered for the retention, [DefaultRetention] (7 days) unless
// configured: it must exceed the gateway's whole retry schedule, or a late
// replay is processed again.
//
// # Which store
//
// [Memory] serves one process: tests, demos and single-instance
// applications. Its zero value is ready; it forgets completed keys past
// their retention or beyond Max ([DefaultMemoryMax], oldest first), never
// evicts keys in flight, and drops claims past their lease. It forgets
// everything on restart.
//
// With more than one replica, or across restarts, use a shared store, each
// its own module so that only the store in use is downloaded:
// dedup/redisdedup (go-redis) or dedup/sqldedup (database/sql: PostgreSQL
// or SQLite). Run the SQL store's Purge hourly. Redis keeps what it
// remembers only as durably as it is configured: with asynchronous
// replication a failover can forget recent keys. With SQLite, open the
// database with a busy timeout.
//
// A Deduplicator alone guarantees that nothing is lost and that two
// replicas never process one callback at once, but a process killed
// between the application's write and the store's Complete can still be
// processed twice after the lease. For exactly once, record the key in the
// same atomic step as the write: sqldedup.NewTransactional commits the
// application's update and the record of the callback in one transaction.
package dedup
