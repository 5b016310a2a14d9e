package sqldedup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

// DefaultProcessedTable is Transactional's table when
// TransactionalOptions.Table is empty.
const DefaultProcessedTable = "smartcore_processed_callbacks"

// TxFunc is the application's processing of one callback, inside tx. It
// makes its writes through tx and returns nil to have them committed with
// the record of the callback, or an error to have both rolled back and the
// gateway answered 500, so that it retries. It must not commit or roll back
// tx itself.
type TxFunc func(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error

// TransactionalOptions configures [NewTransactional]. The zero value is
// ready to use.
type TransactionalOptions struct {
	// Dialect is the database's SQL dialect. Default: told from the
	// driver, as for [Options.Dialect].
	Dialect Dialect

	// Table records the keys of the processed callbacks, optionally
	// qualified by a schema. It must not be a Deduplicator's table.
	// Default: DefaultProcessedTable ("smartcore_processed_callbacks").
	Table string

	// Key names a callback. Default: webhook.IdempotencyKey, the default
	// of webhook.Options.DedupKey and reconcile's Options.Key, so that a
	// Transactional given to both paths needs nothing set. A key function
	// that returns "" makes the callback fail (500).
	Key func(*smartcore.Callback) string

	// TxOptions are passed to BeginTx. Default: nil, the database's
	// default isolation (READ COMMITTED on PostgreSQL).
	TxOptions *sql.TxOptions
}

// Transactional is a [webhook.CallbackHandler] that gives exactly-once
// processing to an application whose state lives in the database: in one
// transaction it records the callback's key
// (INSERT ... ON CONFLICT DO NOTHING) and runs the application's [TxFunc].
//
//   - The key is new and fn returns nil: the transaction commits, and the
//     callback is answered 200.
//   - The key was recorded before, and the callback is certainly a
//     redelivery (webhook.Classify: a payment's or withdrawal's final
//     status, or an identical pending one): fn is not called and the
//     callback is answered 200.
//   - The key was recorded before but the protocol cannot tell a second
//     event from a redelivery (a refund, a callback without a type, 2
//     after -1 after 2), or a typed final state meets the same state
//     recorded without a type: fn runs with a context that
//     webhook.RepeatFromContext reports as a possible repeat, and its
//     answer is the answer (the key stays recorded either way).
//   - fn returns an error or panics, or the commit fails: everything is
//     rolled back and the callback is answered 500, so that the gateway
//     retries.
//
// A process that dies anywhere in between leaves either nothing (the
// transaction never committed, so the retry processes the callback) or
// both the update and the key (so the retry is acknowledged). The key is
// recorded first, so a second delivery of a callback being processed waits
// on the first's row lock and then finds the key recorded or free. On
// PostgreSQL the final states of one order also run one at a time (a
// transaction-scoped advisory lock on the order id), so that a delivery
// looking up the order's other final status sees it once committed
// rather than missing a row still in flight; SQLite serializes writers
// already. Give the request a deadline (the server's WriteTimeout, say) shorter than the
// gateway's patience.
//
// It needs no [dedup.Deduplicator]; with one, a delivery that arrives
// while another is processed is answered 409 at once instead of waiting.
type Transactional struct {
	db     *sql.DB
	fn     TxFunc
	table  string
	key    func(*smartcore.Callback) string
	txOpts *sql.TxOptions
	dial   Dialect

	insert, lookup, purge string
}

var _ webhook.CallbackHandler = (*Transactional)(nil)

// NewTransactional returns a Transactional running fn on db. It does not
// contact the database; create the table with
// [Transactional.CreateTable] or the statements of [Transactional.Schema].
//
// It returns an error when db or fn is nil, the dialect is unknown or
// cannot be told from the driver, or Table is not an identifier.
func NewTransactional(db *sql.DB, fn TxFunc, opts TransactionalOptions) (*Transactional, error) {
	if db == nil {
		return nil, errors.New("sqldedup: nil *sql.DB")
	}
	if fn == nil {
		return nil, errors.New("sqldedup: nil TxFunc")
	}
	dialect, err := dialectOf(db, opts.Dialect)
	if err != nil {
		return nil, err
	}
	table, err := tableName(opts.Table, DefaultProcessedTable)
	if err != nil {
		return nil, err
	}
	h := &Transactional{db: db, fn: fn, table: table, key: opts.Key, txOpts: opts.TxOptions, dial: dialect}
	if h.key == nil {
		h.key = webhook.IdempotencyKey
	}
	now := dialect.now()
	h.insert = fmt.Sprintf(`INSERT INTO %s (callback_key, processed_at) VALUES (%s, %s) ON CONFLICT (callback_key) DO NOTHING`,
		table, dialect.param(1), now)
	h.lookup = fmt.Sprintf(`SELECT 1 FROM %s WHERE callback_key = %s`, table, dialect.param(1))
	h.purge = fmt.Sprintf(`DELETE FROM %s WHERE processed_at < %s - %s`, table, now, dialect.param(1))
	return h, nil
}

// HandleCallback implements [webhook.CallbackHandler]. It returns nil
// when the callback was processed now or before, fn's error when fn failed,
// and an error when the database failed; the transaction is then rolled
// back.
func (h *Transactional) HandleCallback(ctx context.Context, cb *smartcore.Callback) error {
	key := h.key(cb)
	if key == "" {
		return errors.New("sqldedup: the Key function returned an empty key")
	}
	tx, err := h.db.BeginTx(ctx, h.txOpts)
	if err != nil {
		return fmt.Errorf("sqldedup: begin: %w", err)
	}
	// Rolls back on every path but a commit, a panic in fn included (the
	// webhook handler recovers it after this has run).
	defer tx.Rollback() //nolint:errcheck // after Commit it only reports ErrTxDone

	// Deliveries of one order's final states run one at a time, so that
	// Classify's SELECT probes see what the other committed (SQLite
	// serializes writers already).
	if h.dial == Postgres && cb.Status.IsFinal() {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, cb.OrderID); err != nil {
			return fmt.Errorf("sqldedup: lock the order: %w", err)
		}
	}
	// The key first: from here to the commit, a second delivery of the
	// same callback waits on this row instead of running fn alongside.
	res, err := tx.ExecContext(ctx, h.insert, key)
	if err != nil {
		return fmt.Errorf("sqldedup: record the callback: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqldedup: record the callback: %w", err)
	}
	// The kit's one rule: a key recorded before is a redelivery only where
	// the protocol makes that certain; otherwise fn runs, flagged.
	seen, err := webhook.Classify(ctx, cb, n == 0, h.key, func(ctx context.Context, key string) (bool, error) {
		var one int
		switch err := tx.QueryRowContext(ctx, h.lookup, key).Scan(&one); {
		case errors.Is(err, sql.ErrNoRows):
			return false, nil
		case err != nil:
			return false, fmt.Errorf("sqldedup: look up a related callback: %w", err)
		}
		return true, nil
	})
	switch {
	case err != nil:
		return err
	case seen == webhook.SeenRedelivery:
		return nil // processed and committed before: acknowledge
	case seen == webhook.SeenMaybe:
		ctx = webhook.WithRepeat(ctx)
	}
	if err := h.fn(ctx, tx, cb); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		// Whether a failed commit reached the database is unknown; the
		// retry finds the key recorded (200) or free (processed).
		return fmt.Errorf("sqldedup: commit: %w", err)
	}
	return nil
}

