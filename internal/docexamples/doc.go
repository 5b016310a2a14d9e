// Package docexamples holds the curl examples of the SmartCore API
// document: for each, the HTTP method, host and path of its curl line, its
// --data request body and the answer the document shows for it, plus the
// check's answer "in case of an error".
//
// The bodies and answers are the document's verbatim, line for line, with
// one exception: the document's copy shows every customer_email as
// "[email protected]" ([MangledEmail]), a Cloudflare e-mail obfuscation
// left in it, which no e-mail validation accepts. It is replaced here by
// [Email]; everything else, including the payment examples' numeric
// customer_zip_code and "recurrent": false, is as the document has it.
//
// The client tests (the root package), the sandbox tests and the validate
// tests all exercise these examples. They used to carry a copy each; this
// package is the one copy, so that it is compared with the document once
// and the three cannot drift apart. It imports nothing from the kit, so any
// test of the module can import it without an import cycle.
package docexamples

import "slices"

// Email replaces the document's [MangledEmail] in the request bodies.
const Email = "john.doe@example.com"

// MangledEmail is the customer_email that the document's copy shows.
const MangledEmail = "[email protected]"

// The hosts an example is sent to, as in [Example.Host].
const (
	Gateway = "gateway" // https://api-gateway.smartcore.pro, every endpoint without card data
	PCI     = "pci"     // https://chd-api.smartcore.pro, the PCI DSS host, for card data
)

// The document's base URLs of the two hosts.
const (
	GatewayBaseURL = "https://api-gateway.smartcore.pro"
	PCIBaseURL     = "https://chd-api.smartcore.pro"
)

// Example is one curl example of the document.
type Example struct {
	Name          string // a name for it, unique, used as the subtest name
	Method        string // the HTTP method: the document posts every example
	Host          string // Gateway or PCI
	Path          string // the URL's path
	Request       string // the --data body
	Response      string // the answer the document shows
	ErrorResponse string // the answer "in case of an error", where the document has one
}

// URL is the example's URL, as its curl line spells it.
func (e Example) URL() string {
	if e.Host == PCI {
		return PCIBaseURL + e.Path
	}
	return GatewayBaseURL + e.Path
}

// all is every example, in the document's order.
var all = []Example{
	InitPayment, MobileCommerce, CardPayment, ApplePay, GooglePay,
	Check, Refund, Recurrent,
	TokenizeForm, CardWithdrawal, PhoneWithdrawal, TokenWithdrawal, Balance,
	Authorize, Capture, Cancel,
}

// All returns every example of the document, in its order, in a new slice.
func All() []Example { return slices.Clone(all) }
