package shop

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"

	"github.com/smartcorekit/smartcore/internal/demoshop"
	"github.com/smartcorekit/smartcore/sandbox"
)

// The environment variables the shop reads; see the package doc.
const (
	envMerchantKey = "SMARTCORE_MERCHANT_KEY"
	envSecret      = "SMARTCORE_SECRET"
	envBaseURL     = "SMARTCORE_BASE_URL"
	envPCIBaseURL  = "SMARTCORE_PCI_BASE_URL"
	envAccount     = "SMARTCORE_ACCOUNT"
	envPublicURL   = "SMARTCORE_PUBLIC_URL"
)

// config is what the flags and the environment say, checked but not yet
// acted on: run turns it into a gateway connection and a shop.
type config struct {
	Addr        string // where the shop listens (-addr)
	Sandbox     bool   // start the embedded sandbox (-sandbox)
	SandboxAddr string // where the embedded sandbox listens (-sandbox-addr)

	MerchantKey, Secret string // empty with the embedded sandbox
	BaseURL, PCIBaseURL string // empty: the client's defaults, the real hosts
	Account             string
	PublicURL           string // empty: derived from the listening address
}

// errHelp is returned by parseConfig for -h: usage was printed, exit 0.
var errHelp = errors.New("help requested")

// parseConfig reads the flags in args and the variables getenv returns,
// for the command called name. It prints the usage on stderr for -h (returning errHelp) and for a flag
// error, and warns on stderr about variables the chosen mode ignores.
func parseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := config{}
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "address the shop listens on (loopback only)")
	fs.BoolVar(&cfg.Sandbox, "sandbox", true, "start the embedded SmartCore sandbox (off when credentials are set)")
	fs.StringVar(&cfg.SandboxAddr, "sandbox-addr", "127.0.0.1:0", "address of the embedded sandbox, loopback only (port 0: any free port)")
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: "+name+" [-addr HOST:PORT] [-sandbox=false] [-sandbox-addr HOST:PORT]\n\n"+
			"A demo shop paying through SmartCore's hosted payment form. With no credentials\n"+
			"in the environment it runs against an embedded sandbox; see the package doc for\n"+
			"SMARTCORE_MERCHANT_KEY, SMARTCORE_SECRET, SMARTCORE_BASE_URL, SMARTCORE_PCI_BASE_URL,\n"+
			"SMARTCORE_ACCOUNT and SMARTCORE_PUBLIC_URL. Both addresses must be loopback ones:\n"+
			"the demo is never reachable from other hosts.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config{}, errHelp
		}
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	// The shop lists every order and links to the sandbox, which runs with
	// the document's public secret and a dashboard that asks for no
	// credentials: neither may be reachable from other machines, and the
	// demo has no --allow-remote.
	for _, f := range [][2]string{{"-addr", cfg.Addr}, {"-sandbox-addr", cfg.SandboxAddr}} {
		if host, _, err := net.SplitHostPort(f[1]); err == nil && !sandbox.IsLoopbackHost(host) {
			return config{}, fmt.Errorf("%s %s is not a loopback address: other hosts could use the demo; "+
				"listen on 127.0.0.1, ::1 or localhost", f[0], f[1])
		}
	}
	sandboxSet := false
	fs.Visit(func(f *flag.Flag) { sandboxSet = sandboxSet || f.Name == "sandbox" })

	cfg.MerchantKey = getenv(envMerchantKey)
	cfg.Secret = getenv(envSecret)
	cfg.BaseURL = strings.TrimRight(getenv(envBaseURL), "/")
	cfg.PCIBaseURL = strings.TrimRight(getenv(envPCIBaseURL), "/")
	cfg.Account = getenv(envAccount)
	if cfg.Account == "" {
		cfg.Account = demoshop.Account
	}

	// Credentials mean a real gateway (or one the developer runs): starting
	// an emulator beside it would silently take the payments instead.
	if cfg.MerchantKey != "" || cfg.Secret != "" {
		if sandboxSet && cfg.Sandbox {
			return config{}, fmt.Errorf("-sandbox=true conflicts with %s/%s: unset them to use the embedded sandbox", envMerchantKey, envSecret)
		}
		cfg.Sandbox = false
		if cfg.MerchantKey == "" || cfg.Secret == "" {
			return config{}, fmt.Errorf("set both %s and %s, or neither", envMerchantKey, envSecret)
		}
	}
	if cfg.Sandbox {
		for _, v := range []string{envBaseURL, envPCIBaseURL} {
			if getenv(v) != "" {
				fmt.Fprintf(stderr, "%s: %s is ignored: the embedded sandbox is in use (set credentials or -sandbox=false)\n", name, v)
			}
		}
		cfg.BaseURL, cfg.PCIBaseURL = "", ""
	}

	public, err := checkPublicURL(getenv(envPublicURL))
	if err != nil {
		return config{}, err
	}
	cfg.PublicURL = public
	return cfg, nil
}

// checkPublicURL accepts "" or an absolute http(s) URL without a path,
// user info, query or fragment (a trailing "/" is dropped), since the
// shop's pages link to its routes from the root.
func checkPublicURL(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("%s must be an absolute http(s) URL without path, user info, query or fragment", envPublicURL)
	}
	return strings.TrimSuffix(raw, "/"), nil
}

// loopbackSandboxHost returns the host:port of base when it is a plain-http
// URL on this machine — a gateway emulator such as "smartcore sandbox" —
// and "" otherwise. Its form_url is then allowed over http; every other
// gateway must send customers to the https payment host.
func loopbackSandboxHost(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" || !sandbox.IsLoopbackHost(u.Hostname()) {
		return ""
	}
	return u.Host
}

// hostOf returns the host:port of an absolute URL, "" when it has none.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}
