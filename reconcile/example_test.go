package reconcile_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/sandbox"
	"github.com/smartcorekit/smartcore/webhook"
)

// A payment's answer is lost: the client reports ErrOutcomeUnknown, and
// Resolve finds out what happened and hands the final state to the same
// router the callbacks go to, de-duplicated with them.
func Example() {
	srv, err := sandbox.Start(sandbox.Options{SettleImmediately: true}, "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ctx := context.Background()

	router := &webhook.Router{}
	router.HandleFunc(webhook.AnyType, webhook.Succeeded, func(ctx context.Context, cb *smartcore.Callback) error {
		_, reconciled := reconcile.FromReconciliation(ctx)
		fmt.Println("paid:", cb.OrderID, cb.Amount, "reconciled:", reconciled)
		return nil
	})
	// Both paths share the Deduplicator, and the default key.
	mem := &dedup.Memory{}
	hook, err := webhook.New(router, webhook.Options{Secrets: []string{srv.Secret}, Deduplicator: mem})
	if err != nil {
		panic(err)
	}
	_ = hook // mounted at the callback_url
	rec, err := reconcile.New(reconcile.Options{Checker: srv.Client, Handler: router, Deduplicator: mem})
	if err != nil {
		panic(err)
	}

	if err := srv.InjectFault(sandbox.Fault{OrderID: "order-1", Kind: sandbox.FaultLostResponse, Times: 1}); err != nil {
		panic(err)
	}
	_, err = srv.Client.PayCard(ctx, cardPayment("order-1", sandbox.CardSuccess, ""))
	fmt.Println("outcome unknown:", errors.Is(err, client.ErrOutcomeUnknown))

	res, err := rec.Resolve(ctx, "order-1")
	fmt.Println(res.Status, err)
	// Output:
	// outcome unknown: true
	// paid: order-1 1000 reconciled: true
	// success <nil>
}

// The host's store lists the orders it still has as pending; a pass
// checks them and delivers their final states.
func ExampleReconciler_Once() {
	srv, err := sandbox.Start(sandbox.Options{SettleImmediately: true}, "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	ctx := context.Background()

	var mu sync.Mutex
	pending := map[string]time.Time{} // order id -> created
	store := reconcile.StoreFunc(func(_ context.Context, q reconcile.Query) ([]string, error) {
		mu.Lock()
		defer mu.Unlock()
		var ids []string
		for id, created := range pending {
			if created.Before(q.OlderThan) && id > q.After {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		return ids[:min(len(ids), q.Limit)], nil
	})
	handler := webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		mu.Lock()
		defer mu.Unlock()
		delete(pending, cb.OrderID) // final: the store stops listing it
		if cb.ErrorCategory != "" {
			fmt.Println(cb.OrderID+":", cb.Status, cb.ErrorCategory)
		} else {
			fmt.Println(cb.OrderID+":", cb.Status)
		}
		return nil
	})

	// Two payments whose callbacks never come (no callback_url).
	for id, card := range map[string]string{"order-1": sandbox.CardSuccess, "order-2": sandbox.CardInsufficientFunds} {
		mu.Lock()
		pending[id] = time.Now()
		mu.Unlock()
		if _, err := srv.Client.PayCard(ctx, cardPayment(id, card, "")); err != nil {
			panic(err)
		}
	}

	rec, err := reconcile.New(reconcile.Options{Checker: srv.Client, Handler: handler, Store: store,
		Age: time.Nanosecond, Workers: 1})
	if err != nil {
		panic(err)
	}
	time.Sleep(time.Millisecond) // let the orders reach Age
	res, err := rec.Once(ctx)
	fmt.Printf("%+v %v\n", res, err)
	// Output:
	// order-1: success
	// order-2: fail INSUFFICIENT_FUNDS_PROCESSING_ERROR
	// {Checked:2 Delivered:2 Pending:0 Duplicates:0 InFlight:0 NotFound:0 Errors:0} <nil>
}
