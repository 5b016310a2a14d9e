// Package readme holds the test that keeps the Go snippets of the
// repository's README.md compiled: each ```go block must be a piece of the
// body of a runnable Example (one with an Output comment) somewhere in the
// repository, so that the compiler and go test check what the README shows.
// The package has no API.
package readme
