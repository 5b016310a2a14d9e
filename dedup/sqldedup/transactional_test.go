package sqldedup_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup/deduptest"
	"github.com/smartcorekit/smartcore/dedup/sqldedup"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

const secret = "tx-secret"

// shop is an application whose state is a table of orders in the same
// database: a callback adds one to its order's paid count, which must end
// at exactly 1 whatever happens.
type shop struct {
	db                *testDB
	orders, processed string
}

func newShop(t *testing.T, db *testDB, orderIDs ...string) *shop {
	s := &shop{db: db, orders: db.table(t), processed: db.table(t)}
	_, err := db.Exec("CREATE TABLE " + s.orders + " (id TEXT PRIMARY KEY, paid INTEGER NOT NULL, status INTEGER NOT NULL)")
	require.NoError(t, err)
	for _, id := range orderIDs {
		_, err = db.Exec(db.q("INSERT INTO "+s.orders+" (id, paid, status) VALUES (?, 0, 0)"), id)
		require.NoError(t, err)
	}
	h, err := sqldedup.NewTransactional(db.DB, s.apply, sqldedup.TransactionalOptions{Table: s.processed})
	require.NoError(t, err)
	require.NoError(t, h.CreateTable(context.Background()))
	return s
}

// apply is the business write.
func (s *shop) apply(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error {
	return applyPayment(ctx, tx, s.db.dialect, s.orders, cb)
}

func applyPayment(ctx context.Context, tx *sql.Tx, d sqldedup.Dialect, orders string, cb *smartcore.Callback) error {
	res, err := tx.ExecContext(ctx, rebind(d, "UPDATE "+orders+" SET paid = paid + 1, status = ? WHERE id = ?"), int(cb.Status), cb.OrderID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.New("no such order")
	}
	return nil
}

// handler serves callbacks with fn (s.apply when nil) in a Transactional.
func (s *shop) handler(t *testing.T, fn sqldedup.TxFunc) http.Handler {
	if fn == nil {
		fn = s.apply
	}
	h, err := sqldedup.NewTransactional(s.db.DB, fn, sqldedup.TransactionalOptions{Table: s.processed})
	require.NoError(t, err)
	wh, err := webhook.New(h, webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	return wh
}

func (s *shop) paid(t *testing.T, id string) int {
	var n int
	require.NoError(t, s.db.QueryRow(s.db.q("SELECT paid FROM "+s.orders+" WHERE id = ?"), id).Scan(&n))
	return n
}

func paidCallback(id string) *smartcore.Callback {
	return &smartcore.Callback{OrderID: id, Status: smartcore.StatusSuccess, Amount: 1000, Currency: "USD", Type: smartcore.TypePayment}
}

func serve(h http.Handler, cb *smartcore.Callback) int {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, cb))
	return w.Code
}

// Every event reaches the application through a Transactional, in its
// transaction, and the repeats arrive flagged.
func TestTransactionalEveryEventReachesTheApplication(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		table := db.table(t)
		deduptest.RunEvents(t, func(t *testing.T, e deduptest.Events) http.Handler {
			h, err := sqldedup.NewTransactional(db.DB, func(ctx context.Context, _ *sql.Tx, cb *smartcore.Callback) error {
				return e.App.HandleCallback(ctx, cb)
			}, sqldedup.TransactionalOptions{Table: table, Key: e.Key})
			require.NoError(t, err)
			require.NoError(t, h.CreateTable(context.Background()))
			wh, err := webhook.New(h, webhook.Options{Secrets: []string{e.Secret}})
			require.NoError(t, err)
			return wh
		})
	})
}

func TestTransactionalProcessesOnce(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		s := newShop(t, db, "o1", "o2")
		calls := 0
		h := s.handler(t, func(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error {
			calls++
			return s.apply(ctx, tx, cb)
		})
		require.Equal(t, 200, serve(h, paidCallback("o1")))
		require.Equal(t, 200, serve(h, paidCallback("o1")), "duplicate: acknowledged")
		require.Equal(t, 1, calls, "the duplicate did not reach the application")
		require.Equal(t, 1, s.paid(t, "o1"))
		require.Equal(t, 200, serve(h, paidCallback("o2")), "another callback is its own")
		require.Equal(t, 1, s.paid(t, "o2"))
		require.Equal(t, 2, db.count(t, s.processed))
	})
}

