package webhooktest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

const secret = "qwerty"

func callbacks() []*smartcore.Callback {
	return []*smartcore.Callback{
		{OrderID: "o-1", Status: smartcore.StatusSuccess, Amount: 1000},
		{OrderID: "o|2 +%&=;", Status: smartcore.StatusFail, Amount: 0, Type: smartcore.TypeRefund,
			ErrorCategory: smartcore.Err3DSCancelProcessing, Message: "Отказ 😀 ～", FinalAmount: 5,
			Extra: []smartcore.Field{{Key: "ключ", Value: "значение"}, {Key: "😀", Value: ""}, {Key: "～", Value: "x"}}},
		{OrderID: "200004", Status: smartcore.StatusSuccess, Amount: 10000, FinalAmount: 10000, Currency: "EUR",
			Type: smartcore.TypeWithdrawal, Message: "null", CascadeErrors: "null", IsTrustedTransaction: "false",
			Extra: []smartcore.Field{{Key: "card_number", Value: "401200******3010"}}},
		// What the document does not rule out: a status outside -1..2, an
		// amount sent as "null" (a tokenization callback), a final amount of 0.
		{OrderID: "tok-1", Status: 7, AmountUnknown: true, Type: "Tokenization", HasFinalAmount: true},
	}
}

func TestBodiesVerifyWithTheHandler(t *testing.T) {
	host := 0
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		host++
		return nil
	}), webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	for _, cb := range callbacks() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhooktest.NewRequest("/cb", secret, cb))
		require.Equal(t, 200, w.Code, cb.OrderID)

		v, err := webhook.NewVerifier(secret)
		require.NoError(t, err)
		got, err := v.Verify([]byte(webhooktest.Body(secret, cb)))
		require.NoError(t, err)
		require.Equal(t, cb.OrderID, got.OrderID)
		require.Equal(t, cb.Amount, got.Amount)
		require.Equal(t, cb.AmountUnknown, got.AmountUnknown)
		require.Equal(t, cb.FinalAmount, got.FinalAmount)
		require.Equal(t, cb.Status, got.Status)
		require.Equal(t, cb.Extra, got.Extra)
	}
	require.Equal(t, len(callbacks()), host)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, webhooktest.NewRequest("/cb", "not-the-secret", callbacks()[0]))
	require.Equal(t, 401, w.Code)
}

func TestBodiesVerifyWithTheDocumentsJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is required under CI to check parity with the document's JavaScript")
		}
		t.Skip("node not found; the parity check with the document's JavaScript needs it")
	}
	var lines []string
	for _, cb := range callbacks() {
		lines = append(lines, webhooktest.Body(secret, cb))
	}
	lines = append(lines, webhooktest.BodyValues(secret, url.Values{"b": {"2"}, "a": {"1|x"}, "A": {""}}))
	// A tampered body must fail in JavaScript too, or the check proves nothing.
	lines = append(lines, strings.Replace(lines[0], "amount=1000", "amount=1001", 1))

	cmd := exec.Command(node, "testdata/verify.js", secret)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	out, err := cmd.Output()
	require.NoError(t, err)
	want := strings.Repeat("ok\n", len(lines)-1) + "bad\n"
	require.Equal(t, want, string(out))
}

func TestPost(t *testing.T) {
	var got *smartcore.Callback
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		got = cb
		return nil
	}), webhook.Options{Secrets: []string{secret}})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	resp, err := webhooktest.Post(context.Background(), srv.Client(), srv.URL, secret, callbacks()[2])
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "200004", got.OrderID)

	resp, err = webhooktest.PostBody(context.Background(), nil, srv.URL, "orderId=1")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

func TestSignFieldsReplacesSign(t *testing.T) {
	fields := webhooktest.SignFields(secret, []smartcore.Field{{Key: "sign", Value: "old"}, {Key: "orderId", Value: "1"}})
	require.Len(t, fields, 2)
	require.Equal(t, "orderId", fields[0].Key)
	require.Equal(t, "sign", fields[1].Key)
	require.Len(t, fields[1].Value, 64)
	require.Panics(t, func() { webhooktest.Body("", callbacks()[0]) })
}
