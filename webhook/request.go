package webhook

import (
	"bytes"
	"errors"
	"fmt"
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

// bodies recycles read buffers: the body is copied into the decoded text by
// ParseForm, so the buffer is free again once the request is verified.
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
	buf, err := readBody(nil, r, maxBody)
	if err != nil {
		return nil, nil, err
	}
	defer bodies.Put(buf)
	raw := bytes.Clone(buf.Bytes())
	cb, err := v.VerifyBody(raw)
	return cb, raw, err
}

// readBody checks the method and content type and reads the body into a
// pooled buffer that the caller must return to bodies. w may be nil.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) (*bytes.Buffer, error) {
	if r.Method != http.MethodPost {
		return nil, ErrMethodNotAllowed
	}
	if !isForm(r.Header.Get("Content-Type")) {
		return nil, ErrUnsupportedMediaType
	}
	if r.ContentLength > limit {
		return nil, ErrBodyTooLarge
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, fmt.Errorf("%w: empty", ErrMalformedBody)
	}
	buf := bodies.Get().(*bytes.Buffer)
	buf.Reset()
	// MaxBytesReader, unlike a LimitReader, also tells the server to close
	// the connection instead of draining an oversized body.
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		bodies.Put(buf)
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, ErrBodyTooLarge
		}
		return nil, fmt.Errorf("%w: reading: %w", ErrMalformedBody, err)
	}
	return buf, nil
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
