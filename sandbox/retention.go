package sandbox

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/smartcorekit/smartcore"
)

// makeRoom evicts transactions until the store has room for one more, and
// reports false, evicting nothing more, when it is full and none of its
// transactions is evictable. s.mu is held.
//
// The oldest evictable transaction is found by scanning in creation order,
// which is cheap while the oldest transactions are the ones that are done;
// transactions pinned by the rule (see evictable) are skipped each time.
func (s *Sandbox) makeRoom() bool {
	for len(s.st.order) >= s.cfg.maxTxns {
		i := slices.IndexFunc(s.st.order, s.evictable)
		if i < 0 {
			return false
		}
		s.st.remove(i)
	}
	return true
}

// pinned reports whether a final transaction must nevertheless be kept
// because a request may still act on it: a successful payment with
// something left to refund, a successful payment created with
// recurrent: true (the parent of future recurrent charges), and a
// successful tokenize form (the card of future token withdrawals).
func (t *txn) pinned() bool {
	if t.Status != smartcore.StatusSuccess {
		return false
	}
	switch t.Type {
	case smartcore.TypePayment:
		return t.FinalAmount > 0 || t.Recurrent
	case TypeTokenize:
		return true
	}
	return false
}

// evictable reports whether t may be forgotten, and if so forgets its
// delivery log: t is final (success or fail), not pinned, and has no
// callback queued, in flight or waiting for a retry. s.mu is held, so no
// callback can be queued for t between the check and the eviction.
func (s *Sandbox) evictable(t *txn) bool {
	if !t.Status.IsFinal() || t.Stage != StageNone || t.pinned() {
		return false
	}
	return s.cb.forgetIdle(t.OrderID)
}

// remove drops the i-th transaction (creation order) and every index entry
// pointing to it. Its order id is free again afterwards.
func (s *store) remove(i int) {
	t := s.order[i]
	if s.byOrder[t.OrderID] == t {
		delete(s.byOrder, t.OrderID)
	}
	if s.byID[t.ProcessingID] == t {
		delete(s.byID, t.ProcessingID)
	}
	s.order = slices.Delete(s.order, i, i+1) // zeroes the freed slot
}

// forgetIdle deletes an order's delivery log and reports true when the
// order has no queued delivery; it reports false, changing nothing, when
// it has one (pending, in flight or waiting for a retry).
func (d *deliverer) forgetIdle(orderID string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, queued := d.queues[orderID]; queued {
		return false
	}
	delete(d.logs, orderID)
	return true
}

// storeFull is the refusal of a new transaction when nothing can be
// evicted.
func storeFull(limit int) *apiError {
	return refuse(http.StatusServiceUnavailable, CodeStoreFull, fmt.Sprintf(
		"the sandbox holds %d transactions (MaxTransactions) and none can be evicted: "+
			"each is pending, authorized, refundable, a recurrent parent, a saved token or has a callback in flight", limit))
}
