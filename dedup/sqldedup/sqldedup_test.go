package sqldedup_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/dedup/deduptest"
	"github.com/smartcorekit/smartcore/dedup/sqldedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

func TestContract(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		table := db.table(t)
		d, err := sqldedup.New(db.DB, sqldedup.Options{Table: table})
		require.NoError(t, err)
		require.NoError(t, d.CreateTable(context.Background()))
		deduptest.Run(t, func(t *testing.T, cfg deduptest.Config) dedup.Deduplicator {
			// A pool of its own, as another replica would have.
			d, err := sqldedup.New(db.reopen(t).DB, sqldedup.Options{Table: table, Lease: cfg.Lease, Retention: cfg.Retention})
			require.NoError(t, err)
			return d
		})
	})
}

// Every event reaches the application through a webhook handler that
// de-duplicates in SQL, and the repeats arrive flagged.
func TestEveryEventReachesTheApplication(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		table := db.table(t)
		d, err := sqldedup.New(db.DB, sqldedup.Options{Table: table})
		require.NoError(t, err)
		require.NoError(t, d.CreateTable(context.Background()))
		deduptest.RunEvents(t, func(t *testing.T, e deduptest.Events) http.Handler {
			h, err := webhook.New(e.App, webhook.Options{Secrets: []string{e.Secret}, Deduplicator: d, DedupKey: e.Key})
			require.NoError(t, err)
			return h
		})
	})
}

// The rows are what the docs say, with the database's clock, and Purge
// deletes only the expired ones.
func TestRowsAndPurge(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, db *testDB) {
		table := db.table(t)
		d, err := sqldedup.New(db.DB, sqldedup.Options{Table: table, Lease: time.Minute, Retention: time.Hour})
		require.NoError(t, err)
		require.NoError(t, d.CreateTable(ctx))
		require.NoError(t, d.CreateTable(ctx), "idempotent")

		var dbNow int64
		nowExpr := "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
		if db.dialect == sqldedup.Postgres {
			nowExpr = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
		}
		require.NoError(t, db.QueryRow("SELECT "+nowExpr).Scan(&dbNow))
		require.InDelta(t, time.Now().UnixMilli(), dbNow, 5000, "the database's clock in ms")

		row := func(key string) (state string, expiresIn time.Duration) {
			var exp int64
			require.NoError(t, db.QueryRow(db.q("SELECT state, expires_at FROM "+table+" WHERE dedup_key = ?"), key).Scan(&state, &exp))
			return state, time.Duration(exp-dbNow) * time.Millisecond
		}
		c, err := d.Claim(ctx, "running")
		require.NoError(t, err)
		st, in := row("running")
		require.Equal(t, "inflight:"+c.Token, st)
		require.InDelta(t, time.Minute, in, float64(5*time.Second))
		c, err = d.Claim(ctx, "finished")
		require.NoError(t, err)
		require.NoError(t, d.Complete(ctx, "finished", c.Token))
		st, in = row("finished")
		require.Equal(t, "done", st)
		require.InDelta(t, time.Hour, in, float64(5*time.Second))

		// A repeated Complete is a lost claim and does not prolong the
		// retention.
		_, err = db.Exec(db.q("UPDATE "+table+" SET expires_at = expires_at - 1800000 WHERE dedup_key = ?"), "finished")
		require.NoError(t, err)
		require.ErrorIs(t, d.Complete(ctx, "finished", c.Token), dedup.ErrClaimLost)
		_, in = row("finished")
		require.InDelta(t, 30*time.Minute, in, float64(5*time.Second))

		// Expire "running" and an old completed key; Purge removes them only.
		_, err = db.Exec(db.q("INSERT INTO "+table+" (dedup_key, state, expires_at) VALUES (?, 'done', 1)"), "old")
		require.NoError(t, err)
		_, err = db.Exec(db.q("UPDATE "+table+" SET expires_at = 1 WHERE dedup_key = ?"), "running")
		require.NoError(t, err)
		c, err = d.Claim(ctx, "old")
		require.NoError(t, err)
		require.Equal(t, dedup.KeyNew, c.State, "an expired done key is taken over")
		require.NoError(t, d.Release(ctx, "old", c.Token))
		_, err = db.Exec(db.q("INSERT INTO "+table+" (dedup_key, state, expires_at) VALUES (?, 'done', 1)"), "old")
		require.NoError(t, err)
		n, err := d.Purge(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(2), n)
		require.Equal(t, 1, db.count(t, table))
		c, err = d.Claim(ctx, "finished")
		require.NoError(t, err)
		require.Equal(t, dedup.KeyDone, c.State)

		// A value the package did not write is never taken as free or done.
		_, err = db.Exec(db.q("INSERT INTO "+table+" (dedup_key, state, expires_at) VALUES (?, 'odd', ?)"), "odd", dbNow+60000)
		require.NoError(t, err)
		c, err = d.Claim(ctx, "odd")
		require.NoError(t, err)
		require.Equal(t, dedup.KeyInFlight, c.State)
	})
}

