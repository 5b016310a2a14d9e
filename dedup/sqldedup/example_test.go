package sqldedup_test

import (
	"context"
	"database/sql"
	"log"
	"net/http"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup/sqldedup"
	"github.com/smartcorekit/smartcore/webhook"
)

// The order's update and the record of the callback commit together.
func ExampleNewTransactional() {
	db, err := sql.Open("pgx", "postgres://shop@127.0.0.1:5432/shop") // github.com/jackc/pgx/v5/stdlib
	if err != nil {
		log.Fatal(err)
	}
	tx, err := sqldedup.NewTransactional(db, func(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error {
		_, err := tx.ExecContext(ctx, `UPDATE orders SET status = $1 WHERE id = $2`, int(cb.Status), cb.OrderID)
		return err
	}, sqldedup.TransactionalOptions{})
	if err != nil {
		log.Fatal(err)
	}
	if err := tx.CreateTable(context.Background()); err != nil { // or run tx.Schema() in a migration
		log.Fatal(err)
	}
	h, err := webhook.New(tx, webhook.Options{Secrets: []string{"merchant secret"}})
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("/smartcore/callback", h)
}

// A Deduplicator shared by every replica, on SQLite for a single instance.
func ExampleNew() {
	db, err := sql.Open("sqlite", "file:shop.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)") // modernc.org/sqlite
	if err != nil {
		log.Fatal(err)
	}
	dedup, err := sqldedup.New(db, sqldedup.Options{}) // table smartcore_dedup, lease 5 min, retention 7 days
	if err != nil {
		log.Fatal(err)
	}
	if err := dedup.CreateTable(context.Background()); err != nil {
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
