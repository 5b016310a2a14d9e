package reconcile_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/dedup"
	"github.com/smartcorekit/smartcore/reconcile"
	"github.com/smartcorekit/smartcore/sandbox"
)

// shop is the host: its order records (the reconcile.Store) and its
// application handler, which records an order's final state and counts how
// often each order's final state was processed.
type shop struct {
	now func() time.Time

	mu        sync.Mutex
	created   map[string]time.Time
	final     map[string]smartcore.Status
	processed map[string]int  // final states processed per order
	reconcile map[string]bool // the processed state came by reconciliation

	// before, when set, runs before a final state is recorded; an error
	// fails the delivery (nothing is recorded).
	before func(ctx context.Context, cb *smartcore.Callback) error
}

func newShop(now func() time.Time) *shop {
	return &shop{now: now, created: map[string]time.Time{}, final: map[string]smartcore.Status{},
		processed: map[string]int{}, reconcile: map[string]bool{}}
}

func (s *shop) add(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.created[id] = s.now()
}

// Pending implements reconcile.Store: ids in order, keyset-paginated.
func (s *shop) Pending(_ context.Context, q reconcile.Query) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, at := range s.created {
		if _, done := s.final[id]; !done && at.Before(q.OlderThan) && id > q.After {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	if len(ids) > q.Limit {
		ids = ids[:q.Limit]
	}
	return ids, nil
}

// HandleCallback is the application: it records final states only.
func (s *shop) HandleCallback(ctx context.Context, cb *smartcore.Callback) error {
	if !cb.Status.IsFinal() {
		return nil
	}
	if s.before != nil {
		if err := s.before(ctx, cb); err != nil {
			return err
		}
	}
	_, viaCheck := reconcile.FromReconciliation(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.processed[cb.OrderID]++
	s.final[cb.OrderID] = cb.Status
	s.reconcile[cb.OrderID] = viaCheck
	return nil
}

func (s *shop) pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.created) - len(s.final)
}

func (s *shop) count(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.processed[id]
}

// spyDedup is a dedup.Memory that signals, per key, the first claim
// that found the key in flight: proof that both paths were delivering the
// same final state at the same time.
type spyDedup struct {
	dedup.Deduplicator

	mu        sync.Mutex
	contended map[string]chan struct{}
	signalled map[string]bool
}

func newSpyDedup(d dedup.Deduplicator) *spyDedup {
	return &spyDedup{Deduplicator: d, contended: map[string]chan struct{}{}, signalled: map[string]bool{}}
}

func (s *spyDedup) ch(key string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.contended[key]
	if c == nil {
		c = make(chan struct{})
		s.contended[key] = c
	}
	return c
}

func (s *spyDedup) Claim(ctx context.Context, key string) (dedup.Claim, error) {
	st, err := s.Deduplicator.Claim(ctx, key)
	if st.State == dedup.KeyInFlight {
		c := s.ch(key)
		s.mu.Lock()
		if !s.signalled[key] {
			s.signalled[key] = true
			close(c)
		}
		s.mu.Unlock()
	}
	return st, err
}

// waitContended waits until a claim of key found it in flight.
func (s *spyDedup) waitContended(key string) error {
	select {
	case <-s.ch(key):
		return nil
	case <-time.After(10 * time.Second):
		return fmt.Errorf("no second delivery of %s met the first", key)
	}
}

// formPayment is a hosted-form payment that waits (status 1) for
// sandbox.Complete.
func formPayment(id, callbackURL string) *smartcore.InitPaymentRequest {
	return &smartcore.InitPaymentRequest{
		Order: smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: id},
		Customer: smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "10 Downing Street",
			City: "London", ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john@example.com"},
		IPAddress:  "127.0.0.1",
		ReturnURLs: smartcore.ReturnURLs{CallbackURL: callbackURL},
	}
}

// cardPayment is a host-to-host card payment.
func cardPayment(id, number, callbackURL string) *smartcore.CardPaymentRequest {
	return &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 1000, Currency: "EUR", OrderID: id},
		MerchantSite: "https://merchant.example",
		Customer: smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "10 Downing Street",
			City: "London", ZipCode: "121165", Country: "GB", Phone: "+442079460612", Email: "john@example.com"},
		IPAddress:  "127.0.0.1",
		ReturnURLs: smartcore.ReturnURLs{CallbackURL: callbackURL},
		Card:       smartcore.Card{Holder: "John Doe", Number: number, ExpMonth: "02", ExpYear: "30", CVV: "123"},
	}
}

// mustStatus returns the sandbox's status of id.
func mustStatus(t *testing.T, srv *sandbox.Server, id string) smartcore.Status {
	t.Helper()
	tx, ok := srv.Order(id)
	require.True(t, ok, id)
	return tx.Status
}
