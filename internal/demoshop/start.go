package demoshop

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/smartcorekit/smartcore/sandbox"
)

// ShopName is the demo shops' name: their pages' header, and the merchant
// name the embedded sandbox's hosted pages show (sandbox.Options.MerchantName).
const ShopName = "SmartCore demo shop"

// NewOrderID returns a new random order id, the same form in every demo
// shop. The gateway refuses an order_id it has seen
// (PLATFORM_ERROR_DUPLICATED_ORDER_ID), so ids must never repeat, even
// across restarts of an in-memory shop.
func NewOrderID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return "order-" + hex.EncodeToString(b[:])
}

// Listen listens on addr for a shop. An address already in use is
// answered with what to do: "port 8080 is in use: pass -addr ...".
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		port := addr
		if _, p, splitErr := net.SplitHostPort(addr); splitErr == nil {
			port = p
		}
		return nil, fmt.Errorf("port %s is in use: pass -addr HOST:PORT to listen elsewhere", port)
	}
	return ln, err
}

// Banner prints what every demo shop prints when it starts: where to open
// it, where payments go, the test cards, the orders page and, for a
// sandbox, its dashboard ("" for a real gateway).
func Banner(w io.Writer, shopURL, gateway, dashboard string) {
	var b strings.Builder
	fmt.Fprintf(&b, `%s: open %s/
Payments go to %s.
Test cards (any holder, a future expiry such as 12/30, any 3-digit CVV):
  %s  succeeds without a challenge
  %s  asks for 3-D Secure: Approve succeeds, Decline or Cancel fails
  any other card    is declined (e.g. %s)
Orders and their callbacks: %s/orders
`, ShopName, shopURL, gateway, sandbox.CardSuccess, sandbox.CardChallenge, sandbox.CardDeclined, shopURL)
	if dashboard != "" {
		fmt.Fprintf(&b, "Sandbox dashboard (payments, callbacks, resend): %s\n", dashboard)
	}
	b.WriteString("Stop with Ctrl-C.\n")
	_, _ = io.WriteString(w, b.String()) // one write: a reader sees the banner whole

}
