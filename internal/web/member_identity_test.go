package web

import (
	"testing"
	"time"
)

func TestIdentityURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		platform, handle, want string
	}{
		{"github", "octocat", "https://github.com/octocat"},
		{"github", "@octocat", "https://github.com/octocat"},
		{"github", "https://github.com/octocat/", "https://github.com/octocat"},
		{"github", "not a handle", ""},
		{"gitlab", "ada.l", "https://gitlab.com/ada.l"},
		{"mastodon", "@ada@scholar.social", "https://scholar.social/@ada"},
		{"mastodon", "ada@Scholar.Social", "https://scholar.social/@ada"},
		{"mastodon", "ada", ""},
		{"bluesky", "@ada.bsky.social", "https://bsky.app/profile/ada.bsky.social"},
		{"x", "@ada_l", "https://x.com/ada_l"},
		{"linkedin", "ada-lovelace", "https://www.linkedin.com/in/ada-lovelace"},
		{"linkedin", "https://www.linkedin.com/in/ada", "https://www.linkedin.com/in/ada"},
		{"linkedin", "https://evil.example/in/ada", ""},
		{"orcid", "https://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"},
		{"website", "ada.example.org/about", "https://ada.example.org/about"},
		{"website", "http://ada.example.org", "http://ada.example.org"},
		{"website", "javascript:alert(1)", ""},
		{"website", "https://user:pw@ada.example.org", ""},
		{"website", "ftp://ada.example.org", ""},
		{"slack", "ada", ""},
	}
	for _, tt := range tests {
		if got := identityURL(tt.platform, tt.handle); got != tt.want {
			t.Errorf("identityURL(%q, %q) = %q, want %q", tt.platform, tt.handle, got, tt.want)
		}
	}
}

func TestMemberLocalTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	tests := []struct{ zone, want string }{
		{"", ""},
		{"Nowhere/Special", ""},
		{"UTC", "10:00 on Tue 10 Mar (UTC)"},
		{"Asia/Kolkata", "15:30 on Tue 10 Mar (UTC+05:30)"},
		{"America/Los_Angeles", "03:00 on Tue 10 Mar (UTC-07:00)"},
		{"Pacific/Auckland", "23:00 on Tue 10 Mar (UTC+13:00)"},
	}
	for _, tt := range tests {
		if got := memberLocalTime(tt.zone, now); got != tt.want {
			t.Errorf("memberLocalTime(%q) = %q, want %q", tt.zone, got, tt.want)
		}
	}
}
