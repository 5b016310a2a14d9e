package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/sandbox"
)

func TestSandboxCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runSandbox(ctx, []string{"--addr", "127.0.0.1:0", "--merchant-key", "shop", "--secret", "s3cret", "--max-transactions", "1"}, strings.NewReader(""), &out, &errOut)
	}()

	urlLine := regexp.MustCompile(`gateway URL:\s+(http://\S+)`)
	pciLine := regexp.MustCompile(`PCI DSS URL:\s+(http://\S+)`)
	require.Eventually(t, func() bool { return pciLine.MatchString(out.String()) }, 5*time.Second, 10*time.Millisecond, "stdout: %s stderr: %s", out.String(), errOut.String())
	printed := out.String()
	require.Contains(t, printed, "merchant key:  shop")
	require.Contains(t, printed, "secret:        s3cret")
	base := urlLine.FindStringSubmatch(printed)[1]
	pci := pciLine.FindStringSubmatch(printed)[1]
	require.Equal(t, base+"/pci", pci)

	client, err := smartcore.NewClient("shop", "s3cret", smartcore.WithBaseURL(base), smartcore.WithPCIBaseURL(pci))
	require.NoError(t, err)
	res, err := client.Balance(context.Background(), &smartcore.BalanceRequest{Account: "EUR-sandbox-payout"})
	require.NoError(t, err)
	require.Equal(t, int64(1_000_000), res.Balance)

	// --max-transactions 1: the next order evicts the held authorization,
	// which is then reported evicted.
	pay := func(id string) error {
		_, err := client.Authorize(context.Background(), &smartcore.AuthorizeRequest{
			Order:        smartcore.Order{Account: "EUR-sandbox", Amount: 100, Currency: "EUR", OrderID: id, Purpose: "test"},
			Customer:     smartcore.Customer{FirstName: "John", LastName: "Doe", Address: "1 Main St", City: "London", ZipCode: "12345", Country: "GB", Phone: "+442079460612", Email: "john@example.com"},
			Card:         smartcore.Card{Holder: "John Doe", Number: sandbox.CardSuccess, ExpMonth: "02", ExpYear: "30", CVV: "123"},
			MerchantSite: "https://merchant.site",
		})
		return err
	}
	require.NoError(t, pay("held"))
	require.NoError(t, pay("next"))
	_, err = client.Capture(context.Background(), &smartcore.CaptureRequest{OrderID: "held"})
	var apiErr *smartcore.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, sandbox.CodeOrderNotFound, apiErr.Err)
	require.Contains(t, apiErr.Msg, "evicted")

	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code)
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop with its context")
	}
}

func TestSandboxCommandBadFlags(t *testing.T) {
	ctx := context.Background()
	var out, errOut syncBuffer
	require.Equal(t, 2, runSandbox(ctx, []string{"--secret", ""}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"--nope"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"--max-transactions", "0"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"--max-transactions", "-5"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 2, runSandbox(ctx, []string{"extra"}, strings.NewReader(""), &out, &errOut))
	require.Equal(t, 1, runSandbox(ctx, []string{"--addr", "256.1.1.1:bad"}, strings.NewReader(""), &out, &errOut))
}
