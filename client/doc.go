// Package client calls the SmartCore API: [New] builds a [Client] for a
// merchant's key and secret, whose methods send the requests of package
// smartcore and return its responses.
//
// Every call validates its request (package validate, unless
// [WithValidator] or [WithoutValidation] says otherwise) before anything is
// sent, POSTs it as JSON with Basic authentication to the host the document
// names for the endpoint (card data goes to the PCI DSS host only, see
// [DefaultPCIBaseURL]) and decodes the answer tolerantly. Only the calls
// that change nothing (Check, Balance) are retried ([WithRetry]); a
// state-changing call whose outcome is not known returns an
// [OutcomeUnknownError], which must be reconciled with Check before
// anything is sent again. A refusal by the gateway is an [APIError], whose
// Code and Category say why.
//
// Nothing secret leaves the client: errors, logs ([WithLogger]), observer
// events ([WithObserver], [CallEvent]) and the Response kept for support
// have the secret, the Authorization value and the request's card data
// removed or masked, and a Client prints without its secret.
//
// This is the package that brings the kit's third-party modules
// (go-playground's validator through package validate, and x/time's rate
// limiter); the root package's types link none. Packages checkout and
// reconcile build on it.
package client
