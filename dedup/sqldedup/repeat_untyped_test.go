package sqldedup_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup/sqldedup"
	"github.com/smartcorekit/smartcore/webhook"
)

// A typed final state (a reconcile check answer, type Payment) and the same
// state sent without type (a callback) processed at the same time: one of
// them runs flagged. (Under PostgreSQL's READ COMMITTED a probe cannot see
// the other's uncommitted row: one order's final states run one at a time.)
func TestTransactionalConcurrentAliasesOneFlagged(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		table := db.table(t)
		var mu sync.Mutex
		var flags []bool
		inFn := make(chan struct{}, 2)
		h, err := sqldedup.NewTransactional(db.DB, func(ctx context.Context, _ *sql.Tx, cb *smartcore.Callback) error {
			mu.Lock()
			flags = append(flags, webhook.RepeatFromContext(ctx))
			mu.Unlock()
			inFn <- struct{}{}
			time.Sleep(300 * time.Millisecond) // the other delivery runs meanwhile
			return nil
		}, sqldedup.TransactionalOptions{Table: table})
		require.NoError(t, err)
		require.NoError(t, h.CreateTable(context.Background()))
		var wg sync.WaitGroup
		for _, typ := range []smartcore.TransactionType{smartcore.TypePayment, ""} {
			wg.Go(func() {
				err := h.HandleCallback(context.Background(), &smartcore.Callback{OrderID: "o", Status: smartcore.StatusSuccess, Type: typ, Amount: 5})
				if err != nil {
					t.Log(typ, err)
				}
			})
		}
		wg.Wait()
		t.Logf("flags of the deliveries fn saw: %v", flags)
		unflagged := 0
		for _, f := range flags {
			if !f {
				unflagged++
			}
		}
		require.LessOrEqual(t, unflagged, 1, "the same payment success ran fn twice, neither flagged")
	})
}

// Payment 2 processed; then Payment -1 is being processed (its transaction
// open) when Payment 2 arrives again (2, -1, 2): the last 2 reaches fn (or
// fails), it is never acknowledged unread.
func TestTransactionalTwoAfterInFlightFailIsNotDropped(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *testDB) {
		table := db.table(t)
		var mu sync.Mutex
		var seen []string
		failIn := make(chan struct{})
		h, err := sqldedup.NewTransactional(db.DB, func(ctx context.Context, _ *sql.Tx, cb *smartcore.Callback) error {
			mu.Lock()
			seen = append(seen, cb.Status.String())
			mu.Unlock()
			if cb.Status == smartcore.StatusFail {
				close(failIn)
				time.Sleep(500 * time.Millisecond)
			}
			return nil
		}, sqldedup.TransactionalOptions{Table: table})
		require.NoError(t, err)
		require.NoError(t, h.CreateTable(context.Background()))
		cb := func(s smartcore.Status) *smartcore.Callback {
			return &smartcore.Callback{OrderID: "o", Status: s, Type: smartcore.TypePayment, Amount: 5}
		}
		require.NoError(t, h.HandleCallback(context.Background(), cb(smartcore.StatusSuccess)))
		var wg sync.WaitGroup
		wg.Go(func() { require.NoError(t, h.HandleCallback(context.Background(), cb(smartcore.StatusFail))) })
		<-failIn
		err = h.HandleCallback(context.Background(), cb(smartcore.StatusSuccess))
		wg.Wait()
		t.Logf("fn saw %v; last 2 answered err=%v", seen, err)
		require.True(t, err != nil || len(seen) == 3, "2, -1 (in flight), 2: the last 2 was acknowledged (nil) without reaching fn")
	})
}
