package smartcore

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/smartcorekit/smartcore/internal/loose"
)

// CascadeError is one gate's failure when the gateway tried several.
type CascadeError struct {
	GatePriority  int       `json:"gatePriority"`  // the gate's priority (gatePriority); the document's example counts from 0
	ErrorCategory ErrorCode `json:"errorCategory"` // why the gate failed (errorCategory), such as PLATFORM_ERROR_GATE_SKIPPED
}

// CascadeErrors is a check answer's cascadeErrors: why each gate the
// gateway tried failed. The document's table declares a String (such as
// "PLATFORM_ERROR_GATE_SKIPPED"), its example shows an array of
// {gatePriority, errorCategory}, and the same array also comes as JSON
// inside a string. All of them decode, as do null and "null" (both give the
// zero CascadeErrors); decoding never fails.
type CascadeErrors struct {
	// Raw is the value as sent: a string's text, or the compact JSON of an
	// array or object; "" when absent, null or "null".
	Raw string
	// List holds the entries when Raw is (or a string holds) a JSON array
	// or a single object; it is nil for a plain string such as
	// "PLATFORM_ERROR_GATE_SKIPPED" (see Codes). An entry that is a bare
	// code gets its position as GatePriority; entries that are neither
	// objects nor strings are left out.
	List []CascadeError
}

// IsZero reports whether nothing was sent.
func (c CascadeErrors) IsZero() bool { return c.Raw == "" && c.List == nil }

// Codes returns each entry's ErrorCategory in order. When there is no List,
// a plain Raw string is read as one code, or as several separated by
// commas, semicolons or '|'. It returns nil when nothing was sent.
func (c CascadeErrors) Codes() []ErrorCode {
	var codes []ErrorCode
	if c.List != nil {
		for _, e := range c.List {
			codes = append(codes, e.ErrorCategory)
		}
		return codes
	}
	for part := range strings.FieldsFuncSeq(c.Raw, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if part = strings.TrimSpace(part); part != "" {
			codes = append(codes, ErrorCode(part))
		}
	}
	return codes
}

// UnmarshalJSON decodes any JSON value into c (see [CascadeErrors]); it
// never returns an error for well-formed JSON.
func (c *CascadeErrors) UnmarshalJSON(b []byte) error {
	*c = CascadeErrors{}
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if strings.TrimSpace(s) == "null" {
			return nil
		}
		c.Raw = s
		if t := strings.TrimSpace(s); json.Valid([]byte(t)) {
			c.List = cascadeList([]byte(t))
		}
		return nil
	}
	c.Raw = loose.Text(b)
	c.List = cascadeList(b)
	return nil
}

// MarshalJSON writes List as the document's array when there is one, else
// Raw as a string, else null.
func (c CascadeErrors) MarshalJSON() ([]byte, error) {
	switch {
	case c.List != nil:
		return json.Marshal(c.List)
	case c.Raw != "":
		return json.Marshal(c.Raw)
	}
	return []byte("null"), nil
}

// cascadeList reads a well-formed JSON array of entries, or a single
// entry object; anything else gives nil.
func cascadeList(b []byte) []CascadeError {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		if e, ok := cascadeEntry(b, 0); ok {
			return []CascadeError{e}
		}
		return nil
	}
	var items []json.RawMessage
	if len(b) == 0 || b[0] != '[' || json.Unmarshal(b, &items) != nil {
		return nil
	}
	list := make([]CascadeError, 0, len(items))
	for i, item := range items {
		if e, ok := cascadeEntry(item, i); ok {
			list = append(list, e)
		}
	}
	return list
}

// cascadeEntry reads one entry: an object whose members are read loosely,
// or a bare code, which takes its position as priority.
func cascadeEntry(raw json.RawMessage, pos int) (CascadeError, bool) {
	if code, ok := loose.String(raw); ok {
		return CascadeError{GatePriority: pos, ErrorCategory: ErrorCode(code)}, code != ""
	}
	var ignored []FieldError
	m, err := readMembers(raw, &ignored)
	if err != nil || m == nil {
		return CascadeError{}, false
	}
	return CascadeError{
		GatePriority:  int(clampInt32(m.integer("gatePriority"))),
		ErrorCategory: ErrorCode(m.str("errorCategory")),
	}, true
}

func clampInt32(n int64) int64 { return min(max(n, -1<<31), 1<<31-1) }
