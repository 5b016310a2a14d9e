package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/smartcorekit/smartcore"
)

// Request-level errors, before the body is looked at.
var (
	// ErrMethodNotAllowed: the request is not a POST.
	ErrMethodNotAllowed = errors.New("webhook: method not allowed")
	// ErrUnsupportedMediaType: the body is not application/x-www-form-urlencoded.
	ErrUnsupportedMediaType = errors.New("webhook: content type is not application/x-www-form-urlencoded")
	// ErrBodyTooLarge: the body is over the configured limit.
	ErrBodyTooLarge = errors.New("webhook: body too large")
)

const formType = "application/x-www-form-urlencoded"

// maxDeclaredBody is the largest Content-Length that is allocated before the
// body arrives: a callback is well under it, and so is what net/http already
// holds per connection.
const maxDeclaredBody = 4 << 10

// bodies recycles the buffers of bodies of unknown length, which are read
// through a growing buffer and then copied out at their exact size.
var bodies = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// VerifyRequest checks an incoming callback request and decodes it, reading
// at most maxBody bytes of r.Body (0 means DefaultMaxBodyBytes). The query
// string and r.Form are never consulted: only the signed body counts. The
// body is consumed; the raw bytes are returned for handlers that want them.
//
// Besides VerifyBody's errors it returns [ErrMethodNotAllowed],
// [ErrUnsupportedMediaType] and [ErrBodyTooLarge].
func (v *Verifier) VerifyRequest(r *http.Request, maxBody int64) (*smartcore.Callback, []byte, error) {
	if maxBody <= 0 {
		maxBody = DefaultMaxBodyBytes
	}
	raw, err := readBody(nil, r, maxBody)
	if err != nil {
		return nil, nil, err
	}
	cb, err := v.VerifyBody(raw)
	return cb, raw, err
}

// readBody checks the method and content type and reads the body into a
// new slice of its exact size, which the caller owns. w may be nil.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.Method != http.MethodPost {
		return nil, ErrMethodNotAllowed
	}
	if !isForm(contentType(r.Header)) {
		return nil, ErrUnsupportedMediaType
	}
	if r.ContentLength > limit {
		return nil, ErrBodyTooLarge
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, fmt.Errorf("%w: empty", ErrMalformedBody)
	}
	if r.ContentLength > 0 && r.ContentLength <= maxDeclaredBody {
		// A small declared body is read at its size, into the slice the
		// callback keeps. One byte more is asked for, so that a body that
		// does not end where it said (a reader other than the server's) is
		// refused rather than cut.
		n := int(r.ContentLength)
		body := make([]byte, n+1)
		got, err := io.ReadFull(r.Body, body)
		switch {
		case got > n:
			return nil, fmt.Errorf("%w: longer than its Content-Length", ErrMalformedBody)
		case got < n:
			return nil, fmt.Errorf("%w: reading: %w", ErrMalformedBody, err)
		}
		return body[:n:n], nil
	}
	// Otherwise the body grows as it arrives, so that a client declaring a
	// large body without sending it does not make the server allocate it.
	buf := bodies.Get().(*bytes.Buffer)
	defer bodies.Put(buf)
	buf.Reset()
	// MaxBytesReader, unlike a LimitReader, also tells the server to close
	// the connection instead of draining an oversized body.
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit)); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, ErrBodyTooLarge
		}
		return nil, fmt.Errorf("%w: reading: %w", ErrMalformedBody, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// contentType is h.Get("Content-Type") without canonicalizing a key that is
// already canonical: servers store header names canonicalized.
func contentType(h http.Header) string {
	if v := h["Content-Type"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// isForm reports whether a Content-Type header names a form body; the common
// spellings are matched without mime.ParseMediaType's allocations.
func isForm(ct string) bool {
	if ct == formType {
		return true
	}
	if len(ct) > len(formType) && strings.EqualFold(ct[:len(formType)], formType) {
		switch ct[len(formType)] {
		case ';', ' ', '\t':
		default:
			return false
		}
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == formType
}
