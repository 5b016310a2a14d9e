package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore"
	"github.com/smartcorekit/smartcore/internal/demoshop/shop/shoptest"
	"github.com/smartcorekit/smartcore/sandbox"
)

// TestBrowserDashboardResend opens the sandbox's dashboard in a real
// headless Chromium, at a phone's width (390 px) and a desktop's (1280 px),
// with a paid, a declined and two waiting payments: it opens the paid
// one, clicks "Resend callback" and waits for the new attempt's row, which
// the shop's webhook answered. On every page it checks that nothing is
// wider than the screen and writes a screenshot, <width>-dashboard*.png,
// into the screenshots folder (see envScreenshots).
func TestBrowserDashboardResend(t *testing.T) {
	exe := findBrowser(t)
	dir := screenshotDir(t)
	t.Logf("screenshots in %s", dir)
	for _, width := range []int64{390, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ts := newTestShop(t)
			paid := dashboardOrders(t, ts)
			ctx := newChromium(t, exe)
			shot := func(name string) {
				t.Helper()
				scroll, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
				require.NoError(t, err, name)
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				require.NoError(t, err, "screenshot %s", name)
				require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d-%s.png", width, name)), png, 0o644))
				require.LessOrEqual(t, scroll, width, "%s scrolls sideways at %d px", name, width)
			}

			require.NoError(t, chromedp.Do(ctx,
				chromedp.EmulateViewport(width, 844),
				chromedp.Navigate(ts.SandboxURL+"/"),
				chromedp.WaitVisible(chromedp.CSS("table#transactions")),
			), "the dashboard")
			rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table#transactions tbody tr').length`))
			require.NoError(t, err)
			require.Equal(t, 4, rows)
			shot("dashboard")

			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`#tx-`+paid+` a.order`)),
				chromedp.WaitVisible(chromedp.CSS("table#attempts")),
			), "the paid payment's page")
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`tr#attempt-1[data-http="200"]`))))
			attempts, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table#attempts tbody tr').length`))
			require.NoError(t, err)
			require.Equal(t, 1, attempts)
			shot("dashboard-transaction")

			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("button#action-resend")),
				chromedp.WaitVisible(chromedp.CSS(`tr#attempt-2[data-http="200"]`)),
				chromedp.WaitVisible(chromedp.CSS("#done")),
			), "resending the callback")
			kind, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`tr#attempt-2 td.c-kind`)))
			require.NoError(t, err)
			require.Equal(t, "Resent", strings.TrimSpace(kind))
			shot("dashboard-resent")

			// A challenge waiting for 3-D Secure, approved from its page.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("a#back")),
				chromedp.WaitVisible(chromedp.CSS("table#transactions")),
				chromedp.Click(chromedp.CSS(`tr[data-status="waiting"] a.order`)),
				chromedp.WaitVisible(chromedp.CSS("#actions")),
			), "a waiting payment's page")
			shot("dashboard-waiting")
		})
	}
}

// dashboardOrders makes the transactions the dashboard shows: a form
// payment paid through the shop (whose processing id it returns), one
// declined, one left on the card form and a host-to-host challenge left
// waiting for 3-D Secure.
func dashboardOrders(t *testing.T, ts *testShop) (paid string) {
	t.Helper()
	ts.EnterCard(t, ts.StartPayment(t), sandbox.CardSuccess)
	ts.Flush(t)
	for _, tx := range ts.sb.Transactions() {
		if tx.Status == smartcore.StatusSuccess {
			paid = tx.ProcessingID
		}
	}
	require.NotEmpty(t, paid)
	ts.EnterCard(t, ts.StartPayment(t), sandbox.CardInsufficientFunds)
	ts.StartPayment(t)
	_, err := ts.sb.Client.PayCard(context.Background(), &smartcore.CardPaymentRequest{
		Order:        smartcore.Order{Account: "EUR-shop", Amount: 4999, Currency: "EUR", OrderID: "h2h-challenge-1", Purpose: "Headphones"},
		MerchantSite: ts.URL,
		Customer: smartcore.Customer{FirstName: "Ada", LastName: "Lovelace", Address: "12 St James's Square",
			City: "London", ZipCode: "SW1Y 4JH", Country: "GB", Phone: "+442079460000", Email: "ada@example.com"},
		IPAddress: "127.0.0.1",
		Card:      smartcore.Card{Holder: "Ada Lovelace", Number: sandbox.CardChallenge, ExpMonth: "12", ExpYear: shoptest.FutureYear(), CVV: "123"},
	})
	require.NoError(t, err)
	ts.Flush(t)
	return paid
}
