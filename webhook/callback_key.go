package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
)

// IdempotencyKey names cb's identity for de-duplication: the default of
// Options.DedupKey, of reconcile's Options.Key and of sqldedup's
// TransactionalOptions.Key, so that callbacks and reconciled states meet on
// one key with nothing to configure.
//
// A final status (2 or -1) is keyed on the transaction's state: its type
// (lower-cased, "" when the callback has none), order id and status,
//
//	"state:" + len(type) + ":" + type + ":" + len(orderId) + ":" + orderId + ":" + status
//
// ("state:7:payment:7:order-1:2"), which a callback and a check answer of
// the same order share whatever else they carry; the length prefixes keep
// every order id apart. Any other status is keyed on what the gateway
// signed: the hex SHA-256 of the signed string (every value but sign,
// ordered by key, joined with "|"; see [signing.Canonical]), so that only
// identical callbacks share it.
//
// A key names an identity, not an event: the document's callback has no
// event id, and two real events can share one (two partial refunds of the
// same amount, a full refund sent without type and the payment's own
// success). What becomes of a callback whose key was processed before is
// [Classify]'s rule, not the key's. It does not depend on the secret, so
// it survives a secret rotation. A callback whose Raw was set by hand and
// does not parse is keyed on its typed fields; it returns "" for a nil
// callback.
func IdempotencyKey(cb *smartcore.Callback) string {
	if cb == nil {
		return ""
	}
	if cb.Status.IsFinal() {
		return stateKey(cb)
	}
	fields := Fields(cb)
	if fields == nil { // a hand-set Raw that does not parse
		fields = AppendFields(nil, cb)
	}
	sum := sha256.Sum256([]byte(signing.Canonical(fields)))
	return hex.EncodeToString(sum[:])
}

// stateKey is IdempotencyKey for a final status.
func stateKey(cb *smartcore.Callback) string {
	var b strings.Builder
	b.Grow(len("state:") + len(cb.Type) + len(cb.OrderID) + 16)
	b.WriteString("state:")
	// The gateway's spelling of a type may vary in case ("Payment",
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
