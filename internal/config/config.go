// Package config turns flags and TRELLIS_* environment variables into the one
// typed Config that is passed down to everything else. There is no global
// configuration: code that needs a setting receives it.
package config

import (
	"fmt"
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
	// SessionTTL is how long a login lasts without use.
	SessionTTL time.Duration
	// LogFormat is "text" or "json"; LogLevel "debug", "info", "warn", "error".
	LogFormat string
	LogLevel  string
}

// Default returns the configuration Trellis runs with when nothing is set.
func Default() Config {
	return Config{
		DB:         "./trellis.db",
		Addr:       "127.0.0.1:8080",
		TimeZone:   "UTC",
		SessionTTL: 30 * 24 * time.Hour,
		LogFormat:  "text",
		LogLevel:   "info",
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
