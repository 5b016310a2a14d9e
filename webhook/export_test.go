package webhook

import (
	"time"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
)

// SetSettleTimeout shortens settleTimeout for a test and returns the
// function that restores it.
func SetSettleTimeout(d time.Duration) (restore func()) {
	old := settleTimeout
	settleTimeout = d
	return func() { settleTimeout = old }
}

// ParseForm is how the verifier splits a body into its fields, for the
// tests that hold it to net/url.
func ParseForm(body []byte) ([]smartcore.Field, error) {
	return form.Parse(string(body), nil)
}

// The request-level errors, for the tests that check which one a rejected
// request carries.
var (
	ErrMalformedBody        = errMalformedBody
	ErrMethodNotAllowed     = errMethodNotAllowed
	ErrUnsupportedMediaType = errUnsupportedMediaType
	ErrBodyTooLarge         = errBodyTooLarge
)
