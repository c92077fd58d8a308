// Package config turns flags and TRELLIS_* environment variables into the one
// typed Config that is passed down to everything else. There is no global
// configuration: code that needs a setting receives it.
package config

import (
	"fmt"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Config is everything an operator can set.
type Config struct {
	// DB is a SQLite file path or a postgres:// URL.
	DB string
	// Addr is where `trellis serve` listens.
	Addr string
	// Demo loads the demo community (and its demo login) before serving.
	Demo bool
	// TimeZone is the community's time zone: it decides when "today" starts
	// for follow-ups and cadences.
	TimeZone string
	// InsecureCookies drops the Secure flag from session cookies, for plain
	// HTTP on a private network. Browsers treat http://localhost as secure,
	// so local use does not need it.
	InsecureCookies bool
	// TrustedProxies lists, comma-separated, the addresses or CIDR ranges of
	// reverse proxies and load balancers whose X-Forwarded-For header is
	// believed. Without it, everyone behind a load balancer would share one
	// address, and so one login rate limit.
	TrustedProxies string
	// SessionTTL is how long a login lasts without use.
	SessionTTL time.Duration
	// QueryTimeout is the longest one request's database work may take:
	// the request's context carries it as a deadline on both engines, and
	// PostgreSQL also gets it as statement_timeout, so a query whose client
	// went away stops too. 0 turns the limit off.
	QueryTimeout time.Duration
	// LogFormat is "text" or "json"; LogLevel "debug", "info", "warn", "error".
	LogFormat string
	LogLevel  string
}

// Default returns the configuration Trellis runs with when nothing is set.
func Default() Config {
	return Config{
		DB:           "./trellis.db",
		Addr:         "127.0.0.1:8080",
		TimeZone:     "UTC",
		SessionTTL:   30 * 24 * time.Hour,
		QueryTimeout: 5 * time.Second,
		LogFormat:    "text",
		LogLevel:     "info",
	}
}

// Location returns the community's time zone.
func (c Config) Location() (*time.Location, error) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", c.TimeZone, err)
	}
	return loc, nil
}

// Proxies parses TrustedProxies. A bare address is a one-address range.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR range", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR range", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// EnvName returns the environment variable that sets flag name:
// "insecure-cookies" is TRELLIS_INSECURE_COOKIES.
func EnvName(flag string) string {
	return "TRELLIS_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// ApplyEnv sets every flag in fs that was not given on the command line
// from its TRELLIS_* environment variable, so flags win over the
// environment and the environment wins over defaults.
func ApplyEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		v, ok := os.LookupEnv(EnvName(f.Name))
		if !ok {
			return
		}
		if serr := fs.Set(f.Name, v); serr != nil {
			err = fmt.Errorf("%s=%q: %w", EnvName(f.Name), v, serr)
		}
	})
	return err
}
