package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/smartcorekit/smartcore/internal/demoshop/shop"
	"github.com/smartcorekit/smartcore/internal/demoshop/shop/shoptest"
	"github.com/smartcorekit/smartcore/sandbox"
)

// browserTimeout bounds each browser test as a whole, every wait included:
// a page that never shows its element fails the test instead of hanging it.
const browserTimeout = 60 * time.Second

// envBrowser names a browser binary to use instead of the ones looked for.
const envBrowser = "SHOP_E2E_BROWSER"

// TestBrowserCheckout clicks through the shop in a real headless Chromium:
// product page, Pay, the sandbox's card form, 3-D Secure, and back to the
// shop's return page. After each click it waits for an element that only
// the next page has, so that it never reads the page it just left.
func TestBrowserCheckout(t *testing.T) {
	exe := findBrowser(t)
	for _, tc := range []struct {
		name   string
		card   string
		button string // 3-D Secure button to click; "" when there is no challenge
		path   string
		status shop.OrderStatus
	}{
		{name: "3-D Secure approved", card: sandbox.CardChallenge, button: "approve", path: "/success", status: shop.OrderPaid},
		{name: "declined card", card: sandbox.CardDeclined, path: "/fail", status: shop.OrderFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestShop(t)
			ctx := newChromium(t, exe)

			require.NoError(t, chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/"),
				chromedp.WaitVisible(chromedp.CSS("button#pay-button")),
				chromedp.Click(chromedp.CSS("button#pay-button")),
				chromedp.WaitVisible(chromedp.CSS("form#card-form")),
				chromedp.SendKeys(chromedp.CSS("input#card_number"), tc.card),
				chromedp.SendKeys(chromedp.CSS("input#card_exp"), "12"+shoptest.FutureYear()),
				chromedp.SendKeys(chromedp.CSS("input#card_cvv"), "123"),
				chromedp.SendKeys(chromedp.CSS("input#card_holder"), "Ada Lovelace"),
				chromedp.Click(chromedp.CSS("button#pay")),
			), "on the way to the card form")
			if tc.button != "" {
				require.NoError(t, chromedp.Do(ctx,
					chromedp.WaitVisible(chromedp.CSS("button#approve")),
					chromedp.Click(chromedp.CSS("button#"+tc.button)),
				), "on the 3-D Secure page")
			}
			require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#order-status"))),
				"waiting for the return page")

			status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#order-status")))
			require.NoError(t, err)
			require.Equal(t, string(tc.status), status)
			location, err := chromedp.Run(ctx, chromedp.Location())
			require.NoError(t, err)
			u, err := url.Parse(location)
			require.NoError(t, err)
			require.Equal(t, tc.path, u.Path)

			id, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#order-id")))
			require.NoError(t, err)
			o, ok := ts.Order(id)
			require.True(t, ok, "the page shows order %q, which the shop does not have", id)
			require.Equal(t, tc.status, o.Status)
		})
	}
}

// findBrowser returns the Chromium to drive: $SHOP_E2E_BROWSER, else
// Debian's /usr/bin/chromium, else a Chrome-like binary on PATH. Without
// one the test is skipped on a developer's machine but fails in CI (CI
// set), where a silently skipped browser test would hide a broken setup.
func findBrowser(t *testing.T) string {
	t.Helper()
	if exe := os.Getenv(envBrowser); exe != "" {
		return exe
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if exe, err := exec.LookPath(name); err == nil {
			return exe
		}
	}
	const help = "no Chromium found (looked for $" + envBrowser + ", /usr/bin/chromium and chromium, " +
		"chromium-browser, google-chrome, headless-shell on PATH); on Debian: " +
		"apt-get install -y --no-install-recommends chromium"
	if os.Getenv("CI") != "" {
		t.Fatal(help)
	}
	t.Skip(help + " (in CI, where CI is set, this is a failure)")
	return ""
}

// newChromium starts a headless Chromium for one test and returns its
// tab's context, which ends after browserTimeout. The browser makes no
// request beyond this machine: every host name except localhost and
// 127.0.0.1 resolves to nothing, and the background services that phone
// home are off. It runs with its own TMPDIR, a temporary directory of the
// test, where chromedp also creates the fresh profile (user data
// directory) it removes when the browser exits.
func newChromium(t *testing.T, exe string) context.Context {
	t.Helper()
	t.Setenv("TMPDIR", t.TempDir())
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // tests run as root in CI, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc) // waits for the browser to exit and its profile to be removed
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	// Start the browser now, so that a browser that cannot start fails here
	// with its own error rather than in the first step.
	require.NoError(t, chromedp.Do(tabCtx), "starting %s", exe)
	return tabCtx
}
