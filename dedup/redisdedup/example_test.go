package redisdedup_test

import (
	"context"
	"log"
	"net/http"

	"github.com/redis/go-redis/v9"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup/redisdedup"
	"github.com/smartcorekit/smartcore/webhook"
)

// Every replica builds the same handler on the same Redis.
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	dedup, err := redisdedup.New(rdb, redisdedup.Options{}) // prefix "smartcore:dedup:", lease 5 min, retention 7 days
	if err != nil {
		log.Fatal(err)
	}
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(ctx context.Context, cb *smartcore.Callback) error {
		return nil // mark the order paid
	}), webhook.Options{Secrets: []string{"merchant secret"}, Deduplicator: dedup})
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/smartcore/callback", h)
}