// A table qualified by its schema works, index included, in both dialects.
func TestSchemaQualifiedTable(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, db *testDB) {
		schema := map[sqldedup.Dialect]string{sqldedup.SQLite: "main", sqldedup.Postgres: "public"}[db.dialect]
		table := db.table(t)
		d, err := sqldedup.New(db.DB, sqldedup.Options{Table: schema + "." + table})
		require.NoError(t, err)
		require.NoError(t, d.CreateTable(ctx))
		c, err := d.Claim(ctx, "k")
		require.NoError(t, err)
		require.Equal(t, dedup.KeyNew, c.State)
		require.Equal(t, 1, db.count(t, table))
		tx, err := sqldedup.NewTransactional(db.DB, func(context.Context, *sql.Tx, *smartcore.Callback) error { return nil },
			sqldedup.TransactionalOptions{Table: schema + "." + db.table(t)})
		require.NoError(t, err)
		require.NoError(t, tx.CreateTable(ctx))
	})
}

func TestSchema(t *testing.T) {
	pg, err := sql.Open("pgx", "postgres://127.0.0.1:1/x")
	require.NoError(t, err)
	defer pg.Close()
	lite, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer lite.Close()

	d, err := sqldedup.New(pg, sqldedup.Options{Table: "pay.dedup"})
	require.NoError(t, err)
	require.Equal(t, `CREATE TABLE IF NOT EXISTS pay.dedup (
	dedup_key  TEXT PRIMARY KEY,
	state      TEXT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS dedup_expires_at ON pay.dedup (expires_at);
`, d.Schema())
	d, err = sqldedup.New(lite, sqldedup.Options{Table: "aux.dedup"})
	require.NoError(t, err)
	require.Contains(t, d.Schema(), "CREATE INDEX IF NOT EXISTS aux.dedup_expires_at ON dedup (expires_at);")
	d, err = sqldedup.New(lite, sqldedup.Options{})
	require.NoError(t, err)
	require.Contains(t, d.Schema(), "CREATE TABLE IF NOT EXISTS smartcore_dedup (")
	tx, err := sqldedup.NewTransactional(lite, func(context.Context, *sql.Tx, *smartcore.Callback) error { return nil }, sqldedup.TransactionalOptions{})
	require.NoError(t, err)
	require.Equal(t, `CREATE TABLE IF NOT EXISTS smartcore_processed_callbacks (
	callback_key TEXT PRIMARY KEY,
	processed_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS smartcore_processed_callbacks_processed_at ON smartcore_processed_callbacks (processed_at);
`, tx.Schema())
}

// fakeDriver is a driver the package cannot know the dialect of.
type fakeDriver struct{}

func (fakeDriver) Open(string) (driver.Conn, error) { return nil, errors.New("fake") }

func init() { sql.Register("sqldedup-test-fake", fakeDriver{}) }

