// Package layers holds no code: its test keeps the module's layering, the
// promise that the lighter packages link no module they do not need. The
// root package links only the standard library and the root module; a
// program importing only webhook and signing adds gorilla/schema and
// nothing else; validator and x/time come in with package client.
package layers
