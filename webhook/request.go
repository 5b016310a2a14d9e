package webhook

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/smartcorekit/smartcore/internal/form"
)

// Request-level errors, before the body is looked at.
var (
	// errMethodNotAllowed: the request is not a POST.
	errMethodNotAllowed = errors.New("webhook: method not allowed")
	// errUnsupportedMediaType: the body is not application/x-www-form-urlencoded.
	errUnsupportedMediaType = errors.New("webhook: content type is not application/x-www-form-urlencoded")
	// errBodyTooLarge: the body is over the configured limit.
	errBodyTooLarge = errors.New("webhook: body too large")
	// errMalformedBody is wrapped by the error for a body that is not a
	// well-formed application/x-www-form-urlencoded document: empty, with
	// an empty key, a key or value with a bad escape, or an unescaped ';'.
	errMalformedBody = form.ErrMalformed
)

const formType = "application/x-www-form-urlencoded"

// maxDeclaredBody is the largest Content-Length that is allocated before the
// body arrives: a callback is well under it, and so is what net/http already
// holds per connection. Longer bodies grow as they arrive, so a client that
// declares a large body without sending it does not make the server
// allocate it.
const maxDeclaredBody = 4 << 10

// readBody checks the method and content type and reads the body into
// buf[:0], which it grows as needed, and returns it. w may be nil.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, buf []byte) ([]byte, error) {
	if r.Method != http.MethodPost {
		return nil, errMethodNotAllowed
	}
	if !isForm(contentType(r.Header)) {
		return nil, errUnsupportedMediaType
	}
	if r.ContentLength > limit {
		return nil, errBodyTooLarge
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, fmt.Errorf("%w: empty", errMalformedBody)
	}
	// MaxBytesReader, unlike a LimitReader, also tells the server to close
	// the connection instead of draining an oversized body.
	body, err := readAll(http.MaxBytesReader(w, r.Body, limit), buf, min(r.ContentLength, maxDeclaredBody))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errBodyTooLarge
		}
		return nil, fmt.Errorf("%w: reading: %w", errMalformedBody, err)
	}
	if r.ContentLength > 0 && int64(len(body)) != r.ContentLength {
		// Only a reader other than the server's gets here: refused, not cut.
		return nil, fmt.Errorf("%w: not as long as its Content-Length", errMalformedBody)
	}
	return body, nil
}

// readAll is io.ReadAll into b[:0], starting with room for size bytes (512
// when size is not positive) and one more, so that a body of the declared
// size is read without growing b again.
func readAll(r io.Reader, b []byte, size int64) ([]byte, error) {
	if size <= 0 {
		size = 512
	}
	b = slices.Grow(b[:0], int(size)+1)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // let append pick the next size
		}
	}
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

// bodyBuffers holds the Handler's read buffers. The Handler reads a body
// into one, the verifier copies it into the string that the callback and all
// its fields share, and the buffer goes back: nothing handed to the
// application, the observer or the log aliases it. A *[]byte, so that
// putting it back does not allocate.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledBody is the largest buffer put back in bodyBuffers, the default
// limit (DefaultMaxBodyBytes): a buffer grown for a larger body, under a
// higher limit, is left to the garbage collector.
const maxPooledBody = 64 << 10

// getBodyBuffer returns a buffer from bodyBuffers, to be handed back to
// putBodyBuffer once nothing uses its bytes.
func getBodyBuffer() *[]byte { return bodyBuffers.Get().(*[]byte) }

// putBodyBuffer returns p to bodyBuffers holding b, the buffer it grew
// into (nil when nothing was read: p keeps its own), unless b is over
// maxPooledBody.
func putBodyBuffer(p *[]byte, b []byte) {
	if b == nil {
		b = *p
	}
	if cap(b) > maxPooledBody {
		return
	}
	*p = b[:0]
	bodyBuffers.Put(p)
}
