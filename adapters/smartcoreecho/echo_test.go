package smartcoreecho_test

// The test lines where echo v5 and v4 differ beyond the handler's
// signature; package smartcoreechov4 keeps its own copy of this file.

import "github.com/labstack/echo/v5"

// frameworkName names echo v5 in the conformance sub-tests.
const frameworkName = "echo"

// credulousExtractor is the IP extractor that believes any
// X-Forwarded-For: in echo v5, LegacyIPExtractor, which apps moved from v4
// often set (v5 itself takes RealIP from the peer unless told otherwise).
var credulousExtractor = struct {
	name      string
	extractor echo.IPExtractor
}{"legacy extractor", echo.LegacyIPExtractor()}
