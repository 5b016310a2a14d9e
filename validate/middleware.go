package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/smartcorekit/smartcore/internal/fold"
)

// DefaultMaxBytes is the body limit [JSON] applies when Options.MaxBytes is
// zero or negative: 1 MiB, far above any request type's size.
const DefaultMaxBytes int64 = 1 << 20

// Options configures [JSON]. The zero value is ready to use.
type Options struct {
	// MaxBytes caps the request body; a larger body is answered 413.
	// Zero or negative means DefaultMaxBytes (1 MiB).
	MaxBytes int64
	// DisallowUnknownFields answers 400 to a body with a JSON member the
	// request type does not declare, in nested structs too (names match
	// case-insensitively, as encoding/json matches them): it is
	// json.Decoder.DisallowUnknownFields. Default false: unknown members
	// are ignored, as encoding/json does.
	DisallowUnknownFields bool
	// Strict validates with [Strict] instead of [Struct]: the full formats
	// (phone shape, card number checksum, ISO country codes...) on top of
	// what the API document states. Default false.
	Strict bool
	// ErrorHandler writes the response for a rejected request; err is an
	// *HTTPError (errors.As it, and for a 422 errors.As its Err into
	// Errors). Nil means the default: the status and a JSON body
	// {"error": "..."} plus, for 422, "fields": [{"field", "rule",
	// "message"}]. Either way the next handler is not called.
	ErrorHandler func(w http.ResponseWriter, r *http.Request, err error)
}

// Causes of the middleware's rejections, found wrapped in an *HTTPError
// (test with errors.Is). Their texts are the default error bodies.
var (
	// ErrUnsupportedMediaType is the cause of a 415: the Content-Type is
	// not application/json.
	ErrUnsupportedMediaType = errors.New("content type must be application/json")
	// ErrBodyTooLarge is the cause of a 413: the body exceeds
	// Options.MaxBytes.
	ErrBodyTooLarge = errors.New("request body too large")
	// ErrMalformedJSON is the cause of a 400: the body is not one JSON
	// object that decodes into the request type.
	ErrMalformedJSON = errors.New("malformed JSON body")
	// ErrUnknownField is the cause of a 400 when Options.DisallowUnknownFields
	// is set and the body has a member the type does not declare.
	ErrUnknownField = errors.New("request body has an unknown field")
	// ErrRepeatedMember is the cause of a 400: an object in the body names
	// a member twice, or two that differ only in case. encoding/json would
	// decode the last of them, matching struct fields regardless of case,
	// while the next handler may read the body's first one: what was
	// validated would not be what is handed on. The rule holds in every
	// object, so a map's keys that differ only in case are refused too.
	ErrRepeatedMember = errors.New("request body repeats a member")
	// ErrReadBody is the cause of a 400 when the body could not be read
	// (typically, the client went away).
	ErrReadBody = errors.New("could not read request body")
)

// HTTPError is why [JSON] rejected a request: the status it answers with
// and the cause, one of the Err* values above or, for 422, [Errors]. Its
// Error text never contains submitted values.
type HTTPError struct {
	Status int   // the HTTP status answered: 400, 413, 415, 422 or 500
	Err    error // the cause: an Err* value, [Errors] for a 422, or why T's tags could not apply for a 500
}

// Error returns the cause's text ("validation failed" and the field
// messages for a 422).
func (e *HTTPError) Error() string {
	if fe, ok := e.Err.(Errors); ok {
		return "validation failed: " + strings.ReplaceAll(fe.Error(), "\n", "; ")
	}
	return e.Err.Error()
}

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *HTTPError) Unwrap() error { return e.Err }

// ctxKey is unexported and generic so that neither other packages nor two
// routes with different request types can collide in the context.
type ctxKey[T any] struct{}

// FromContext returns the request [JSON] decoded and validated, and true;
// or nil and false when ctx holds no *T (the middleware was not on the
// route, or for another type).
func FromContext[T any](ctx context.Context) (*T, bool) {
	v, ok := ctx.Value(ctxKey[T]{}).(*T)
	return v, ok && v != nil
}

// JSON returns middleware for a route that accepts one JSON request of
// type T, a struct. It answers without calling the next handler:
//   - 415 when Content-Type is not application/json (parameters are
//     allowed, but a charset other than UTF-8 is not);
//   - 413 when the body exceeds opts.MaxBytes;
//   - 400 when the body is not a single JSON object that decodes into T
//     (syntax errors, trailing data, wrong types) or, if asked, has
//     unknown members; a JSON number for a string field of T, at any
//     depth, is not a wrong type: it decodes as its literal text, the
//     document's String being a string or a number (a boolean, an object
//     or an array for it is);
//   - 422 when the decoded T fails [Struct] ([Strict] if opts.Strict);
//   - 500 when T's own tags cannot be applied to its fields (a bug in T,
//     reported to the client without details).
//
// Otherwise the next handler runs with the *T in the request context (see
// [FromContext]) and r.Body replaced by a fresh reader over the same bytes.
// T is decoded with encoding/json, so its UnmarshalJSON method, if any,
// applies (and then decides for itself which members it accepts: the
// smartcore request types have none; only their single-value members of
// type [smartcore.Text] and [smartcore.CentsText] do). JSON panics, when called, if T is not a struct type.
func JSON[T any](opts Options) func(http.Handler) http.Handler {
	if t := reflect.TypeFor[T](); t.Kind() != reflect.Struct {
		panic("validate.JSON: type parameter " + t.String() + " is not a struct")
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	onError := opts.ErrorHandler
	if onError == nil {
		onError = writeError
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			v, body, err := decode[T](w, r, opts)
			if err != nil {
				onError(w, r, err)
				return
			}
			r2 := r.WithContext(context.WithValue(r.Context(), ctxKey[T]{}, v))
			r2.Body = io.NopCloser(bytes.NewReader(body))
			r2.ContentLength = int64(len(body))
			next.ServeHTTP(w, r2)
		})
	}
}

