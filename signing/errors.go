package signing

import "errors"

// The sentinel errors below are the only errors this package returns, and
// they are returned bare (never wrapped with detail). That is deliberate: a
// message built from the request could echo a value, the received signature
// or, through a careless format verb, the expected one, and these errors are
// likely to end up in logs. Bare sentinels also keep the failure paths free
// of allocations. Callers should test them with errors.Is.
var (
	// ErrNoSecret is returned by New when it is given no secrets or an empty
	// one, and by the Verify methods of a Signer that was not made by New.
	ErrNoSecret = errors.New("signing: empty secret")

	// ErrMissingSignature means the Param parameter is absent or empty.
	ErrMissingSignature = errors.New("signing: missing signature")

	// ErrMalformedSignature means the Param parameter is not exactly 64
	// hexadecimal characters (either case), so it cannot be an HMAC-SHA256.
	ErrMalformedSignature = errors.New("signing: malformed signature")

	// ErrInvalidSignature means the signature is well formed but matches the
	// HMAC of none of the Signer's secrets.
	ErrInvalidSignature = errors.New("signing: invalid signature")

	// ErrDuplicateKey means some parameter name occurs more than once,
	// including Param itself. The scheme signs values only, in key order, so
	// a repeated key would make "which value counts" ambiguous between the
	// verifier and the code that later reads the form.
	ErrDuplicateKey = errors.New("signing: duplicate parameter")
)
