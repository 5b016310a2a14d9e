package client

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestUserAgentNamesKitAndGoVersions(t *testing.T) {
	dep := func(version string, replace *debug.Module) *debug.Module {
		return &debug.Module{Path: modulePath, Version: version, Replace: replace}
	}
	cases := map[string]struct {
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		"a program requiring the kit at a tag": {
			&debug.BuildInfo{Main: debug.Module{Path: "example.com/shop", Version: "(devel)"},
				Deps: []*debug.Module{{Path: "golang.org/x/time", Version: "v0.16.0"}, dep("v0.1.0", nil)}},
			true, "smartcore-go/0.1.0 go1.26.8",
		},
		"a pseudo-version": {
			&debug.BuildInfo{Main: debug.Module{Path: "example.com/shop"},
				Deps: []*debug.Module{dep("v0.1.1-0.20260102030405-abcdefabcdef", nil)}},
			true, "smartcore-go/0.1.1-0.20260102030405-abcdefabcdef go1.26.8",
		},
		"the kit's own command installed at a tag": {
			&debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v0.1.0"}},
			true, "smartcore-go/0.1.0 go1.26.8",
		},
		"the kit's own command built in the repository": {
			&debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}},
			true, "smartcore-go/devel go1.26.8",
		},
		"replaced by a directory": {
			&debug.BuildInfo{Main: debug.Module{Path: "example.com/shop"},
				Deps: []*debug.Module{dep("v0.1.0", &debug.Module{Path: "../.."})}},
			true, "smartcore-go/devel go1.26.8",
		},
		"replaced by another version": {
			&debug.BuildInfo{Main: debug.Module{Path: "example.com/shop"},
				Deps: []*debug.Module{dep("v0.1.0", &debug.Module{Path: "example.com/fork", Version: "v0.1.2"})}},
			true, "smartcore-go/0.1.2 go1.26.8",
		},
		"no build information": {nil, false, "smartcore-go/devel go1.26.8"},
		"no such dependency":   {&debug.BuildInfo{Main: debug.Module{Path: "example.com/x"}}, true, "smartcore-go/devel go1.26.8"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := userAgent(func() (*debug.BuildInfo, bool) { return tc.info, tc.ok }, "go1.26.8")
			require.Equal(t, tc.want, got)
		})
	}
	require.Equal(t, "smartcore-go/devel devel-go1.27-abc-Tue",
		userAgent(func() (*debug.BuildInfo, bool) { return nil, false }, "devel go1.27-abc Tue"))
}
