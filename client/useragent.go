package client

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// modulePath is the kit's root module, whose version the default
// User-Agent names.
const modulePath = "github.com/smartcorekit/smartcore"

// defaultUserAgent is the User-Agent of every request unless
// [WithUserAgent] replaces it: "smartcore-go/0.1.0 go1.26.8", as the
// program's build information tells.
var defaultUserAgent = userAgent(debug.ReadBuildInfo, runtime.Version())

// userAgent is "smartcore-go/<kit version> <Go version>" for the build
// information read returns.
func userAgent(read func() (*debug.BuildInfo, bool), goVersion string) string {
	return "smartcore-go/" + kitVersion(read) + " " + strings.ReplaceAll(goVersion, " ", "-")
}

// kitVersion is the version of the kit's root module that the program was
// built with, without its "v": the version a program requires (or the
// tag, when the program is one of the kit's commands installed at a
// version). A build from a directory (a replace, a workspace, a checkout)
// has no version: "devel".
func kitVersion(read func() (*debug.BuildInfo, bool)) string {
	info, ok := read()
	if !ok || info == nil {
		return "devel"
	}
	if info.Main.Path == modulePath {
		return plainVersion(&info.Main)
	}
	for _, dep := range info.Deps {
		if dep != nil && dep.Path == modulePath {
			return plainVersion(dep)
		}
	}
	return "devel"
}

// plainVersion is m's version without the "v", or "devel" when m was
// built from a directory.
func plainVersion(m *debug.Module) string {
	v := m.Version
	if r := m.Replace; r != nil {
		v = r.Version // "" when replaced by a directory
	}
	if !strings.HasPrefix(v, "v") || strings.ContainsAny(v, " \t\r\n") {
		return "devel" // "(devel)", "" or anything not a version
	}
	return v[1:]
}
