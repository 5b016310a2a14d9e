package client

import (
	"fmt"
	"log/slog"
	"strconv"

	"github.com/smartcorekit/smartcore/internal/redact"
)

// String describes the client without its secret: merchant key and hosts.
func (c Client) String() string {
	return "client.Client{merchantKey: " + strconv.Quote(c.merchantKey) +
		", baseURL: " + strconv.Quote(c.baseURL) +
		", pciBaseURL: " + strconv.Quote(c.pciBaseURL) +
		", secret: " + redact.Mark + "}"
}

// GoString is String, so that %#v does not dump the secret either.
func (c Client) GoString() string { return c.String() }

// Format prints String for every verb: without it, verbs such as %d or %x
// would print the struct's fields, the secret among them.
func (c Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// LogValue returns the merchant key and hosts, never the secret.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("merchant_key", c.merchantKey),
		slog.String("base_url", c.baseURL),
		slog.String("pci_base_url", c.pciBaseURL),
	)
}
