package webhook

import "github.com/smartcorekit/smartcore/internal/form"

// ErrMalformedBody is wrapped by [Verifier.Verify]'s error, and is the
// Err of a rejected request's [Event], when the body is not a well-formed
// application/x-www-form-urlencoded document: empty, with an empty key, a
// key or value with a bad escape, or an unescaped ';'.
var ErrMalformedBody = form.ErrMalformed
