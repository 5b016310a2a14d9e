package smartcore

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"

	"github.com/smartcorekit/smartcore/internal/loose"
	"github.com/smartcorekit/smartcore/internal/redact"
)

// The gateway's answers are decoded member by member, with no reflection:
// each response type's UnmarshalJSON names its members and what each one
// may hold. The document declares types its own examples do not keep
// (numbers in String members, "null" for absent values, an array where a
// String is declared), so every member is read loosely:
//
//   - a string member also takes a number (its decimal text) or a boolean;
//   - an integer member also takes its decimal text, or an integral float;
//   - a boolean member also takes "true"/"false"/"1"/"0" and 1/0;
//   - null, "null" and, for non-strings, "" all mean absent: zero.
//
// Only the members that decide what happened (status and order_id) fail
// the decoding when they cannot be read. Any other member that cannot be
// read is left at its zero value and listed in [Response.Undecoded], so
// that one odd value never costs the caller the whole answer.

// errNotObject is returned for an answer that is JSON but not an object.
var errNotObject = errors.New("response body is not a JSON object")

// members is a JSON object's members by lower-cased key, as encoding/json
// matches keys case-insensitively ("ACSUrl" and "acsurl" both reach ACSURL).
// When keys repeat, the last wins, as with encoding/json.
type members struct {
	vals      map[string]json.RawMessage
	keys      []string        // the keys as sent, in order
	read      map[string]bool // the lower-cased keys the decoder asked for
	path      string          // "card." inside the card object
	undecoded *[]FieldError
}

// readMembers splits a JSON object into its members. It returns nil and no
// error for JSON null, which leaves the target untouched as encoding/json
// does, and an error for anything but an object.
func readMembers(b []byte, undecoded *[]FieldError) (*members, error) {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil, nil
	}
	if len(b) == 0 || b[0] != '{' {
		return nil, errNotObject
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	m := &members{vals: map[string]json.RawMessage{}, read: map[string]bool{}, undecoded: undecoded}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		m.vals[strings.ToLower(key)] = v
		m.keys = append(m.keys, key)
	}
	return m, nil
}

func (m *members) get(key string) json.RawMessage {
	k := strings.ToLower(key)
	m.read[k] = true
	return m.vals[k]
}

// unread returns the members the decoder never asked for, for
// [Response.Extra], in the order sent (a key sent twice once, with its
// last value), each name and value as [shownMember] shows them, scrubbed
// first by scrub when it is not nil (package client's scrubbing of the
// call's secrets and card data, as for RawBody; see Response.scrub). Call
// it once the decoder has read every member it knows.
func (m *members) unread(scrub func(string) string) []extraMember {
	var out []extraMember
	for _, key := range m.keys {
		k := strings.ToLower(key)
		if m.read[k] {
			continue
		}
		m.read[k] = true // once
		out = append(out, extraMember{name: shownName(key, scrub), value: shownMember(key, m.vals[k], scrub)})
	}
	return out
}

// shownMember returns the raw JSON value of an undecoded member with what
// must not be kept removed or masked: scrubbed by scrub when it is not nil
// (the client's secrets and the request's card data), then by the kit's
// redaction rules, by its name (a member named for a CVV removed, one
// named for a card or a PAN masked, internal/redact.Member) and by its
// content (card numbers masked, as in RawBody). An object's members and
// an array's elements are shown the same way first, each member by its
// own name and each element by the array's, so that a CVV nested in an
// unknown object is removed too; the container's own name then applies
// to the whole. A value that masking changed is returned as a JSON string
// of the masked text when it would no longer be JSON (a card number sent
// as a bare number). An object or array nested more than maxShownDepth
// levels deep is removed whole: no answer nests so deep, and the work
// grows with the depth.
func shownMember(name string, raw json.RawMessage, scrub func(string) string) json.RawMessage {
	return shownValue(name, raw, scrub, 0)
}

// maxShownDepth is how deep shownMember looks into nested objects and
// arrays.
const maxShownDepth = 32

// shownValue is shownMember for a value nested depth levels deep.
func shownValue(name string, raw json.RawMessage, scrub func(string) string, depth int) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return raw
	}
	var text string
	switch isString := raw[0] == '"'; {
	case (raw[0] == '{' || raw[0] == '[') && depth >= maxShownDepth:
		return validOrQuoted(redact.Mark)
	case raw[0] == '{' || raw[0] == '[':
		inner, ok := shownContainer(name, raw, scrub, depth)
		if !ok {
			return shownText(name, raw, string(raw), false, scrub)
		}
		shown := redact.Member(name, string(inner))
		if shown == string(raw) {
			return raw
		}
		return validOrQuoted(shown)
	case isString && json.Unmarshal(raw, &text) == nil:
		return shownText(name, raw, text, true, scrub)
	default:
		return shownText(name, raw, string(raw), false, scrub)
	}
}

// shownText shows a value that is not a container: text is a string's
// text (isString) or the JSON literal itself.
func shownText(name string, raw json.RawMessage, text string, isString bool, scrub func(string) string) json.RawMessage {
	shown := text
	if scrub != nil {
		shown = scrub(shown)
	}
	shown = redact.CardNumbers(redact.Member(name, shown), nil)
	switch {
	case shown == text:
		return raw
	case isString:
		b, _ := json.Marshal(shown) // a string always encodes
		return b
	}
	return validOrQuoted(shown)
}

