package sqldedup_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/smartcorekit/smartcore/dedup/sqldedup"
)

// testDB is one database the tests run against, with what a child process
// needs to open it again.
type testDB struct {
	*sql.DB
	driver, dsn string
	dialect     sqldedup.Dialect
}

// forEachDB runs f on SQLite (a file in a temporary directory) and on the
// PostgreSQL named by SMARTCORE_TEST_POSTGRES_DSN.
func forEachDB(t *testing.T, f func(t *testing.T, db *testDB)) {
	t.Run("sqlite", func(t *testing.T) {
		// A busy timeout, so that concurrent writers wait for the lock, as
		// the package doc tells users to set.
		dsn := "file:" + filepath.Join(t.TempDir(), "test.db") + "?_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)"
		f(t, openDB(t, "sqlite", dsn, sqldedup.SQLite))
	})
	t.Run("postgres", func(t *testing.T) {
		f(t, openDB(t, "pgx", postgresDSN(t), sqldedup.Postgres))
	})
}

func openDB(t *testing.T, driver, dsn string, dialect sqldedup.Dialect) *testDB {
	db, err := sql.Open(driver, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	require.NoError(t, db.Ping(), "opening %s", driver)
	return &testDB{DB: db, driver: driver, dsn: dsn, dialect: dialect}
}

// reopen opens the same database again: another replica's pool.
func (db *testDB) reopen(t *testing.T) *testDB { return openDB(t, db.driver, db.dsn, db.dialect) }

var tables atomic.Int64

// table returns a table name no other test uses, and drops the table when
// the test ends, so that a shared PostgreSQL keeps nothing.
func (db *testDB) table(t *testing.T) string {
	name := fmt.Sprintf("sqldedup_test_%d_%d", os.Getpid(), tables.Add(1))
	t.Cleanup(func() { _, _ = db.Exec("DROP TABLE IF EXISTS " + name) })
	return name
}

// q writes a statement's "?" placeholders in db's dialect.
func (db *testDB) q(stmt string) string { return rebind(db.dialect, stmt) }

func rebind(d sqldedup.Dialect, stmt string) string {
	if d != sqldedup.Postgres {
		return stmt
	}
	var b strings.Builder
	n := 0
	for _, r := range stmt {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (db *testDB) count(t *testing.T, table string) int {
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM "+table).Scan(&n))
	return n
}
