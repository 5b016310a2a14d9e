// Package answerscrub hands package client's per-call scrubbing (the
// merchant secret, the Authorization value, the request's card data) to
// the decoding of a smartcore.Response's unknown members, which
// smartcore.Response.Extra keeps: that decoding runs inside
// encoding/json, where no argument can carry it. Package smartcore sets
// Set when it is initialised; package client is its only caller.
package answerscrub

// Set makes the next decoding into r, a *smartcore.Response, pass every
// kept unknown member's name and value through scrub before the kit's
// own masking, as the client scrubs RawBody; a nil scrub removes it, and
// a decoding that succeeds removes it too. r is an any because package
// smartcore imports this package.
var Set func(r any, scrub func(string) string)
