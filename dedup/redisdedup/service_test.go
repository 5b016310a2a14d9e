package redisdedup_test

import (
	"os"
	"testing"
)

// redisEnv names the address of the Redis the tests use, host:port.
const redisEnv = "SMARTCORE_TEST_REDIS_ADDR"

// redisAddr returns the test Redis's address. Without one, the test is
// skipped on a developer's machine and fails under CI, where .ci/run starts
// Redis: a missing service must not pass for a green run.
func redisAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv(redisEnv)
	if addr != "" {
		return addr
	}
	msg := redisEnv + " is not set: these tests need a real Redis " +
		"(e.g. redis-server --port 6379, then " + redisEnv + "=127.0.0.1:6379)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so .ci/run must provide one")
	}
	t.Skip(msg)
	return ""
}
