package smartcoreechov4_test

// The test lines where echo v4 and v5 differ beyond the handler's
// signature; package smartcoreecho keeps its own copy of this file.

import "github.com/labstack/echo/v4"

// frameworkName names echo v4 in the conformance sub-tests.
const frameworkName = "echo v4"

// credulousExtractor is the IP extractor that believes any
// X-Forwarded-For: in echo v4, none at all, the default.
var credulousExtractor = struct {
	name      string
	extractor echo.IPExtractor
}{"echo's default", nil}