// validOrQuoted returns shown as it is when it is JSON, else as a JSON
// string of its text.
func validOrQuoted(shown string) json.RawMessage {
	if json.Valid([]byte(shown)) {
		return json.RawMessage(shown)
	}
	b, _ := json.Marshal(shown) // a string always encodes
	return b
}

// shownName returns a member's name as it may be kept: scrubbed by scrub
// when it is not nil, and card numbers masked. Names are kept otherwise
// as sent.
func shownName(name string, scrub func(string) string) string {
	if scrub != nil {
		name = scrub(name)
	}
	return redact.CardNumbers(name, nil)
}

// shownContainer returns an object or array with each member's name and
// value, or each element, as shownName and shownValue show them: raw
// itself when none changed, else compact JSON in the order sent (repeated
// keys kept). It reports false for JSON it cannot read, which
// readMembers's decoder never hands it.
func shownContainer(name string, raw json.RawMessage, scrub func(string) string, depth int) (json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	open, err := dec.Token()
	if err != nil {
		return nil, false
	}
	object := open == json.Delim('{')
	var out bytes.Buffer
	out.WriteByte(raw[0])
	changed := false
	for i := 0; dec.More(); i++ {
		if i > 0 {
			out.WriteByte(',')
		}
		elemName := name // an element goes by its array's name
		if object {
			tok, err := dec.Token()
			key, ok := tok.(string)
			if err != nil || !ok {
				return nil, false
			}
			shownKey := shownName(key, scrub)
			changed = changed || shownKey != key
			b, _ := json.Marshal(shownKey) // a string always encodes
			out.Write(b)
			out.WriteByte(':')
			elemName = key
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		shown := shownValue(elemName, v, scrub, depth+1)
		changed = changed || !bytes.Equal(shown, v)
		out.Write(shown)
	}
	if !changed {
		return raw, true
	}
	out.WriteByte(raw[len(raw)-1])
	return out.Bytes(), true
}

// skip records that key was present but could not be read.
func (m *members) skip(key, reason string) {
	*m.undecoded = append(*m.undecoded, FieldError{Field: m.path + key, Reason: reason})
}

// str reads a String member.
func (m *members) str(key string) string {
	s, ok := loose.String(m.get(key))
	if !ok {
		m.skip(key, "is not a string")
	}
	return s
}

// integer reads an integer member.
func (m *members) integer(key string) int64 {
	n, _ := m.presentInteger(key)
	return n
}

// presentInteger reads an integer member and reports whether the answer
// carried one: false when it is absent (missing, null, "null" or "") or
// cannot be read, so that a 0 sent is told apart from no number.
func (m *members) presentInteger(key string) (int64, bool) {
	raw := m.get(key)
	n, ok := loose.Int(raw)
	if !ok {
		m.skip(key, "is not an integer")
	}
	return n, ok && !loose.Absent(raw)
}

// boolean reads a Boolean member.
func (m *members) boolean(key string) bool {
	b, ok := loose.Bool(m.get(key))
	if !ok {
		m.skip(key, "is not a boolean")
	}
	return b
}

// text reads a member meant for people (err, msg): any JSON value, a
// string's text trimmed, anything else compacted, with anything shaped
// like a card number masked, since such text is made to be logged. It
// never fails.
func (m *members) text(key string) string { return MaskCardNumbers(loose.Text(m.get(key))) }

// prose reads a String member meant for people (description, message),
// with anything shaped like a card number masked.
func (m *members) prose(key string) string { return MaskCardNumbers(m.str(key)) }

// timestamp reads a time member; it never fails (see [Timestamp]).
func (m *members) timestamp(key string) Timestamp {
	var t Timestamp
	if raw := m.get(key); raw != nil {
		_ = t.UnmarshalJSON(raw) // raw is well-formed JSON: no error
	}
	return t
}

// status reads the status member, which decides the answer: a value that
// is present but not an integer status is an error. It also reports
// whether the member was there with a value.
func (m *members) status() (Status, bool, error) {
	raw := m.get("status")
	n, ok := loose.Int(raw)
	if !ok || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, false, &FieldError{Field: "status", Reason: "is not an integer"}
	}
	return Status(n), !loose.Absent(raw), nil
}

// orderID reads order_id, which decides the answer: a value that is
// present but neither a string nor a number is an error.
func (m *members) orderID() (string, error) {
	s, ok := loose.String(m.get("order_id"))
	if !ok {
		return "", &FieldError{Field: "order_id", Reason: "is not a string"}
	}
	return s, nil
}

// decisive reads the two members that decide whether an answer is usable,
// status then order_id (see status and orderID); every other member only
// adds to it.
func (m *members) decisive() (Status, bool, string, error) {
	st, has, err := m.status()
	if err != nil {
		return 0, false, "", err
	}
	id, err := m.orderID()
	return st, has, id, err
}

// card reads a card object; absent, null, "null" or "" give nil.
func (m *members) card(key string) *CardInfo {
	raw := m.get(key)
	if loose.Absent(raw) {
		return nil
	}
	c, err := readMembers(raw, m.undecoded)
	if err != nil {
		m.skip(key, "is not an object")
		return nil
	}
	c.path = m.path + key + "."
	return &CardInfo{
		// The gateway reports masked numbers; masking again makes sure a
		// full one never travels further.
		Number:   MaskCardNumbers(c.str("number")),
		Holder:   c.str("card_holder"),
		ExpMonth: c.str("card_exp_month"),
		ExpYear:  c.str("card_exp_year"),
		BIN:      c.str("bin"),
		Country:  c.str("country"),
		ISO:      c.str("iso"),
		Type:     c.str("type"),
	}
}
