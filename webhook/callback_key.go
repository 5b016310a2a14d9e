package webhook

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/signing"
)

// IdempotencyKey names what the gateway signed in cb, for de-duplication
// (the Handler's default Options.DedupKey): the hex SHA-256 of the signed
// string (every value but sign, ordered by key, joined with "|"; see
// [signing.Canonical]).
//
// Redeliveries and replays of one callback share the key, and so does any
// body the same signature verifies: one with renamed keys (the signature
// covers values, not keys) or with values regrouped around an unescaped
// "|". Callbacks that differ in any signed value (two partial refunds with
// different messages, two status-1 callbacks with different
// authorize_status) get different keys. It does not depend on the secret,
// so it survives a secret rotation; the signature itself would not.
//
// Two callbacks whose signed strings are equal cannot be told apart by the
// gateway's signature either; an application that expects those keys on
// something of its own (Options.DedupKey). A callback whose Raw was set
// by hand and does not parse is keyed on its typed fields; no callback is
// refused.
func IdempotencyKey(cb *smartcore.Callback) string {
	fields := Fields(cb)
	if fields == nil { // a hand-set Raw that does not parse
		fields = AppendFields(nil, cb)
	}
	sum := sha256.Sum256([]byte(signing.Canonical(fields)))
	return hex.EncodeToString(sum[:])
}
