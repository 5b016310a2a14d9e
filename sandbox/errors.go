package sandbox

import (
	"encoding/json"
	"net/http"

	"github.com/smartcorekit/smartcore"
)

// Request error codes of the sandbox's own, sent as "err" beside the
// document's VALIDATION_PROCESSING_ERROR, PLATFORM_ERROR_DUPLICATED_ORDER_ID
// and TECHNICAL_PROCESSING_ERROR. Every refused request is answered with a
// JSON body {"status": -1, "err": <code>, "msg": <reason>} and these HTTP
// statuses:
//
//	400 VALIDATION_PROCESSING_ERROR         malformed JSON, a field failing validation, unknown payment_method
//	400 PLATFORM_ERROR_DUPLICATED_ORDER_ID  order_id already used in this sandbox
//	400 AMOUNT_EXCEEDED                     capture above the authorized amount, refund above what is left
//	401 UNAUTHORIZED                        missing or wrong Basic credentials
//	404 NOT_FOUND                           unknown path, or an endpoint asked on the wrong host
//	404 ORDER_NOT_FOUND                     check/capture/cancel/refund/recurrent/token withdrawal of an unknown order
//	                                        (the message says so when the order was evicted; see "Retention")
//	405 METHOD_NOT_ALLOWED                  anything but POST on an endpoint
//	409 INVALID_TRANSACTION_STATE           e.g. capture of an order that is not authorized, double capture
//	413 VALIDATION_PROCESSING_ERROR         body over 64 KiB
//	415 VALIDATION_PROCESSING_ERROR         Content-Type other than application/json
//	421 MISDIRECTED_REQUEST                 a Host the sandbox does not serve (see Options.BaseURL)
//	500 TECHNICAL_PROCESSING_ERROR          injected FaultServerError (status configurable)
//
// A declined transaction is not a refused request: it is answered 200 with
// status -1, "err" null and the transaction's error code in "msg".
const (
	CodeUnauthorized     = "UNAUTHORIZED"              // 401: missing or wrong credentials
	CodeNotFound         = "NOT_FOUND"                 // 404: unknown path, or the wrong host
	CodeMethodNotAllowed = "METHOD_NOT_ALLOWED"        // 405: not a POST
	CodeOrderNotFound    = "ORDER_NOT_FOUND"           // 404: no transaction with that order id
	CodeInvalidState     = "INVALID_TRANSACTION_STATE" // 409: the transaction cannot do that now
	CodeAmountExceeded   = "AMOUNT_EXCEEDED"           // 400: more than can be captured or refunded
	CodeMisdirected      = "MISDIRECTED_REQUEST"       // 421: a Host the sandbox does not serve
)

// The document's codes the sandbox answers refused requests with.
const (
	codeValidation = string(smartcore.ErrValidationProcessing)
	codeDuplicate  = string(smartcore.ErrDuplicatedOrderID)
	codeTechnical  = string(smartcore.ErrTechnicalProcessing)
)

// errorBody is the body of every refused request.
type errorBody struct {
	Status int    `json:"status"`
	Err    string `json:"err"`
	Msg    string `json:"msg"`
}

// apiError is a refused request on its way to the response. It is not an
// error value: it never leaves the package.
type apiError struct {
	status    int
	code, msg string
	// orderID is the order an ORDER_NOT_FOUND looked for, so that the
	// answer can say when it was evicted (see exchange.refuse).
	orderID string
}

func refuse(status int, code, msg string) *apiError {
	return &apiError{status: status, code: code, msg: msg}
}

func notFound(orderID string) *apiError {
	e := refuse(http.StatusNotFound, CodeOrderNotFound, "no transaction with order_id "+quote(orderID))
	e.orderID = orderID
	return e
}

func badState(msg string) *apiError {
	return refuse(http.StatusConflict, CodeInvalidState, msg)
}

// writeError writes a refused request's JSON body.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorBody{Status: int(smartcore.StatusFail), Err: code, Msg: msg})
}

// writeJSON writes v as the JSON body of a response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only the sandbox's own body types are written; they always encode.
		status = http.StatusInternalServerError
		body = []byte(`{"status":-1,"err":"TECHNICAL_PROCESSING_ERROR","msg":"encoding the response failed"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// quote renders an identifier for a message; order ids are the merchant's
// text, never card data.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
