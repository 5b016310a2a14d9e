package webhook

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gorilla/schema"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/fold"
)

var (
	schemaOnce    sync.Once
	schemaDecoder *schema.Decoder
)

// DecodeParams copies cb's parameters into dst, a pointer to a struct
// whose fields carry `schema:"name"` tags: the way to read parameters the
// document does not list (the gateway's card_holder, a merchant-specific
// field) into the application's own type. It reads [Fields]: the exact
// verified values when Raw is set, otherwise the encoding of the typed
// fields.
//
// gorilla/schema matches names case-insensitively and lets the last of
// several values win, so DecodeParams refuses, with an error wrapping
// [smartcore.ErrInvalidCallback], parameters whose names differ only in case and
// repeated parameters: whatever it decodes is exactly one verified value.
// Unknown names are ignored. Conversion errors name the field, not its
// value.
//
// DecodeParams is reflection-based (gorilla/schema) and costs about ten
// times the typed parse; the Handler never calls it on its own.
func DecodeParams(cb *smartcore.Callback, dst any) error {
	vals := values(cb)
	folded := make(map[string]string, len(vals))
	for k, vs := range vals {
		if len(vs) != 1 {
			return invalid(k, "is repeated")
		}
		f := fold.Case(k)
		if other, dup := folded[f]; dup {
			return invalid(k, "differs from "+other+" only in case")
		}
		folded[f] = k
	}
	schemaOnce.Do(func() {
		schemaDecoder = schema.NewDecoder()
		schemaDecoder.IgnoreUnknownKeys(true)
	})
	if err := schemaDecoder.Decode(dst, vals); err != nil {
		return fmt.Errorf("smartcore: decoding callback: %w", scrubSchemaError(err))
	}
	return nil
}

// scrubSchemaError keeps the names of the fields gorilla/schema could not
// convert and drops its messages, which quote the offending value.
func scrubSchemaError(err error) error {
	if multi, ok := err.(schema.MultiError); ok {
		names := make([]string, 0, len(multi))
		for k := range multi {
			names = append(names, k)
		}
		slices.Sort(names)
		return &smartcore.FieldError{Field: strings.Join(names, ","), Reason: "cannot be converted"}
	}
	return err
}