// decode reads, decodes and validates the body; it returns the body too,
// for the next handler.
func decode[T any](w http.ResponseWriter, r *http.Request, opts Options) (*T, []byte, error) {
	if !isJSONContentType(r.Header.Get("Content-Type")) {
		return nil, nil, &HTTPError{http.StatusUnsupportedMediaType, ErrUnsupportedMediaType}
	}
	if r.ContentLength > opts.MaxBytes {
		return nil, nil, &HTTPError{http.StatusRequestEntityTooLarge, ErrBodyTooLarge}
	}
	if r.Body == nil {
		return nil, nil, &HTTPError{http.StatusBadRequest, ErrMalformedJSON}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, opts.MaxBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, nil, &HTTPError{http.StatusRequestEntityTooLarge, ErrBodyTooLarge}
		}
		return nil, nil, &HTTPError{http.StatusBadRequest, ErrReadBody}
	}
	v, err := decodeBody[T](body, opts.DisallowUnknownFields)
	if err != nil {
		return nil, nil, err
	}
	check := Struct
	if opts.Strict {
		check = Strict
	}
	if err := check(v); err != nil {
		var fe Errors
		if errors.As(err, &fe) {
			return nil, nil, &HTTPError{http.StatusUnprocessableEntity, fe}
		}
		// Tags that cannot apply to T: the host's bug, not the client's.
		return nil, nil, &HTTPError{http.StatusInternalServerError, err}
	}
	return v, body, nil
}

// decodeBody decodes one JSON object into a new T. The body must be an
// object (encoding/json would accept null for a struct) and nothing may
// follow it but white space. A JSON number for a string of T decodes as
// its text (see numbersAsText). With strict, a member T does not declare is
// refused by json.Decoder.DisallowUnknownFields; a body that fails only
// that way is an unknown field, any other failure is malformed JSON.
func decodeBody[T any](body []byte, strict bool) (*T, error) {
	bad := &HTTPError{http.StatusBadRequest, ErrMalformedJSON}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, bad
	}
	repeated, err := repeatedMember(body)
	if err != nil {
		return nil, bad
	}
	if repeated {
		return nil, &HTTPError{http.StatusBadRequest, ErrRepeatedMember}
	}
	v := new(T)
	err = unmarshal(body, v, strict)
	if err != nil {
		// Only a body encoding/json refuses can hold a number for a
		// string member, which the document's String takes: quote those
		// numbers and decode once more.
		if quoted := numbersAsText(body, reflect.TypeFor[T]()); len(quoted) != len(body) {
			body, v = quoted, new(T)
			err = unmarshal(body, v, strict)
		}
	}
	if err != nil && strict && unmarshal(body, new(T), false) == nil {
		return nil, &HTTPError{http.StatusBadRequest, ErrUnknownField}
	}
	if err != nil {
		return nil, bad
	}
	return v, nil
}

// unmarshal is json.Unmarshal (one value, nothing but white space after
// it) with the decoder's DisallowUnknownFields when strict.
func unmarshal(body []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// isJSONContentType accepts "application/json" in any case, with any
// parameters, except a charset other than UTF-8 (RFC 8259 allows no other).
func isJSONContentType(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8") || strings.EqualFold(cs, "utf8")
}

// errorBody is the default error response; Fields only for 422.
type errorBody struct {
	Error  string       `json:"error"`
	Fields []fieldError `json:"fields,omitempty"`
}

type fieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// writeError is the default Options.ErrorHandler. It writes only fixed
// texts and the sentences of FieldError, which hold no submitted values.
func writeError(w http.ResponseWriter, _ *http.Request, err error) {
	status, body := http.StatusInternalServerError, errorBody{Error: "internal error"}
	var he *HTTPError
	if errors.As(err, &he) {
		status = he.Status
		body.Error = he.Err.Error()
		var fe Errors
		if errors.As(he.Err, &fe) {
			body.Error = "validation failed"
			body.Fields = make([]fieldError, len(fe))
			for i, f := range fe {
				body.Fields[i] = fieldError{f.Field, f.Rule, f.Error()}
			}
		} else if status == http.StatusInternalServerError {
			body.Error = "internal error"
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// repeatedMember reports whether an object in body names two members that
// strings.EqualFold holds equal (the same name twice included):
// encoding/json matches struct fields regardless of case, at every depth,
// and keeps the last, so the value validated and the body handed on could
// differ. An object that decodes into a map is held to the same rule, as
// the walk does not follow T's types. It returns an error for a body it
// cannot read, which the decoding refuses too, and stops after the first
// value, leaving trailing data to the decoding. Each name costs one map
// lookup, so a body of many members stays linear.
func repeatedMember(body []byte) (bool, error) {
	type level struct {
		object  bool
		wantKey bool                // the next string token is a member name
		names   map[string]struct{} // the object's member names so far, folded
	}
	var stack []level
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // a number out of float64's range is not an error here
	for {
		tok, err := dec.Token()
		if err != nil {
			return false, err
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				stack = append(stack, level{object: t == '{', wantKey: t == '{'})
				continue
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return false, nil
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].wantKey {
				l := &stack[n-1]
				name := fold.Case(t)
				if _, dup := l.names[name]; dup {
					return true, nil
				}
				if l.names == nil {
					l.names = make(map[string]struct{})
				}
				l.names[name], l.wantKey = struct{}{}, false
				continue
			}
		}
		// A value ended: in an object, a member name comes next.
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
}