// A failure after the business write rolls it back with the key: nothing
// half-done stays, and the gateway's retry is processed.
func TestTransactionalRollsBackOnFailure(t *testing.T) {
	for _, how := range []string{"error", "panic"} {
		t.Run(how, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, db *testDB) {
				s := newShop(t, db, "o1")
				failing := s.handler(t, func(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error {
					if err := s.apply(ctx, tx, cb); err != nil {
						return err
					}
					if how == "panic" {
						panic("after the write")
					}
					return errors.New("after the write")
				})
				require.Equal(t, 500, serve(failing, paidCallback("o1")))
				require.Equal(t, 0, s.paid(t, "o1"), "the write was rolled back")
				require.Equal(t, 0, db.count(t, s.processed), "and so was the key")
				require.Equal(t, 200, serve(s.handler(t, nil), paidCallback("o1")), "the retry is processed")
				require.Equal(t, 1, s.paid(t, "o1"))
			})
		})
	}
}

// Deliveries of one callback at the same time, as the gateway's retries
// and a replay can be: each is acknowledged, and the order is paid once.
// The ones that lose wait on the first's row lock, then find the key.
func TestTransactionalConcurrentDeliveries(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		s := newShop(t, db, "o1")
		var calls atomic.Int32
		srv := httptest.NewServer(s.handler(t, func(ctx context.Context, tx *sql.Tx, cb *smartcore.Callback) error {
			calls.Add(1)
			time.Sleep(50 * time.Millisecond) // hold the transaction open
			return s.apply(ctx, tx, cb)
		}))
		defer srv.Close()
		const n = 12
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				res, err := webhooktest.Post(context.Background(), &http.Client{Timeout: 30 * time.Second}, srv.URL, secret, paidCallback("o1"))
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				codes[i] = res.StatusCode
			})
		}
		wg.Wait()
		for i, c := range codes {
			require.Equal(t, 200, c, "delivery %d", i)
		}
		require.Equal(t, 1, s.paid(t, "o1"))
		require.Equal(t, int32(1), calls.Load(), "the waiting deliveries found the key and did not run fn")
	})
}

func TestTransactionalKeyOption(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		s := newShop(t, db, "o1")
		byOrder := func(cb *smartcore.Callback) string { return "order:" + cb.OrderID }
		h, err := sqldedup.NewTransactional(db.DB, s.apply, sqldedup.TransactionalOptions{Table: s.processed, Key: byOrder})
		require.NoError(t, err)
		wh, err := webhook.New(h, webhook.Options{Secrets: []string{secret}})
		require.NoError(t, err)
		require.Equal(t, 200, serve(wh, paidCallback("o1")))
		other := paidCallback("o1")
		other.Message = "a different signed value, the same order"
		require.Equal(t, 200, serve(wh, other))
		require.Equal(t, 1, s.paid(t, "o1"), "keyed by order")
		var key string
		require.NoError(t, db.QueryRow("SELECT callback_key FROM "+s.processed).Scan(&key))
		require.Equal(t, "order:o1", key)

		empty, err := sqldedup.NewTransactional(db.DB, s.apply, sqldedup.TransactionalOptions{Table: s.processed,
			Key: func(*smartcore.Callback) string { return "" }})
		require.NoError(t, err)
		require.ErrorContains(t, empty.HandleCallback(context.Background(), paidCallback("o1")), "empty key")
	})
}

func TestTransactionalPurge(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, db *testDB) {
		s := newShop(t, db, "o1", "o2")
		h, err := sqldedup.NewTransactional(db.DB, s.apply, sqldedup.TransactionalOptions{Table: s.processed})
		require.NoError(t, err)
		require.NoError(t, h.HandleCallback(ctx, paidCallback("o1")))
		require.NoError(t, h.HandleCallback(ctx, paidCallback("o2")))
		_, err = db.Exec(db.q("UPDATE "+s.processed+" SET processed_at = processed_at - ? WHERE callback_key = ?"),
			int64(48*time.Hour/time.Millisecond), webhook.IdempotencyKey(paidCallback("o1")))
		require.NoError(t, err)
		n, err := h.Purge(ctx, 24*time.Hour)
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
		require.Equal(t, 1, db.count(t, s.processed))
		_, err = h.Purge(ctx, 0)
		require.Error(t, err)
	})
}
