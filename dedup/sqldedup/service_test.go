package sqldedup_test

import (
	"os"
	"testing"
)

// postgresEnv names the PostgreSQL the tests use, as a connection URL
// (postgres://user@127.0.0.1:5432/db?sslmode=disable). The tests create and
// drop their own tables in it.
const postgresEnv = "SMARTCORE_TEST_POSTGRES_DSN"

// postgresDSN returns the test PostgreSQL's URL. Without one, the test is
// skipped on a developer's machine and fails under CI, where .ci/run starts
// PostgreSQL: a missing service must not pass for a green run.
func postgresDSN(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn != "" {
		return dsn
	}
	msg := postgresEnv + " is not set: the PostgreSQL half of these tests needs a real server " +
		"(e.g. " + postgresEnv + "=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable; " +
		".ci/services.sh starts a throwaway one)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so .ci/run must provide one")
	}
	t.Skip(msg)
	return ""
}
