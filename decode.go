package smartcore

// Each request type decodes through unmarshalLenient; the local type drops
// the method so that the decoder does not call it again. (The response
// types decode member by member instead: see response_decode.go.)

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit InitPaymentRequest at all.
func (r *InitPaymentRequest) UnmarshalJSON(b []byte) error {
	type plain InitPaymentRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit CardPaymentRequest at all.
func (r *CardPaymentRequest) UnmarshalJSON(b []byte) error {
	type plain CardPaymentRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit ApplePayPaymentRequest at all.
func (r *ApplePayPaymentRequest) UnmarshalJSON(b []byte) error {
	type plain ApplePayPaymentRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit GooglePayPaymentRequest at all.
func (r *GooglePayPaymentRequest) UnmarshalJSON(b []byte) error {
	type plain GooglePayPaymentRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit AuthorizeRequest at all.
func (r *AuthorizeRequest) UnmarshalJSON(b []byte) error {
	type plain AuthorizeRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit CaptureRequest at all.
func (r *CaptureRequest) UnmarshalJSON(b []byte) error {
	type plain CaptureRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit CancelRequest at all.
func (r *CancelRequest) UnmarshalJSON(b []byte) error {
	type plain CancelRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit CheckRequest at all.
func (r *CheckRequest) UnmarshalJSON(b []byte) error {
	type plain CheckRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit RefundRequest at all.
func (r *RefundRequest) UnmarshalJSON(b []byte) error {
	type plain RefundRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit RecurrentRequest at all.
func (r *RecurrentRequest) UnmarshalJSON(b []byte) error {
	type plain RecurrentRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit TokenizeFormRequest at all.
func (r *TokenizeFormRequest) UnmarshalJSON(b []byte) error {
	type plain TokenizeFormRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit CardWithdrawalRequest at all.
func (r *CardWithdrawalRequest) UnmarshalJSON(b []byte) error {
	type plain CardWithdrawalRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit PhoneWithdrawalRequest at all.
func (r *PhoneWithdrawalRequest) UnmarshalJSON(b []byte) error {
	type plain PhoneWithdrawalRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit TokenWithdrawalRequest at all.
func (r *TokenWithdrawalRequest) UnmarshalJSON(b []byte) error {
	type plain TokenWithdrawalRequest
	return unmarshalLenient(b, (*plain)(r))
}

// UnmarshalJSON decodes r tolerantly (see the package doc); it returns an
// error only for input that is not JSON or cannot fit BalanceRequest at all.
func (r *BalanceRequest) UnmarshalJSON(b []byte) error {
	type plain BalanceRequest
	return unmarshalLenient(b, (*plain)(r))
}
