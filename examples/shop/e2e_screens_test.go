package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/internal/demoshop/shop/shoptest"
	"github.com/smartcorekit/smartcore/sandbox"
)

// envScreenshots names the folder the browser test writes its screenshots
// to. Unset, they go to smartcore-screenshots in the system's temporary
// directory; either way the test logs where.
const envScreenshots = "SMARTCORE_SCREENSHOTS"

// screenshotDir returns the folder for this run's screenshots, creating it.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(envScreenshots)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "smartcore-screenshots")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// TestBrowserPagesAtEveryWidth walks a shopper through the shop and the
// sandbox's hosted pages at a phone's width (390 px) and a desktop's (1280
// px), and on every page checks that nothing is wider than the screen and
// writes a full-page screenshot, named <width>-<page>.png, for people to
// look at: the payment form, a refused field, 3-D Secure, a declined
// payment (the shop's page and the sandbox's), and the orders page.
func TestBrowserPagesAtEveryWidth(t *testing.T) {
	exe := findBrowser(t)
	dir := screenshotDir(t)
	t.Logf("screenshots in %s", dir)
	for _, width := range []int64{390, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ts := newTestShop(t)
			ctx := newChromium(t, exe)
			shot := func(name string) {
				t.Helper()
				scroll, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
				require.NoError(t, err, name)
				png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
				require.NoError(t, err, "screenshot %s", name)
				require.LessOrEqual(t, scroll, width, "%s scrolls sideways at %d px", name, width)
				require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d-%s.png", width, name)), png, 0o644))
			}
			text := func(sel string) string {
				t.Helper()
				s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
				require.NoError(t, err, sel)
				return strings.TrimSpace(s)
			}

			require.NoError(t, chromedp.Do(ctx,
				chromedp.EmulateViewport(width, 844),
				chromedp.Navigate(ts.URL+"/"),
				chromedp.WaitVisible(chromedp.CSS("button#pay-button")),
			))
			shot("shop")
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("button#pay-button")),
				chromedp.WaitVisible(chromedp.CSS("form#card-form")),
			))
			require.Equal(t, "TEST MODE", text("#test-badge"))
			shot("pay")

			// The number is grouped and its brand named as it is typed; an
			// expiry in the past comes back with a message next to the field.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.CSS("input#card_number"), sandbox.CardChallenge),
				chromedp.SendKeys(chromedp.CSS("input#card_exp"), "0120"),
				chromedp.SendKeys(chromedp.CSS("input#card_cvv"), "123"),
				chromedp.SendKeys(chromedp.CSS("input#card_holder"), "Ada Lovelace"),
			))
			number, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("input#card_number")))
			require.NoError(t, err)
			require.Equal(t, "4003 8301 7187 4018", number)
			require.Equal(t, "Visa", text("#card-brand"))
			shot("pay-filled")
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("button#pay")),
				chromedp.WaitVisible(chromedp.CSS("#card_exp-error")),
			))
			require.Equal(t, "This card expired in 01/20. Check the date, or use a card that has not expired.", text("#card_exp-error"))
			require.NotContains(t, text("body"), "card_exp")
			require.Equal(t, demoshop.ShopName, text("#merchant-name"), "the pages name the shop")
			refusedURL, err := chromedp.Run(ctx, chromedp.Location())
			require.NoError(t, err)
			require.Contains(t, refusedURL, "?e=", "a refused form is shown by a GET after a redirect")
			shot("field-error")

			// Correcting the field clears its message.
			require.NoError(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("input#card_exp"), "1")))
			hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById('card_exp-error').hidden && !document.getElementById('card_exp').hasAttribute('aria-invalid')`))
			require.NoError(t, err)
			require.True(t, hidden, "the message clears as the field is corrected")

			// Corrected, the challenge card leads to 3-D Secure.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.CSS("input#card_number"), sandbox.CardChallenge),
				chromedp.SetValue(chromedp.CSS("input#card_exp"), ""),
				chromedp.SendKeys(chromedp.CSS("input#card_exp"), "12"+shoptest.FutureYear()),
				chromedp.SendKeys(chromedp.CSS("input#card_cvv"), "123"),
				chromedp.Click(chromedp.CSS("button#pay")),
				chromedp.WaitVisible(chromedp.CSS("button#approve")),
			))
			shot("3ds")

			// Declined, the shopper is back at the shop, which says so and
			// offers another card.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS("button#decline")),
				chromedp.WaitVisible(chromedp.CSS(`#order-status[data-status="failed"]`)),
				chromedp.WaitVisible(chromedp.CSS("#try-again")),
			))
			shot("declined")

			// The back button never shows a filled card form or an answered
			// challenge: the pages are no-store, reload themselves when the
			// back-forward cache restores them, and now answer with the
			// payment's status.
			// (history.back(), not chromedp.NavigateBack, which waits for the
			// entry's own URL to load and so hangs on a redirect.)
			_, err = chromedp.Run(ctx, chromedp.Evaluate[any](`history.back()`))
			require.NoError(t, err)
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#result-status"))))
			cardInputs, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[name=card_number]').length`))
			require.NoError(t, err)
			require.Zero(t, cardInputs)
			require.Contains(t, text("#result-reason"), "could not confirm")
			shot("sandbox-declined")

			require.NoError(t, chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/orders"),
				chromedp.WaitVisible(chromedp.CSS("table#orders")),
			))
			shot("orders")

			// Cancel on the form returns to the shop as a cancel.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/"),
				chromedp.Click(chromedp.CSS("button#pay-button")),
				chromedp.WaitVisible(chromedp.CSS("button#cancel-payment")),
				chromedp.Click(chromedp.CSS("button#cancel-payment")),
				chromedp.WaitVisible(chromedp.CSS("#order-status")),
			))
			require.Equal(t, "Payment cancelled", text("#page-title"))
			require.Equal(t, "cancelled", text("#order-status"))
			require.NotContains(t, text("body"), "Try another card")
			shot("cancelled")
			// Its details are for developers, folded away; open them.
			require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#for-developers summary"))))
			shot("cancelled-developers")

			// A payment left open: the shop's pending page stops reloading
			// after a minute and offers the way forward.
			require.NoError(t, chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/"),
				chromedp.Click(chromedp.CSS("button#pay-button")),
				chromedp.WaitVisible(chromedp.CSS("form#card-form")),
				chromedp.Navigate(ts.URL+"/success?wait=20"),
				chromedp.WaitVisible(chromedp.CSS("#check-again")),
			))
			shot("pending")
		})
	}
}