// Purge deletes the records of callbacks processed more than olderThan ago
// and returns how many it deleted. A replay of a callback whose record was
// deleted is processed again, so keep them longer than the gateway retries
// and replays (dedup.DefaultRetention is a floor). It returns an error
// when olderThan is under a millisecond or the database fails.
func (h *Transactional) Purge(ctx context.Context, olderThan time.Duration) (int64, error) {
	if olderThan < time.Millisecond {
		return 0, fmt.Errorf("sqldedup: purge: olderThan %v is under a millisecond", olderThan)
	}
	res, err := h.db.ExecContext(ctx, h.purge, olderThan.Milliseconds())
	if err != nil {
		return 0, fmt.Errorf("sqldedup: purge: %w", err)
	}
	return res.RowsAffected()
}

// Schema returns the statements that create Transactional's table (columns
// callback_key, the primary key, and processed_at, Unix milliseconds of the
// database's clock) and the index Purge uses, each ending with ";", for the
// application's migrations. They are idempotent (IF NOT EXISTS).
func (h *Transactional) Schema() string { return joinStatements(h.schema()) }

func (h *Transactional) schema() []string {
	return []string{
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s (
	callback_key TEXT PRIMARY KEY,
	processed_at BIGINT NOT NULL
)`, h.table),
		h.dial.createIndex(h.table, "processed_at"),
	}
}

// CreateTable creates Transactional's table and index unless they exist;
// see [Deduplicator.CreateTable]. It returns the database's error.
func (h *Transactional) CreateTable(ctx context.Context) error {
	return execAll(ctx, h.db, h.schema())
}
