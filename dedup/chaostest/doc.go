// Package chaostest holds only tests: a multi-instance chaos run of the
// webhook handler on shared de-duplication. Three real webhook processes on
// loopback ports share Redis (redisdedup) or PostgreSQL (sqldedup); the
// sandbox delivers a thousand orders' callbacks through a round-robin proxy
// while the handlers fail 30% of the time, callbacks are duplicated, and one
// process is killed with SIGKILL and restarted mid-run. The tests check that
// every order's final status is processed exactly once and none is lost,
// and print the figures (go test -v).
//
// They need the services: SMARTCORE_TEST_REDIS_ADDR and
// SMARTCORE_TEST_POSTGRES_DSN (.ci/services.sh starts throwaway ones). Each
// test skips without its service, and fails without it when CI is set.
package chaostest
