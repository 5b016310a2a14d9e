package webhook

import "github.com/smartcorekit/smartcore/internal/form"

// errMalformedBody is wrapped by the error for a body that is not a
// well-formed application/x-www-form-urlencoded document: empty, with an
// empty key, a key or value with a bad escape, or an unescaped ';'.
var errMalformedBody = form.ErrMalformed
