package httpx_test

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/trellis-community/trellis/internal/httpx"
)

func TestClientIP(t *testing.T) {
	t.Parallel()
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name    string
		remote  string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"direct, no proxies configured", "198.51.100.7:5000", nil, nil, "198.51.100.7"},
		{"header ignored without trusted proxies", "198.51.100.7:5000", []string{"203.0.113.9"}, nil, "198.51.100.7"},
		{"header ignored from an untrusted peer", "198.51.100.7:5000", []string{"203.0.113.9"}, proxies, "198.51.100.7"},
		{"behind a trusted proxy", "10.1.2.3:5000", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
		{"spoofed left-most entry is skipped", "10.1.2.3:5000", []string{"1.2.3.4, 203.0.113.9"}, proxies, "203.0.113.9"},
		{"chain of trusted proxies", "10.1.2.3:5000", []string{"203.0.113.9, 10.9.9.9"}, proxies, "203.0.113.9"},
		{"several header lines", "10.1.2.3:5000", []string{"1.2.3.4", "203.0.113.9"}, proxies, "203.0.113.9"},
		{"garbage stops the walk", "10.1.2.3:5000", []string{"203.0.113.9, not-an-ip"}, proxies, "10.1.2.3"},
		{"no header from a proxy", "10.1.2.3:5000", nil, proxies, "10.1.2.3"},
		{"IPv6 proxy", "[::1]:5000", []string{"2001:db8::5"}, proxies, "2001:db8::5"},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:5000", []string{"203.0.113.9"}, proxies, "203.0.113.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := httpx.ClientIP(r, tt.trusted); got != tt.want {
				t.Errorf("ClientIP = %q, want %q", got, tt.want)
			}
		})
	}
}
