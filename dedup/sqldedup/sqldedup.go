// Package sqldedup keeps callback de-duplication in an SQL database through
// database/sql, on PostgreSQL or SQLite. It offers two ways, which use
// separate tables:
//
//   - [Deduplicator], a [dedup.Deduplicator] shared by every replica that
//     reaches the database: a callback is handed to the application once,
//     and a redelivery is acknowledged only after the first delivery
//     completed. The application's own writes are not part of it.
//   - [Transactional], a [webhook.CallbackHandler] that runs the
//     application's function in a database transaction which also records
//     the callback's key: the update and the record of it commit together
//     or not at all, so a crash at any point neither loses the callback nor
//     applies it twice. Use it when the application's state lives in the
//     same database.
//
// The package depends only on database/sql: the application opens the
// database with the driver of its choice (github.com/jackc/pgx/v5/stdlib,
// modernc.org/sqlite, ...), and the dialect is told from that driver or set
// in the options. With SQLite, open the database with a busy timeout (with
// modernc.org/sqlite: "file:app.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"),
// so that concurrent writers wait for each other instead of failing with
// SQLITE_BUSY.
//
// The tables are created by CreateTable, or by the application's migrations
// from the statements Schema returns. Time is the database's clock, so the
// replicas' clocks need not agree.
package sqldedup

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/smartcorekit/smartcore/dedup"
)

// DefaultTable is the Deduplicator's table when Options.Table is empty.
const DefaultTable = "smartcore_dedup"

// Options configures [New]. The zero value is ready to use.
type Options struct {
	// Dialect is the database's SQL dialect. Default: told from the
	// driver of the *sql.DB (pgx and lib/pq mean Postgres, a driver
	// package whose path contains "sqlite" means SQLite); New returns an
	// error for any other driver.
	Dialect Dialect

	// Table is the table that holds the keys, optionally qualified by a
	// schema ("payments.smartcore_dedup"). Only letters, digits and _ are
	// accepted. Default: DefaultTable ("smartcore_dedup").
	Table string

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

// Deduplicator is a [dedup.Deduplicator] kept in one SQL table, one row
// per key: dedup_key (the primary key), state ("inflight:" followed by the
// claim's token, or "done") and expires_at (Unix milliseconds of the
// database's clock: the end of the lease, or of the retention once done).
// A row past expires_at counts as absent and is taken over by the next
// claim; [Deduplicator.Purge] deletes such rows. It is safe for concurrent
// use, by any number of processes sharing the database.
//
// Every operation is one statement, which the database runs atomically: a
// claim is an INSERT ... ON CONFLICT DO UPDATE that only takes over an
// expired row, so of concurrent claims the primary key lets exactly one
// insert or take over the row. Complete and Release change the row only
// while it holds their claim's token and its lease has not ended, so a
// delivery that outlived its lease cannot settle the claim of the one that
// took the key over.
//
// The token lives in the state column, so the table is the same as before
// tokens were added; a row left with the earlier plain "inflight" matches
// no token and simply expires with its lease. (The kit is pre-release: no
// migration is needed or provided.)
type Deduplicator struct {
	db        *sql.DB
	dialect   Dialect
	table     string
	lease     int64 // milliseconds
	retention int64 // milliseconds

	claim, state, complete, release, purge string
}

var _ dedup.Deduplicator = (*Deduplicator)(nil)

// The values of the state column: stateInFlight followed by the claim's
// token, or stateDone.
const (
	stateInFlight = "inflight:"
	stateDone     = "done"
)

// New returns a Deduplicator that keeps its keys in db. It does not contact
// the database; create the table with [Deduplicator.CreateTable] or the
// statements of [Deduplicator.Schema].
//
// It returns an error when db is nil, the dialect is unknown or cannot be
// told from the driver, Table is not an identifier, or Lease or Retention
// is negative or, when set, shorter than a millisecond.
func New(db *sql.DB, opts Options) (*Deduplicator, error) {
	if db == nil {
		return nil, errors.New("sqldedup: nil *sql.DB")
	}
	dialect, err := dialectOf(db, opts.Dialect)
	if err != nil {
		return nil, err
	}
	table, err := tableName(opts.Table, DefaultTable)
	if err != nil {
		return nil, err
	}
	lease, err := millis("Lease", opts.Lease, dedup.DefaultLease)
	if err != nil {
		return nil, err
	}
	retention, err := millis("Retention", opts.Retention, dedup.DefaultRetention)
	if err != nil {
		return nil, err
	}
	d := &Deduplicator{db: db, dialect: dialect, table: table, lease: lease, retention: retention}
	p, now := dialect.param, dialect.now()
	// Takes the key when it is absent or expired; a row comes back only
	// then. The primary key serializes concurrent claims of one key.
	d.claim = fmt.Sprintf(`INSERT INTO %[1]s AS d (dedup_key, state, expires_at) VALUES (%[2]s, %[4]s, %[5]s + %[3]s)
ON CONFLICT (dedup_key) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at
WHERE d.expires_at <= %[5]s
RETURNING state`, table, p(1), p(2), p(3), now)
	d.state = fmt.Sprintf(`SELECT state FROM %s WHERE dedup_key = %s AND expires_at > %s`, table, p(1), now)
	// Only the live claim of that token: neither a later claim nor a key
	// already done is touched.
	d.complete = fmt.Sprintf(`UPDATE %[1]s SET state = '%[5]s', expires_at = %[6]s + %[3]s
WHERE dedup_key = %[2]s AND state = %[4]s AND expires_at > %[6]s`, table, p(1), p(2), p(3), stateDone, now)
	d.release = fmt.Sprintf(`DELETE FROM %s WHERE dedup_key = %s AND state = %s AND expires_at > %s`, table, p(1), p(2), now)
	d.purge = fmt.Sprintf(`DELETE FROM %s WHERE expires_at <= %s`, table, now)
	return d, nil
}

func millis(name string, d, def time.Duration) (int64, error) {
	switch {
	case d == 0:
		d = def
	case d < 0:
		return 0, fmt.Errorf("sqldedup: negative %s %v", name, d)
	case d < time.Millisecond:
		return 0, fmt.Errorf("sqldedup: %s %v is under a millisecond", name, d)
	}
	return d.Milliseconds(), nil
}

// maxClaimTries bounds Claim's loop. Each further try means the key changed
// between two statements a few microseconds apart; that it keeps doing so
// is not something a real load produces.
const maxClaimTries = 8

// Claim implements [dedup.Deduplicator]. It returns an error, and no
// state, when the database fails.
func (d *Deduplicator) Claim(ctx context.Context, key string) (dedup.Claim, error) {
	token := rand.Text()
	for range maxClaimTries {
		var s string
		err := d.db.QueryRowContext(ctx, d.claim, key, d.lease, stateInFlight+token).Scan(&s)
		if err == nil {
			return dedup.Claim{State: dedup.KeyNew, Token: token}, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return dedup.Claim{}, fmt.Errorf("sqldedup: claim: %w", err)
		}
		// Held by a live row; read which state it is in. The row may have
		// been released or have expired since, so absent means: try again.
		err = d.db.QueryRowContext(ctx, d.state, key).Scan(&s)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			continue
		case err != nil:
			return dedup.Claim{}, fmt.Errorf("sqldedup: claim: %w", err)
		case s == stateDone:
			return dedup.Claim{State: dedup.KeyDone}, nil
		default:
			// In flight, or a value the package did not write: never
			// taken as free or done.
			return dedup.Claim{State: dedup.KeyInFlight}, nil
		}
	}
	return dedup.Claim{}, fmt.Errorf("sqldedup: claim: key kept changing over %d tries", maxClaimTries)
}