func TestOptionsAreChecked(t *testing.T) {
	lite, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer lite.Close()
	fake, err := sql.Open("sqldedup-test-fake", "")
	require.NoError(t, err)
	defer fake.Close()
	fn := func(context.Context, *sql.Tx, *smartcore.Callback) error { return nil }

	for name, tc := range map[string]struct {
		db   *sql.DB
		opts sqldedup.Options
		want string
	}{
		"nil db":             {nil, sqldedup.Options{}, "nil *sql.DB"},
		"unknown driver":     {fake, sqldedup.Options{}, "cannot tell the SQL dialect"},
		"unknown dialect":    {lite, sqldedup.Options{Dialect: "mysql"}, "unknown Dialect"},
		"injection":          {lite, sqldedup.Options{Table: "t; DROP TABLE x"}, "not an identifier"},
		"quoted":             {lite, sqldedup.Options{Table: `"t"`}, "not an identifier"},
		"three parts":        {lite, sqldedup.Options{Table: "a.b.c"}, "not an identifier"},
		"leading digit":      {lite, sqldedup.Options{Table: "1t"}, "not an identifier"},
		"negative lease":     {lite, sqldedup.Options{Lease: -time.Second}, "negative Lease"},
		"sub-ms lease":       {lite, sqldedup.Options{Lease: time.Microsecond}, "under a millisecond"},
		"negative retention": {lite, sqldedup.Options{Retention: -time.Hour}, "negative Retention"},
	} {
		_, err := sqldedup.New(tc.db, tc.opts)
		require.ErrorContains(t, err, tc.want, name)
		if tc.opts.Lease == 0 && tc.opts.Retention == 0 {
			_, err = sqldedup.NewTransactional(tc.db, fn, sqldedup.TransactionalOptions{Dialect: tc.opts.Dialect, Table: tc.opts.Table})
			require.ErrorContains(t, err, tc.want, name)
		}
	}
	_, err = sqldedup.NewTransactional(lite, nil, sqldedup.TransactionalOptions{})
	require.ErrorContains(t, err, "nil TxFunc")

	// An explicit dialect needs no detection.
	_, err = sqldedup.New(fake, sqldedup.Options{Dialect: sqldedup.Postgres})
	require.NoError(t, err)
	_, err = sqldedup.NewTransactional(fake, fn, sqldedup.TransactionalOptions{Dialect: sqldedup.SQLite})
	require.NoError(t, err)
}

// Two replicas, each with its own pool on one database: a redelivery that
// reaches the second while the first processes is not acknowledged; once
// the first completed, it is acknowledged without being processed again.
func TestReplicasShareKeys(t *testing.T) {
	const secret = "replica-secret"
	forEachDB(t, func(t *testing.T, db *testDB) {
		table := db.table(t)
		first, err := sqldedup.New(db.DB, sqldedup.Options{Table: table})
		require.NoError(t, err)
		require.NoError(t, first.CreateTable(context.Background()))
		entered, finish := make(chan struct{}), make(chan struct{})
		processed := 0
		newReplica := func() http.Handler {
			d, err := sqldedup.New(db.reopen(t).DB, sqldedup.Options{Table: table})
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
		done := make(chan int, 1)
		go func() { done <- serve(a) }()
		select {
		case <-entered:
		case code := <-done:
			t.Fatalf("the first delivery answered %d without reaching the application", code)
		}
		require.Equal(t, http.StatusConflict, serve(b), "in flight on the other replica")
		close(finish)
		require.Equal(t, http.StatusOK, <-done)
		require.Equal(t, http.StatusOK, serve(b), "done on the other replica")
		require.Equal(t, 1, processed)
	})
}

// A database that fails is an error, answered 500: never a guess.
func TestDatabaseFailureIsAnError(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		d, err := sqldedup.New(db.DB, sqldedup.Options{Table: db.table(t)}) // table never created
		require.NoError(t, err)
		ctx := context.Background()
		_, err = d.Claim(ctx, "k")
		require.ErrorContains(t, err, "sqldedup: claim")
		require.ErrorContains(t, d.Complete(ctx, "k", "token"), "sqldedup: complete")
		require.ErrorContains(t, d.Release(ctx, "k", "token"), "sqldedup: release")
		_, err = d.Purge(ctx)
		require.ErrorContains(t, err, "sqldedup: purge")
		h, err := webhook.New(webhook.CallbackHandlerFunc(func(context.Context, *smartcore.Callback) error {
			t.Error("reached the application without a claim")
			return nil
		}), webhook.Options{Secrets: []string{"s"}, Deduplicator: d})
		require.NoError(t, err)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/cb", "s", &smartcore.Callback{OrderID: "o", Status: smartcore.StatusSuccess, Amount: 1}))
		require.Equal(t, http.StatusInternalServerError, w.Code)
		require.False(t, strings.Contains(w.Body.String(), "sqldedup"), "no detail to the caller")
	})
}
