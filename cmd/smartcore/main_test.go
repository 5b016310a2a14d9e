package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/webhook"
	"github.com/smartcorekit/smartcore/webhook/webhooktest"
)

// The signature of amount=5, orderId=1, status=-1 under "qwerty", computed
// with the document's getSign in node.
const knownSign = "48a4e7f1770bedbae2f8d28d2669f1a2b7a293f5bb3b995a98b8d7cf2f7e67db"

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSign(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	code, out, _ := runCLI(t, "", "sign", "orderId=1", "status=-1", "amount=5")
	require.Equal(t, 0, code)
	require.Equal(t, knownSign+"\n", out)

	code, out, _ = runCLI(t, "orderId=1&status=-1&amount=5&sign=ignored\n", "sign")
	require.Equal(t, 0, code)
	require.Equal(t, knownSign+"\n", out)

	code, _, errOut := runCLI(t, "", "sign", "--canonical", "orderId=1", "status=-1", "amount=5")
	require.Equal(t, 0, code)
	require.Equal(t, "5|1|-1\n", errOut)

	code, out, _ = runCLI(t, "", "sign", "--secret", "other", "orderId=1", "status=-1", "amount=5")
	require.Equal(t, 0, code)
	require.NotEqual(t, knownSign+"\n", out)

	t.Setenv("SMARTCORE_SECRET", "other")
	_, fromEnv, _ := runCLI(t, "", "sign", "orderId=1", "status=-1", "amount=5")
	require.Equal(t, out, fromEnv)

	code, _, errOut = runCLI(t, "", "sign", "novalue")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "not key=value")
	code, _, _ = runCLI(t, "", "sign", "--secret", "", "a=1")
	require.Equal(t, 2, code)
}

func TestVerify(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	body := webhooktest.Body("qwerty", &smartcore.Callback{OrderID: "1", Status: smartcore.StatusFail, Amount: 5})
	require.True(t, strings.HasSuffix(body, knownSign))
	code, out, _ := runCLI(t, body+"\n", "verify")
	require.Equal(t, 0, code)
	require.Equal(t, "valid\n", out)

	code, out, _ = runCLI(t, strings.Replace(body, "amount=5", "amount=6", 1), "verify")
	require.Equal(t, 1, code)
	require.Equal(t, "invalid: the signature does not match: another secret signed it, or the body was changed\n", out)

	code, out, _ = runCLI(t, body, "verify", "--secret", "other")
	require.Equal(t, 1, code)
	require.Contains(t, out, "invalid")

	code, out, _ = runCLI(t, "orderId=1", "verify")
	require.Equal(t, 1, code)
	require.Contains(t, out, "no sign parameter")
}

func TestTrigger(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	var got []*smartcore.Callback
	var fail bool
	h, err := webhook.New(webhook.CallbackHandlerFunc(func(_ context.Context, cb *smartcore.Callback) error {
		got = append(got, cb)
		if fail {
			return context.DeadlineExceeded
		}
		return nil
	}), webhook.Options{Secrets: []string{"qwerty"}})
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()

	code, out, errOut := runCLI(t, "", "trigger", "--url", srv.URL, "--order-id", "o-1", "--status", "fail", "--amount", "250", "--type", "Refund", "rrn=123")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, "HTTP/1.1 200 OK\n", out)
	require.Len(t, got, 1)
	require.Equal(t, "o-1", got[0].OrderID)
	require.Equal(t, smartcore.StatusFail, got[0].Status)
	require.Equal(t, int64(250), got[0].Amount)
	require.Equal(t, smartcore.TypeRefund, got[0].Type)
	require.Equal(t, "123", got[0].RRN)

	code, _, _ = runCLI(t, "", "trigger", "--url", srv.URL, "--status", "2")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(got[1].OrderID, "test-"))
	require.Equal(t, smartcore.StatusSuccess, got[1].Status)

	fail = true
	code, out, _ = runCLI(t, "", "trigger", "--url", srv.URL)
	require.Equal(t, 1, code)
	require.Equal(t, "HTTP/1.1 500 Internal Server Error\n", out)

	code, out, _ = runCLI(t, "", "trigger", "--url", srv.URL, "--secret", "wrong")
	require.Equal(t, 1, code)
	require.Contains(t, out, "401")

	for _, args := range [][]string{{"trigger"}, {"trigger", "--url", srv.URL, "--status", "done"}, {"trigger", "--url", srv.URL, "bad"}} {
		code, _, _ = runCLI(t, "", args...)
		require.Equal(t, 2, code, args)
	}
}

