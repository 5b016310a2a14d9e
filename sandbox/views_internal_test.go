package sandbox

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox/internal/layout"
)

// The pages switch on the values of the core's constants, which package
// layout restates: they must agree.
func TestLayoutConstantsAgree(t *testing.T) {
	t.Parallel()
	for core, page := range map[string]string{
		string(StageNone): layout.StageNone, string(StageForm): layout.StageForm, string(Stage3DS): layout.Stage3DS,
		string(StageTokenize): layout.StageTokenize, string(StageRedirect): layout.StageRedirect, string(StagePending): layout.StagePending,
		AuthorizeAuthorized: layout.AuthorizeAuthorized, AuthorizeCaptured: layout.AuthorizeCaptured, AuthorizeCancelled: layout.AuthorizeCancelled,
		string(TypeTokenize): string(layout.TypeTokenize),
	} {
		require.Equal(t, core, page)
	}
	for core, page := range map[Method]string{
		MethodForm: layout.MethodForm, MethodCard: layout.MethodCard, MethodApplePay: layout.MethodApplePay,
		MethodGooglePay: layout.MethodGooglePay, MethodAuthorize: layout.MethodAuthorize, MethodRecurrent: layout.MethodRecurrent,
		MethodRefund: layout.MethodRefund, MethodTokenize: layout.MethodTokenize, MethodPayout: layout.MethodPayout,
		MethodPhone: layout.MethodPhone, MethodToken: layout.MethodToken,
	} {
		require.Equal(t, string(core), page)
	}
}

// view copies every field the pages read: each field of layout.Txn has a
// field of the same name in Transaction, set to a non-zero value here,
// and none comes out zero.
func TestViewCopiesEveryField(t *testing.T) {
	t.Parallel()
	var tx Transaction
	v := reflect.ValueOf(&tx).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Int, reflect.Int64:
			f.SetInt(7)
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Pointer:
			f.Set(reflect.ValueOf(&smartcore.CardInfo{Number: "4"}))
		case reflect.Struct:
			f.Set(reflect.ValueOf(time.Unix(1, 0)))
		}
	}
	out := reflect.ValueOf(tx.view())
	for i := range out.NumField() {
		name := out.Type().Field(i).Name
		if name == "Cancelled" {
			continue // the journal's, filled by gateway.dashView
		}
		require.True(t, v.FieldByName(name).IsValid(), "Transaction has no field %s", name)
		require.False(t, out.Field(i).IsZero(), "view leaves %s zero", name)
	}
}
