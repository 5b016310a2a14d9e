// Package signing signs and verifies SmartCore gateway callbacks.
//
// The gateway POSTs callbacks as application/x-www-form-urlencoded bodies
// carrying a "sign" parameter (Param). The API document defines the
// signature by this JavaScript:
//
//	const { createHmac } = require("crypto");
//	function getSign(body, secret) {
//	  let params = [];
//	  Object.keys(body).sort().forEach(function(key) { params.push(body[key]); });
//	  return createHmac('sha256', secret).update(params.join('|')).digest('hex');
//	}
//
// That is: take every parameter except "sign", order them by key, join their
// VALUES (not their keys) with "|", and HMAC-SHA256 the UTF-8 bytes of the
// result with the merchant secret as key; the signature is the lowercase hex
// digest. Empty values are kept, so they still contribute a separator.
// Canonical returns the exact string that is HMACed.
//
// # Sort order
//
// JavaScript's default sort compares strings by UTF-16 code units, not by
// code points or UTF-8 bytes. The orders agree except that a character at or
// above U+10000 (a surrogate pair starting 0xD800..0xDBFF) sorts BEFORE one
// in U+E000..U+FFFF in JavaScript and after it in Go's byte order, so
// sort.Strings would produce wrong signatures for such keys. Compare
// implements the JavaScript order; for ASCII keys it is plain byte order.
// Numeric-looking keys sort as strings ("1" < "10" < "9"), and upper case
// sorts before lower case ("A" < "B" < "a" < "b").
//
// # Verification
//
// Verify and VerifyFields parse the received signature (either hex case),
// recompute the HMAC under every configured secret and compare the 32-byte
// digests in constant time. Every secret is always tried, which allows
// secret rotation (see New) without revealing which secret matched. They do
// not allocate in steady state. Failures are reported with the sentinel
// errors of this package, which never contain a secret, a signature or a
// value.
//
// # Residual risks
//
// The scheme is the gateway's, not ours, and it has weaknesses that
// verification alone cannot remove:
//
//   - Keys are not signed. Only the sequence of values is, so a body with
//     renamed, added or removed keys verifies as long as the values still
//     come out in the same order: {"a":"x","b":"y"} and {"a":"x","c":"y"}
//     carry the same signature.
//   - "|" is not escaped. {"a":"x|y"} and {"a":"x","b":"y"} both sign
//     "x|y", so values can be split or merged across keys without changing
//     the signature.
//   - There is no timestamp or nonce, so a captured callback can be replayed
//     at any time.
//   - Invalid UTF-8 is signed byte for byte. The JavaScript reference cannot
//     produce it, so its order (each bad byte as U+FFFD, see Compare) is
//     ours, not the gateway's.
//
// Callers must therefore, after a successful verification, require each
// field they use to be present exactly once (the Verify methods already
// reject repeated keys with ErrDuplicateKey), should reject or ignore
// unknown fields rather than act on them, and must process callbacks
// idempotently (for example by order ID and status), treating a replay as a
// no-op.
package signing
