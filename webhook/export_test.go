package webhook

import (
	"time"
)

// SetSettleTimeout shortens settleTimeout for a test and returns the
// function that restores it.
func SetSettleTimeout(d time.Duration) (restore func()) {
	old := settleTimeout
	settleTimeout = d
	return func() { settleTimeout = old }
}

// The request-level errors, for the tests that check which one a rejected
// request carries.
var (
	ErrMalformedBody        = errMalformedBody
	ErrMethodNotAllowed     = errMethodNotAllowed
	ErrUnsupportedMediaType = errUnsupportedMediaType
	ErrBodyTooLarge         = errBodyTooLarge
)
