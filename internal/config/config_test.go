package config_test

import (
	"testing"

	"github.com/spf13/pflag"
	"github.com/trellis-community/trellis/internal/config"
)

func TestFlagsWinOverEnvironment(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		wantDB string
		wantTZ string
	}{
		{"defaults", nil, nil, "./trellis.db", "UTC"},
		{"environment", nil, map[string]string{"TRELLIS_DB": "env.db", "TRELLIS_TIME_ZONE": "Europe/Paris"}, "env.db", "Europe/Paris"},
		{"flag wins", []string{"--db", "flag.db"}, map[string]string{"TRELLIS_DB": "env.db"}, "flag.db", "UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg := config.Default()
			fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
			fs.StringVar(&cfg.DB, "db", cfg.DB, "")
			fs.StringVar(&cfg.TimeZone, "time-zone", cfg.TimeZone, "")
			if err := fs.Parse(tt.args); err != nil {
				t.Fatal(err)
			}
			if err := config.ApplyEnv(fs); err != nil {
				t.Fatal(err)
			}
			if cfg.DB != tt.wantDB || cfg.TimeZone != tt.wantTZ {
				t.Errorf("got db=%q tz=%q, want db=%q tz=%q", cfg.DB, cfg.TimeZone, tt.wantDB, tt.wantTZ)
			}
		})
	}
}

func TestBadEnvironmentValueIsAnError(t *testing.T) {
	t.Setenv("TRELLIS_DEMO", "perhaps")
	var demo bool
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.BoolVar(&demo, "demo", false, "")
	if err := config.ApplyEnv(fs); err == nil {
		t.Fatal("want an error for TRELLIS_DEMO=perhaps")
	}
}

func TestProxies(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{"", nil, false},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}, false},
		{"10.1.2.3, 192.168.0.0/16", []string{"10.1.2.3/32", "192.168.0.0/16"}, false},
		{"::1", []string{"::1/128"}, false},
		{"10.1.2.3/8", []string{"10.0.0.0/8"}, false},
		{"load-balancer", nil, true},
		{"10.0.0.0/99", nil, true},
	}
	for _, tt := range tests {
		cfg := config.Default()
		cfg.TrustedProxies = tt.in
		got, err := cfg.Proxies()
		if (err != nil) != tt.wantErr {
			t.Errorf("Proxies(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("Proxies(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i].String() != tt.want[i] {
				t.Errorf("Proxies(%q)[%d] = %s, want %s", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}
