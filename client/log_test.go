package client_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/client"
)

const (
	logTestPAN       = "4012000000003010"
	logTestPayoutPAN = "4123540003981114"
	logTestCVV       = "123"
	sandboxAuthToken = "dGVzdDpxd2VydHk="
)

// requireNoSecrets fails when out holds a full card number, the CVV as a
// standalone number, a DPAN, the secret or the Authorization value.
func requireNoSecrets(t *testing.T, out string) {
	t.Helper()
	for _, s := range []string{logTestPAN, logTestPayoutPAN, curlApplePayDPan, curlGooglePayDPan, smartcore.SandboxSecret, sandboxAuthToken} {
		require.NotContains(t, out, s)
	}
	require.NotRegexp(t, regexp.MustCompile(`(^|[^0-9])`+logTestCVV+`([^0-9]|$)`), out)
}

// newJSONTestLogger logs to buf at debug level without the time, whose digits
// could contain the CVV by chance.
func newJSONTestLogger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{Key: a.Key, Value: slog.StringValue("-")}
			}
			return a
		},
	}))
}

func TestClientHidesSecret(t *testing.T) {
	c, err := client.New(smartcore.SandboxMerchantKey, smartcore.SandboxSecret)
	require.NoError(t, err)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
		for _, v := range []any{c, *c} {
			out := fmt.Sprintf(verb, v)
			requireNoSecrets(t, out)
			require.Contains(t, out, `merchantKey: "test"`)
		}
	}
	require.Equal(t, c.String(), c.GoString())
	var buf bytes.Buffer
	newJSONTestLogger(&buf).Info("client", "client", c)
	requireNoSecrets(t, buf.String())
	require.Contains(t, buf.String(), `"merchant_key":"test"`)
}

// TestErrorsNeverCarrySecrets makes the gateway echo the Authorization
// header and the card data back in its error, then formats every error the
// client returns.
func TestErrorsNeverCarrySecrets(t *testing.T) {
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			var req map[string]any
			_ = json.Unmarshal(body, &req)
			answer, _ := json.Marshal(map[string]any{
				"err": fmt.Sprintf("bad card %v exp %v/%v cvv %v dpan %v", req["card_number"], req["card_exp_month"], req["card_exp_year"], req["card_cvv"], req["apple_pay_dpan"]),
				"msg": "auth " + r.Header.Get("Authorization") + " secret " + smartcore.SandboxSecret + " payout " + fmt.Sprint(req["customer_card_number"]),
			})
			w.WriteHeader(status)
			_, _ = w.Write(answer)
		}
	}
	var errs []error
	for _, status := range []int{200, 400, 500} {
		pci := newFakeHost(t, echo(status))
		c := newTestClient(t, newFakeHost(t, nil), pci)
		_, err := c.PayCard(t.Context(), curlCardRequest())
		errs = append(errs, err)
		_, err = c.PayApplePay(t.Context(), &smartcore.ApplePayPaymentRequest{
			Order: curlOrder("ap-1"), MerchantSite: "https://merchant.site", Customer: curlCustomer(), IPAddress: "127.0.0.1",
			DPan: curlApplePayDPan, Network: "Visa",
		})
		errs = append(errs, err)
		_, err = c.WithdrawCard(t.Context(), &smartcore.CardWithdrawalRequest{Payout: curlPayout(), CardNumber: logTestPayoutPAN})
		errs = append(errs, err)
	}
	_, _, err := payCardVia(t, closeConnAfter(""))
	errs = append(errs, err)
	bad := curlCardRequest()
	bad.CVV = "12a"
	bad.Number = "4012 0000 0000 3010"
	c := newTestClient(t, newFakeHost(t, nil), newFakeHost(t, nil))
	_, err = c.PayCard(t.Context(), bad)
	errs = append(errs, err)

	for _, err := range errs {
		require.Error(t, err)
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out := fmt.Sprintf(verb, err)
			requireNoSecrets(t, out)
			require.NotContains(t, out, "4012 0000 0000 3010")
		}
	}
	var apiErr *client.APIError
	require.ErrorAs(t, errs[0], &apiErr)
	require.Equal(t, "bad card 401200******3010 exp 02/25 cvv [redacted] dpan <nil>", apiErr.Err)
	require.Equal(t, "auth [redacted] secret [redacted] payout <nil>", apiErr.Msg)
}

func TestRequestLogging(t *testing.T) {
	var buf bytes.Buffer
	gw := newFakeHost(t, answerInTurn(answerJSON(503, ``), answerJSON(200, `{"status": 1}`)))
	pci := newFakeHost(t, answerInTurn(answerJSON(200, `{"status": 1}`), answerJSON(400, `{"err": "no"}`)))
	c := newTestClient(t, gw, pci, client.WithLogger(newJSONTestLogger(&buf)))
	_, err := c.Check(t.Context(), &smartcore.CheckRequest{OrderID: "x"})
	require.NoError(t, err)
	_, err = c.PayCard(t.Context(), curlCardRequest())
	require.NoError(t, err)
	_, err = c.PayCard(t.Context(), curlCardRequest())
	require.Error(t, err)

	out := buf.String()
	requireNoSecrets(t, out)
	require.NotContains(t, out, "Authorization")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4, out)
	var first, last map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.NoError(t, json.Unmarshal([]byte(lines[3]), &last))
	require.Equal(t, map[string]any{
		"time": "-", "level": "DEBUG", "msg": "smartcore request", "method": "POST", "host": "gateway",
		"path": "/check", "status": float64(503), "attempt": float64(1), "duration": "-",
	}, first)
	require.Equal(t, "/initPaymentHost2Host", last["path"])
	require.Equal(t, "pci", last["host"])
	require.Equal(t, float64(400), last["status"])
}
