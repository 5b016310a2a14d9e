package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/smartcorekit/smartcore/internal/loose"
	"github.com/smartcorekit/smartcore/internal/redact"
)

const (
	// maxBodySize bounds what is read of an answer; the largest documented
	// answer is well under a kilobyte, so anything near this is not the
	// gateway talking.
	maxBodySize = 1 << 20
	// maxReasonLen bounds the gateway text kept in an APIError.
	maxReasonLen = 512
)

var errBodyTooLarge = fmt.Errorf("response body larger than %d bytes", maxBodySize)

// readBody reads a whole answer, refusing one larger than maxBodySize.
func readBody(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBodySize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBodySize {
		return nil, errBodyTooLarge
	}
	return data, nil
}

// decodeObject decodes a 2xx body into out. Anything but a JSON object is
// refused, including "null", which encoding/json would accept silently and
// leave out empty.
func decodeObject(body []byte, out any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return errors.New("empty response body")
	}
	if trimmed[0] != '{' {
		return errors.New("response body is not a JSON object")
	}
	return json.Unmarshal(trimmed, out)
}

// reason is what a body says about a failed request, as raw gateway text.
type reason struct {
	err, msg, errorMessage string
}

func (r reason) empty() bool { return r.err == "" && r.msg == "" && r.errorMessage == "" }

// parseReason extracts err, msg and errorMessage from a JSON object body; a
// body that is not one yields an empty reason. With fallbacks, the common
// "error" and "message" keys stand in for absent err and msg: they are what
// proxies and frameworks put in their 4xx/5xx answers. In 2xx answers
// "message" is ordinary payload (refund, recurrent), so no fallbacks there.
func parseReason(body []byte, fallbacks bool) reason {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return reason{}
	}
	r := reason{err: loose.Text(m["err"]), msg: loose.Text(m["msg"]), errorMessage: loose.Text(m["errorMessage"])}
	if fallbacks {
		if r.err == "" {
			r.err = loose.Text(m["error"])
		}
		if r.msg == "" {
			r.msg = loose.Text(m["message"])
		}
	}
	return r
}

// scrubber removes from gateway text what must never reach an error or a
// log: the secret and Authorization value, the request's own card data, and
// anything else shaped like a card number (a gateway may echo a request).
type scrubber struct {
	exact  []string // removed wherever they occur
	pans   []string // masked wherever they occur
	tokens []string // removed where they stand alone (a CVV inside a longer number is not one)
}

// clean returns gateway text fit for an error message: scrubbed as by raw,
// on one line, and cut to maxReasonLen.
func (s scrubber) clean(text string) string {
	if text == "" {
		return ""
	}
	text = s.raw(text)
	text = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' ' // no forged log lines
		}
		return r
	}, text)
	if len(text) > maxReasonLen {
		cut := maxReasonLen
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

// error returns err with its text scrubbed as by raw, for an error that
// may quote what the gateway sent (encoding/json's error names the number
// it could not store). An error with nothing to scrub is returned as it is.
// Otherwise errors.Is and errors.As reach a *json.UnmarshalTypeError
// through it, a copy with its Value and Field scrubbed, and no other
// cause, whose text would hold what was scrubbed.
func (s scrubber) error(err error) error {
	text := err.Error()
	clean := s.raw(text)
	if clean == text {
		return err
	}
	e := &scrubbedError{text: clean}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		c := *te
		c.Value, c.Field = s.raw(c.Value), s.raw(c.Field)
		e.cause = &c
	}
	return e
}

// scrubbedError is an error whose text was scrubbed (see scrubber.error).
type scrubbedError struct {
	text  string
	cause error // nil when no cause is safe to show
}

func (e *scrubbedError) Error() string { return e.text }
func (e *scrubbedError) Unwrap() error { return e.cause }

// raw returns text with the secrets removed and card numbers masked, and
// otherwise unchanged: for a whole body or header kept for support.
func (s scrubber) raw(text string) string {
	for _, v := range s.exact {
		if v != "" {
			text = strings.ReplaceAll(text, v, redact.Mark)
		}
	}
	for _, v := range s.pans {
		if v != "" {
			text = strings.ReplaceAll(text, v, redact.PAN(v))
		}
	}
	return redact.CardNumbers(text, s.tokens)
}
