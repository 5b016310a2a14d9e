package sqldedup

import (
	"database/sql"
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// Dialect is the SQL dialect of the database. The statements differ only
// in their placeholders and in how they read the database's clock.
type Dialect string

// The dialects the package speaks. The empty Dialect means "tell from the
// driver" (see [Options.Dialect]).
const (
	// Postgres is PostgreSQL 9.5 or later (INSERT ... ON CONFLICT), through
	// any database/sql driver (github.com/jackc/pgx/v5/stdlib,
	// github.com/lib/pq).
	Postgres Dialect = "postgres"
	// SQLite is SQLite 3.35 or later (upsert and RETURNING), through any
	// database/sql driver (modernc.org/sqlite, github.com/mattn/go-sqlite3).
	SQLite Dialect = "sqlite"
)

// dialectOf returns d, or when d is empty the dialect of db's driver, told
// from the Go package that defines it.
func dialectOf(db *sql.DB, d Dialect) (Dialect, error) {
	switch d {
	case Postgres, SQLite:
		return d, nil
	case "":
	default:
		return "", fmt.Errorf("sqldedup: unknown Dialect %q (want %q or %q)", d, Postgres, SQLite)
	}
	t := reflect.TypeOf(db.Driver())
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	path := ""
	if t != nil {
		path = t.PkgPath()
	}
	switch {
	case strings.HasPrefix(path, "github.com/jackc/pgx/"), path == "github.com/lib/pq":
		return Postgres, nil
	case strings.Contains(path, "sqlite"):
		return SQLite, nil
	}
	return "", fmt.Errorf("sqldedup: cannot tell the SQL dialect of driver %T; set Dialect", db.Driver())
}

// param returns the n-th (1-based) placeholder.
func (d Dialect) param(n int) string {
	if d == Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return fmt.Sprintf("?%d", n) // SQLite's numbered form, so a placeholder can repeat
}

// now is an expression for the database's clock in Unix milliseconds. The
// database's clock, not each replica's, so that leases and retention mean
// the same whichever replica claims.
func (d Dialect) now() string {
	if d == Postgres {
		// clock_timestamp, not now(): the latter is the transaction's start.
		return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
	}
	// julianday rather than unixepoch('subsec'), which needs SQLite 3.42.
	return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
}

// identifier matches the table names the package accepts: a plain SQL
// identifier, optionally qualified by a schema. They are written into the
// statements unquoted, so nothing else may pass.
var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$`)

// tableName checks name, or returns def when it is empty.
func tableName(name, def string) (string, error) {
	if name == "" {
		return def, nil
	}
	if !identifier.MatchString(name) {
		return "", fmt.Errorf("sqldedup: table name %q is not an identifier ([schema.]name of letters, digits and _)", name)
	}
	return name, nil
}

// createIndex returns the statement that indexes column of table, named
// after them, in the schema of the table: PostgreSQL puts an index in its
// table's schema and refuses a qualified name, SQLite wants the schema on
// the index name.
func (d Dialect) createIndex(table, column string) string {
	schema, base, qualified := strings.Cut(table, ".")
	if !qualified {
		schema, base = "", table
	}
	index := base + "_" + column
	on := table
	if schema != "" && d == SQLite {
		index, on = schema+"."+index, base
	}
	return fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)", index, on, column)
}
