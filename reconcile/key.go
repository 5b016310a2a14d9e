package reconcile

import (
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
)

// StateKey names a callback for a [dedup.Deduplicator] so that the
// callback path and the reconciliation path agree on it. Use it on both:
//
//	var d dedup.Deduplicator = ... // shared: dedup/redisdedup, dedup/sqldedup
//	hook, _ := webhook.New(router, webhook.Options{Secrets: s, Deduplicator: d, DedupKey: reconcile.StateKey})
//	rec, _ := reconcile.New(reconcile.Options{Checker: client, Handler: router, Store: st, Deduplicator: d})
//
// The default webhook key, [webhook.IdempotencyKey], hashes
// every value the gateway signed (message, card mask, isTrustedTransaction,
// ...), which a check answer cannot reproduce. StateKey keys a transaction's
// final state instead: for status 2 or -1 of a transaction whose type is
// known and is not "Refund", it returns
//
//	"state:" + len(type) + ":" + type + ":" + len(orderId) + ":" + orderId + ":" + status
//
// ("state:7:payment:7:order-1:2", the type lower-cased), which a callback and a check answer of
// the same order and status share. The length prefixes keep every order id
// apart, whatever characters it holds.
//
// Everything else falls back on webhook.IdempotencyKey(cb): statuses that
// are not final (a status-1 "authorized" callback), refunds (several
// refunds of one order may each be final, so the order id does not name
// one), and callbacks without a type (which may be refunds). Those are de-duplicated
// between the gateway's own deliveries as before, but a reconciled one and a
// callback get different keys: see the package documentation.
//
// The rule is "one final state per order and status": a second callback
// with the same order, type and final status (the gateway announcing a
// payment again with another finalAmount, say) is acknowledged as a
// duplicate without reaching the application. A change of final status
// (success, then fail) gets a new key and is processed.
//
// StateKey returns "" for a nil callback.
func StateKey(cb *smartcore.Callback) string {
	if cb == nil {
		return ""
	}
	if !cb.Status.IsFinal() || cb.Type == "" || cb.OrderID == "" ||
		strings.EqualFold(string(cb.Type), string(smartcore.TypeRefund)) {
		return webhook.IdempotencyKey(cb)
	}
	var b strings.Builder
	b.Grow(len("state:") + len(cb.Type) + len(cb.OrderID) + 16)
	b.WriteString("state:")
	// The type as the gateway spells it may vary in case ("Payment",
	// "payment"); both paths must meet on one key.
	writePrefixed(&b, strings.ToLower(string(cb.Type)))
	writePrefixed(&b, cb.OrderID)
	b.WriteString(strconv.Itoa(int(cb.Status)))
	return b.String()
}

// writePrefixed writes len(s) ":" s ":".
func writePrefixed(b *strings.Builder, s string) {
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
	b.WriteByte(':')
}
