package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
)

// authorized checks the request's Basic credentials against the sandbox's.
// Both sides are hashed before the constant-time comparison so that neither
// the length nor the content of the expected credentials leaks through
// timing, which matters little in a sandbox but costs nothing.
func (s *Sandbox) authorized(r *http.Request) bool {
	key, secret, ok := r.BasicAuth()
	if !ok {
		return false
	}
	gotKey, wantKey := sha256.Sum256([]byte(key)), sha256.Sum256([]byte(s.cfg.key))
	gotSecret, wantSecret := sha256.Sum256([]byte(secret)), sha256.Sum256([]byte(s.cfg.secret))
	return subtle.ConstantTimeCompare(gotKey[:], wantKey[:])&
		subtle.ConstantTimeCompare(gotSecret[:], wantSecret[:]) == 1
}

// consoleAllowed decides on the dashboard: when needsCredentials
// (Options.Remote) the request must carry the merchant's Basic
// credentials, and without them it is answered 401 here and false is
// returned. The control API always asks for them itself, answering in its
// own error shape.
func (s *Sandbox) consoleAllowed(w http.ResponseWriter, r *http.Request, needsCredentials bool) bool {
	if !needsCredentials || s.authorized(r) {
		return true
	}
	unauthorized(w)
	return false
}

// unauthorized answers 401 with the challenge header and a JSON error.
func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Basic realm="SmartCore sandbox", charset="UTF-8"`)
	writeError(w, http.StatusUnauthorized, CodeUnauthorized, "missing or invalid Basic credentials (merchant key and secret)")
}
