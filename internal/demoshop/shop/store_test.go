package shop

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/demoshop"
)

func TestSettle(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		from     OrderStatus
		status   smartcore.Status
		amount   int64
		currency string
		want     OrderStatus
		effect   string
	}{
		{"success", OrderPending, smartcore.StatusSuccess, 1250, "EUR", OrderPaid, "paid"},
		{"success without currency (check)", OrderPending, smartcore.StatusSuccess, 1250, "", OrderPaid, "paid"},
		{"fail", OrderPending, smartcore.StatusFail, 1250, "EUR", OrderFailed, "failed"},
		{"fail for another amount", OrderPending, smartcore.StatusFail, 0, "", OrderFailed, "failed"},
		{"processing", OrderPending, smartcore.StatusProcessing, 1250, "EUR", OrderPending, "no change (processing)"},
		{"wrong amount", OrderPending, smartcore.StatusSuccess, 1249, "EUR", OrderPending, "ignored: amount or currency does not match the order"},
		{"wrong currency", OrderPending, smartcore.StatusSuccess, 1250, "USD", OrderPending, "ignored: amount or currency does not match the order"},
		{"paid stays paid", OrderPaid, smartcore.StatusFail, 1250, "EUR", OrderPaid, "no change (already paid)"},
		{"failed stays failed", OrderFailed, smartcore.StatusSuccess, 1250, "EUR", OrderFailed, "no change (already failed)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Order{Amount: 1250, Currency: "EUR", Status: tc.from}
			effect := o.settle(tc.status, tc.amount, tc.currency, "CODE", sourceCallback, now)
			require.Equal(t, tc.effect, effect)
			require.Equal(t, tc.want, o.Status)
			if tc.want != tc.from {
				require.Equal(t, sourceCallback, o.Source)
				require.Equal(t, now, o.Settled)
			} else {
				require.Empty(t, o.Source)
			}
		})
	}
}

func TestStoreCopies(t *testing.T) {
	s := newStore()
	a := s.create(demoshop.Mug)
	b := s.create(demoshop.Mug)
	require.NotEqual(t, a.ID, b.ID)
	require.Equal(t, []string{b.ID, a.ID}, []string{s.list()[0].ID, s.list()[1].ID})

	got, ok := s.applyCallback(&smartcore.Callback{OrderID: a.ID, Type: smartcore.TypePayment,
		Status: smartcore.StatusSuccess, Amount: demoshop.Mug.Price, Currency: demoshop.Mug.Currency}, false)
	require.True(t, ok)
	got.Callbacks[0].Effect = "changed by the caller"
	again, _ := s.get(a.ID)
	require.Equal(t, "paid", again.Callbacks[0].Effect)

	_, ok = s.applyCallback(&smartcore.Callback{OrderID: "nope"}, false)
	require.False(t, ok)
	_, ok = s.applyCheck("nope", &smartcore.CheckResponse{})
	require.False(t, ok)
	s.fail(a.ID, "too late") // already paid: no change
	again, _ = s.get(a.ID)
	require.Equal(t, OrderPaid, again.Status)
}

// The store keeps at most max orders: the oldest final order goes first,
// and only when every order is pending does the oldest pending one go.
func TestStoreCap(t *testing.T) {
	s := newStore()
	require.Equal(t, maxOrders, s.max)
	s.max = 3
	a, b, c := s.create(demoshop.Mug), s.create(demoshop.Mug), s.create(demoshop.Mug)
	ids := func() []string {
		var out []string
		for _, o := range s.list() {
			out = append(out, o.ID)
		}
		return out
	}
	require.Equal(t, []string{c.ID, b.ID, a.ID}, ids())

	// b is the only final order: it goes, though a is older.
	_, ok := s.applyCallback(&smartcore.Callback{OrderID: b.ID, Type: smartcore.TypePayment,
		Status: smartcore.StatusSuccess, Amount: demoshop.Mug.Price, Currency: demoshop.Mug.Currency}, false)
	require.True(t, ok)
	d := s.create(demoshop.Mug)
	require.Equal(t, []string{d.ID, c.ID, a.ID}, ids())
	_, ok = s.get(b.ID)
	require.False(t, ok)

	// With two final orders, the older one goes.
	s.fail(d.ID, "refused")
	s.fail(c.ID, "refused")
	e := s.create(demoshop.Mug)
	require.Equal(t, []string{e.ID, d.ID, a.ID}, ids())

	// A late callback for a forgotten order is not applied anywhere.
	_, ok = s.applyCallback(&smartcore.Callback{OrderID: c.ID, Type: smartcore.TypePayment, Status: smartcore.StatusSuccess}, false)
	require.False(t, ok)

	// With every order pending, the oldest goes.
	f := s.create(demoshop.Mug)
	require.Equal(t, []string{f.ID, e.ID, a.ID}, ids(), "d was the only final order")
	g := s.create(demoshop.Mug)
	require.Equal(t, []string{g.ID, f.ID, e.ID}, ids(), "all pending: the oldest, a, went")
	require.Len(t, s.orders, 3)
}

// A shop clicked more than maxOrders times keeps maxOrders orders.
func TestStoreCapDefault(t *testing.T) {
	s := newStore()
	first := s.create(demoshop.Mug)
	s.fail(first.ID, "refused")
	for range maxOrders {
		s.create(demoshop.Mug)
	}
	require.Len(t, s.list(), maxOrders)
	require.Len(t, s.orders, maxOrders)
	_, ok := s.get(first.ID)
	require.False(t, ok, "the oldest order went")
}