// Complete implements [dedup.Deduplicator]. It returns
// [dedup.ErrClaimLost], changing nothing, when key is not in flight
// under token, and another error when the database fails.
func (d *Deduplicator) Complete(ctx context.Context, key, token string) error {
	res, err := d.db.ExecContext(ctx, d.complete, key, d.retention, stateInFlight+token)
	return settled("complete", res, err)
}

// Release implements [dedup.Deduplicator]. It returns
// [dedup.ErrClaimLost], changing nothing, when key is not in flight
// under token, and another error when the database fails; the key is then
// freed by its lease.
func (d *Deduplicator) Release(ctx context.Context, key, token string) error {
	res, err := d.db.ExecContext(ctx, d.release, key, stateInFlight+token)
	return settled("release", res, err)
}

// settled turns the result of the complete or release statement into
// Complete's or Release's error: no row changed means the claim was lost.
func settled(op string, res sql.Result, err error) error {
	if err != nil {
		return fmt.Errorf("sqldedup: %s: %w", op, err)
	}
	n, err := res.RowsAffected()
	switch {
	case err != nil:
		return fmt.Errorf("sqldedup: %s: %w", op, err)
	case n == 0:
		return dedup.ErrClaimLost
	}
	return nil
}

// Purge deletes the rows past their expiry (leases that ran out, completed
// keys past the retention) and returns how many it deleted. Expired rows
// are already ignored; Purge only reclaims their space, so run it now and
// then (hourly, say) from one replica or several. It returns an error when
// the database fails.
func (d *Deduplicator) Purge(ctx context.Context) (int64, error) {
	res, err := d.db.ExecContext(ctx, d.purge)
	if err != nil {
		return 0, fmt.Errorf("sqldedup: purge: %w", err)
	}
	return res.RowsAffected()
}

// Schema returns the statements that create the Deduplicator's table and
// the index Purge uses, each ending with ";", for the application's
// migrations. They are idempotent (IF NOT EXISTS).
func (d *Deduplicator) Schema() string { return joinStatements(d.schema()) }

func (d *Deduplicator) schema() []string {
	return []string{
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (
	dedup_key  TEXT PRIMARY KEY,
	state      TEXT NOT NULL,
	expires_at BIGINT NOT NULL
)`, d.table),
		d.dialect.createIndex(d.table, "expires_at"),
	}
}

// CreateTable creates the Deduplicator's table and index unless they exist.
// Run it once at start-up or deployment: on PostgreSQL, CREATE TABLE IF NOT
// EXISTS run by several processes at the same moment can fail in all but
// one. It returns the database's error.
func (d *Deduplicator) CreateTable(ctx context.Context) error {
	return execAll(ctx, d.db, d.schema())
}

func joinStatements(stmts []string) string {
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString(s)
		b.WriteString(";\n")
	}
	return b.String()
}

func execAll(ctx context.Context, db *sql.DB, stmts []string) error {
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("sqldedup: create table: %w", err)
		}
	}
	return nil
}
