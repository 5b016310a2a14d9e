package sandbox

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/form"
	"github.com/smartcorekit/smartcore/signing"
)

// goldenTxn is a transaction whose callback exercises every encoding path:
// a phone field, an error code with its JSON cascade, "null" and "N/A"
// defaults, and values that need escaping.
func goldenTxn() *txn {
	return &txn{Transaction: Transaction{
		OrderID: "gold/1 & 2", Type: smartcore.TypeWithdrawal, Method: MethodPhone,
		Status: smartcore.StatusFail, Amount: 1999, Currency: "EUR",
		ErrorCode: smartcore.ErrDoNotHonourProcessing,
		Card:      &smartcore.CardInfo{Holder: "Zoë O'Neil+Jr", Number: "401200******3010"},
		FirstName: "Zoë", Phone: "+44 20 7946 0612", CallbackURL: "http://127.0.0.1/cb",
	}}
}

// goldenBody is goldenTxn's callback, signed with the default secret. Its
// signature was computed by package signing when the sandbox still used it:
// the sandbox's own getSign must reproduce it byte for byte.
const goldenBody = "orderId=gold%2F1+%26+2&status=-1&type=Withdrawal&message=Rejection+by+anti+fraud+system&errorCategory=DO_NOT_HONOUR_PROCESSING_ERROR&cascadeErrors=%5B%7B%22gatePriority%22%3A0%2C%22errorCategory%22%3A%22DO_NOT_HONOUR_PROCESSING_ERROR%22%7D%5D&isTrustedTransaction=false&amount=1999&finalAmount=0&currency=EUR&authorize_status=null&eci=null&firstName=Zo%C3%AB&lastName=null&rrn=null&card_holder=Zo%C3%AB+O%27Neil%2BJr&card_number=401200%2A%2A%2A%2A%2A%2A3010&card_exp_month=N%2FA&card_exp_year=N%2FA&paymentPhoneNumber=%2B44+20+7946+0612&paymentPhoneOperator=null&sign=7cd94602020e8c24454faa2d8ea67b41befd2943f3f71586c6581d805d9a25d9"

// The callback body's bytes are pinned, and the kit's signing package
// accepts the sandbox's signature (and rejects a tampered one).
func TestCallbackBodyGolden(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	t.Cleanup(func() { _ = s.Close() })
	cb := s.buildCallback(goldenTxn())
	require.Equal(t, goldenBody, cb.body)

	signer, err := signing.New(smartcore.SandboxSecret)
	require.NoError(t, err)
	fields, err := form.Parse(cb.body, nil)
	require.NoError(t, err)
	require.NoError(t, signer.VerifyFields(fields))
	bad := cb.tampered()
	require.NotEqual(t, cb.body, bad)
	require.Equal(t, cb.body[:len(cb.body)-1], bad[:len(bad)-1], "only the signature's last digit changes")
	badFields, err := form.Parse(bad, nil)
	require.NoError(t, err)
	require.Error(t, signer.VerifyFields(badFields))
}
