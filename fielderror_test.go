package smartcore_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/validate"
)

// TestOneFieldError: a decoding failure of the kit and a validation failure
// are the same type, read the same way, and never carry the value.
func TestOneFieldError(t *testing.T) {
	_, err := smartcore.ParseStatus("4111111111111111")
	var fe *validate.FieldError
	require.True(t, errors.As(err, &fe), "ParseStatus's error is a *validate.FieldError")
	require.Equal(t, "status", fe.Field)
	require.Equal(t, "status is not a known status", err.Error())
	require.NotContains(t, err.Error(), "4111")

	var check smartcore.CheckResponse
	require.NoError(t, json.Unmarshal([]byte(`{"status": 2, "amount": "ten"}`), &check))
	require.Equal(t, []validate.FieldError{{Field: "amount", Reason: "is not an integer"}}, check.Undecoded)
	require.Equal(t, "amount is not an integer", check.Undecoded[0].Error())

	verr := validate.Var("not-an-email", "email")
	var errs validate.Errors
	require.True(t, errors.As(verr, &errs))
	require.Equal(t, "value must be an email address", errs[0].Error())
	require.Equal(t, "must be an email address", errs[0].Reason)
}
