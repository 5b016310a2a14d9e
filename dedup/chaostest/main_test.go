package chaostest_test

import (
	"fmt"
	"os"
	"testing"
)

// The services, as the deduplicators' own tests name them.
const (
	redisEnv    = "SMARTCORE_TEST_REDIS_ADDR"   // host:port
	postgresEnv = "SMARTCORE_TEST_POSTGRES_DSN" // postgres://user@127.0.0.1:5432/db?sslmode=disable
)

// TestMain makes the test binary double as the webhook process: started
// with envRole set, it serves callbacks (see runWebhookProcess) until it is
// killed, instead of running the tests.
func TestMain(m *testing.M) {
	if role := os.Getenv(envRole); role != "" {
		if err := runWebhookProcess(role); err != nil {
			fmt.Fprintln(os.Stderr, "webhook process:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// serviceEnv returns the value of the service variable name. Without it the
// test is skipped on a developer's machine and fails under CI, where .ci/run
// starts the services: a missing service must not pass for a green run.
func serviceEnv(t *testing.T, name, example string) string {
	t.Helper()
	if v := os.Getenv(name); v != "" {
		return v
	}
	msg := name + " is not set: the chaos run needs a real server (e.g. " + name + "=" + example +
		"; `.ci/services.sh go test ./...` starts a throwaway one)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so .ci/run must provide one")
	}
	t.Skip(msg)
	return ""
}
