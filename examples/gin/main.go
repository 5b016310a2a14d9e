// Command gin is a one-product shop on gin that takes payments through
// SmartCore's hosted form: the Pay button goes through the kit's checkout
// handler to the payment form, and the gateway's callback, verified by the
// kit's webhook middleware, marks the order paid.
//
// It runs against an embedded SmartCore sandbox on 127.0.0.1 — no account
// needed:
//
//	go run . [-addr 127.0.0.1:8080]
//
// Open the URL it prints, press Pay, and pay on the sandbox's form with the
// test card 4012 0000 0000 3010 (any future expiry, any CVV).
package main

import "github.com/smartcorekit/smartcore/internal/demoshop"

// main runs the shop, wired by newApp, against an embedded sandbox until
// interrupted: demoshop.Main parses -addr, starts the sandbox, prints the
// shop's URL, serves, and shuts down gracefully on SIGINT or SIGTERM.
func main() { demoshop.Main(newApp) }
