package checkout

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/smartcorekit/smartcore/client"
	"github.com/smartcorekit/smartcore/clientip"
)

// Error is a failure with the HTTP status to answer and the message the
// customer may read. Build returns one to refuse a request with a status
// of its own ("the cart is empty": 409); the handlers of this package use
// it for malformed requests. Err is logged, never shown.
type Error struct {
	Status  int    // HTTP status, 400–599; anything else is answered 500
	Message string // shown to the customer; "" shows the status text
	Err     error  // the cause, for logs
}

// Error returns "checkout: <status> <message>: <cause>".
func (e *Error) Error() string {
	s := "checkout: " + strconv.Itoa(e.Status)
	if e.Message != "" {
		s += " " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Public messages. They say what the customer can do and nothing about
// the gateway's answer, which is only logged.
const (
	msgInternal       = "Something went wrong on our side. Please try again later."
	msgGateway        = "The payment provider could not process the payment. Please try again later."
	msgOutcomeUnknown = "We could not confirm the payment with the payment provider. Its status is being checked; please do not pay again until it is confirmed."
)

// StatusCode returns the HTTP status for an error of this package or of
// the Gateway:
//
//   - an [*Error] anywhere in the chain: its Status (500 when outside
//     400–599);
//   - client.ErrOutcomeUnknown: 502 (the payment may exist; its status is
//     being checked);
//   - *client.APIError, [ErrRedirectRejected], [ErrUnexpectedResponse]:
//     502, the gateway failed or answered something unusable;
//   - validate.Errors: 500. They come from the request Build assembled,
//     which the customer cannot fix, so they are the host's bug; a Build
//     that validates customer input itself should return an *Error with
//     status 400;
//   - anything else, and nil: 500.
func StatusCode(err error) int {
	var e *Error
	var apiErr *client.APIError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &e):
		if e.Status >= 400 && e.Status <= 599 {
			return e.Status
		}
		return http.StatusInternalServerError
	case errors.Is(err, client.ErrOutcomeUnknown),
		errors.As(err, &apiErr),
		errors.Is(err, ErrRedirectRejected),
		errors.Is(err, ErrUnexpectedResponse):
		return http.StatusBadGateway
	}
	return http.StatusInternalServerError
}

// PublicMessage returns the sentence a customer may read about err: the
// Message of an [*Error], otherwise a generic one chosen by [StatusCode]
// (for client.ErrOutcomeUnknown, that the payment's status is being
// checked). It never contains text from the gateway or from err.
func PublicMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	switch code := StatusCode(err); {
	case errors.Is(err, client.ErrOutcomeUnknown) && code == http.StatusBadGateway:
		return msgOutcomeUnknown
	case code == http.StatusBadGateway:
		return msgGateway
	case code >= 500:
		return msgInternal
	default:
		return http.StatusText(code) + "."
	}
}

// DefaultErrorHandler returns the error handler used when
// Options.ErrorHandler is nil. It answers [StatusCode] with
// [PublicMessage] and a random reference id, as JSON
// {"error": "...", "reference": "..."} when [WantsJSON] and as a small
// HTML page otherwise, and logs the same reference with the error, the
// order_id and the client IP (level Error for 5xx, Warn otherwise) to
// logger, which may be nil. It never shows the gateway's text.
func DefaultErrorHandler(logger *slog.Logger) func(w http.ResponseWriter, r *http.Request, err error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return func(w http.ResponseWriter, r *http.Request, err error) {
		code := StatusCode(err)
		ref := newReference()
		level := slog.LevelWarn
		if code >= 500 {
			level = slog.LevelError
		}
		ctx := r.Context()
		if logger.Enabled(ctx, level) {
			attrs := []slog.Attr{
				slog.String("reference", ref), slog.Int("code", code),
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
			}
			if o, ok := OrderFromContext(ctx); ok {
				attrs = append(attrs, slog.String("order_id", o.OrderID))
			}
			if ip, ok := clientip.FromContext(ctx); ok {
				attrs = append(attrs, slog.String("client_ip", ip.String()))
			}
			if err != nil {
				// The gateway's text arrives scrubbed of card numbers, CVVs and
				// DPANs by the client; this package's errors carry no values
				// and validate.Errors name fields only.
				attrs = append(attrs, slog.String("error", err.Error()))
			}
			logger.LogAttrs(ctx, level, "smartcore checkout: request failed", attrs...)
		}
		writeProblem(w, r, code, PublicMessage(err), ref)
	}
}

// newReference returns 16 hex digits that tie an error page to a log
// record. crypto/rand.Read cannot fail since Go 1.24.
func newReference() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