// syncBuffer is a bytes.Buffer safe to read while listen writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestListen(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"listen", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &stdout, &stderr)
	}()

	addrRE := regexp.MustCompile(`http://[0-9.:]+/webhooks/smartcore`)
	var target string
	require.Eventually(t, func() bool { target = addrRE.FindString(stderr.String()); return target != "" }, 5*time.Second, 10*time.Millisecond)

	cb := &smartcore.Callback{OrderID: "o-9", Status: smartcore.StatusSuccess, Amount: 700, Extra: []smartcore.Field{{Key: "card_number", Value: "4012000000003010"}}}
	resp, err := webhooktest.Post(ctx, nil, target, "qwerty", cb)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	resp, err = webhooktest.Post(ctx, nil, target, "wrong", cb)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	cancel()
	require.Equal(t, 0, <-done)

	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	require.Len(t, lines, 1, "only the verified callback is printed")
	var printed struct {
		OrderID string            `json:"orderId"`
		Status  int               `json:"status"`
		Amount  int64             `json:"amount"`
		Fields  map[string]string `json:"fields"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &printed))
	require.Equal(t, "o-9", printed.OrderID)
	require.Equal(t, 2, printed.Status)
	require.Equal(t, int64(700), printed.Amount)
	require.Equal(t, "401200******3010", printed.Fields["card_number"])
	require.NotContains(t, stdout.String()+stderr.String(), "4012000000003010")
	require.Contains(t, stderr.String(), "rejected request")
}

// TestListenMasksOnlyCardFields: an identifier made of Luhn-valid digits
// prints whole; card numbers are masked where card data is (card_number,
// the gateway's message). The callback also has a status and an amount the
// document does not list, which listen receives like any other.
func TestListenMasksOnlyCardFields(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"listen", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &stdout, &stderr)
	}()
	addrRE := regexp.MustCompile(`http://[0-9.:]+/webhooks/smartcore`)
	var target string
	require.Eventually(t, func() bool { target = addrRE.FindString(stderr.String()); return target != "" }, 5*time.Second, 10*time.Millisecond)

	const luhnID = "4012000000003010" // passes Luhn: an orderId, not a card
	const pan = "4012001037141112"    // passes Luhn
	const rrn = "4111111111111111"    // passes Luhn too
	cb := &smartcore.Callback{OrderID: luhnID, Status: 3, AmountUnknown: true, RRN: rrn,
		Message: "card " + pan + " declined",
		Extra: []smartcore.Field{{Key: "card_number", Value: pan}, {Key: "card_holder", Value: "N/A"},
			{Key: "customer_card_number", Value: pan}, {Key: "card_cvv", Value: "123"}, {Key: "x_ref", Value: luhnID},
			{Key: "card.number", Value: "4012 0000 0000 3010"}, {Key: "x_card_no", Value: "4012-0000-0000-3010"},
			{Key: "card_pan", Value: "401200000000301"}, {Key: "card_exp_month", Value: "02"}}}
	resp, err := webhooktest.Post(ctx, nil, target, "qwerty", cb)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	cancel()
	require.Equal(t, 0, <-done)

	var printed struct {
		OrderID       string            `json:"orderId"`
		Status        int               `json:"status"`
		AmountUnknown bool              `json:"amountUnknown"`
		RRN           string            `json:"rrn"`
		Message       string            `json:"message"`
		Fields        map[string]string `json:"fields"`
	}
	require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(stdout.String())), &printed), stdout.String())
	require.Equal(t, luhnID, printed.OrderID)
	require.Equal(t, luhnID, printed.Fields["orderId"], "an orderId of Luhn-valid digits prints whole")
	require.Equal(t, luhnID, printed.Fields["x_ref"])
	require.Equal(t, rrn, printed.RRN)
	require.Equal(t, rrn, printed.Fields["rrn"])
	require.Equal(t, 3, printed.Status)
	require.Equal(t, "3", printed.Fields["status"])
	require.True(t, printed.AmountUnknown)
	require.Equal(t, "null", printed.Fields["amount"])
	require.Equal(t, "401200******1112", printed.Fields["card_number"])
	require.Equal(t, "401200******1112", printed.Fields["customer_card_number"])
	require.Equal(t, "[redacted]", printed.Fields["card_cvv"])
	require.Equal(t, "**** **** **** 3010", printed.Fields["card.number"], "grouped digits are a card number too")
	require.Equal(t, "****-****-****-3010", printed.Fields["x_card_no"])
	require.Equal(t, "***********0301", printed.Fields["card_pan"], "masked by its name, Luhn or not")
	require.Equal(t, "02", printed.Fields["card_exp_month"])
	require.Equal(t, "N/A", printed.Fields["card_holder"])
	require.Equal(t, "card 401200******1112 declined", printed.Fields["message"])
	require.Equal(t, "card 401200******1112 declined", printed.Message)
	require.NotContains(t, stdout.String(), pan)
	require.NotContains(t, stdout.String(), `"123"`)
}

func TestUsage(t *testing.T) {
	code, _, errOut := runCLI(t, "")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "usage")
	code, _, _ = runCLI(t, "", "nope")
	require.Equal(t, 2, code)
	code, out, _ := runCLI(t, "", "help")
	require.Equal(t, 0, code)
	require.Contains(t, out, "trigger")
}

func TestHelpNeverPrintsTheSecretFromTheEnvironment(t *testing.T) {
	t.Setenv("SMARTCORE_SECRET", "sup3r-s3cret")
	for _, args := range [][]string{
		{"sign", "-h"}, {"verify", "--bogus"}, {"trigger", "-h"}, {"listen", "-h"}, {"sandbox", "-h"},
	} {
		_, out, errOut := runCLI(t, "", args...)
		require.NotContains(t, out+errOut, "sup3r-s3cret", args)
		require.Contains(t, errOut, "$SMARTCORE_SECRET", args)
	}
	// The environment's secret is still the one used.
	_, fromEnv, _ := runCLI(t, "", "sign", "a=1")
	_, explicit, _ := runCLI(t, "", "sign", "--secret", "sup3r-s3cret", "a=1")
	require.Equal(t, explicit, fromEnv)
}
