package checkout

import "net/http"

// WriteProblem answers r with code and msg, a sentence for the customer, as
// the handlers of this package answer their own errors: JSON
// {"error": msg} when [WantsJSON] says so, otherwise the kit's HTML page;
// never cached. Package ratelimit answers its 429s with it, so that a
// refusal looks like the checkout's other errors.
func WriteProblem(w http.ResponseWriter, r *http.Request, code int, msg string) {
	writeProblem(w, r, code, msg, "")
}
