package participation

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

// slowItem is decodeItem without the fast path: encoding/json alone.
func slowItem(raw []byte) Decoded {
	return decodeItemJSON(raw)
}

func TestFastItem(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		raw  string
		fast bool // read by hand, not left to encoding/json
		want Item
	}{
		{`{"member_id": 12, "kind": "gave_talk", "occurred_at": "2026-01-01T00:00:00Z", "source": "github", "external_id": "pr-1", "title": "Über", "url": "https://x.org/a?b=c"}`, true,
			Item{MemberID: 12, Kind: "gave_talk", OccurredAt: "2026-01-01T00:00:00Z", Source: "github", ExternalID: "pr-1", Title: "Über", URL: "https://x.org/a?b=c"}},
		{" {\"member_email\":\"a@b.org\",\"kind\":\"k\"}\t", true, Item{MemberEmail: "a@b.org", Kind: "k"}},
		{`{}`, true, Item{}},
		{`{"member_id": -3}`, true, Item{MemberID: -3}},
		{`{"member_id": 0}`, true, Item{}},
		{`{"kind": "a", "kind": "b"}`, true, Item{Kind: "b"}}, // the last one wins, as in encoding/json
		{`{"title": "say \"hi\""}`, false, Item{Title: `say "hi"`}},
		{`{"title": "\u00e9"}`, false, Item{Title: "é"}},
		{`{"Kind": "gave_talk"}`, false, Item{Kind: "gave_talk"}}, // encoding/json matches names without case
		{`{"title": null}`, false, Item{}},
		{`{"member_id": 12.0}`, false, Item{}},
		{`{"member_id": 1e3}`, false, Item{}},
		{`{"member_id": 012}`, false, Item{}},
		{`{"member_id": 1234567890123456789}`, false, Item{MemberID: 1234567890123456789}},
		{`{"colour": "red"}`, false, Item{}},
		{`{"kind": "a",}`, false, Item{}},
		{`{"kind": "a"} {}`, false, Item{}},
		{`{"kind": "a"`, false, Item{}},
		{`[]`, false, Item{}},
	} {
		var it Item
		var in interner
		if got := fastItem([]byte(tt.raw), &it, &in); got != tt.fast {
			t.Errorf("%s: fast %v, want %v", tt.raw, got, tt.fast)
			continue
		}
		if tt.fast && it != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.raw, it, tt.want)
		}
		if d := slowItem([]byte(tt.raw)); d.Err == nil && d.Item != tt.want {
			t.Errorf("%s: encoding/json reads %+v, want %+v", tt.raw, d.Item, tt.want)
		}
	}
}

// FuzzFastItem: whatever fastItem reads, encoding/json reads the same way,
// without an error.
func FuzzFastItem(f *testing.F) {
	for _, s := range []string{
		`{"member_id": 12, "kind": "gave_talk", "occurred_at": "2026-01-01T00:00:00Z", "source": "github", "external_id": "pr-1", "title": "T", "url": "https://x.org/"}`,
		`{"member_email": "a@b.org"}`, `{}`, `{"member_id": -0}`, `{"member_id": 99999999999999999999}`, `{"title": "a\tb"}`,
		`{"kind": "a", "kind": "b"}`, ` { "url" : "" } `, `{"member_id":1}x`, `{"title": "\u0000"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !utf8.Valid(raw) {
			return
		}
		var it Item
		var in interner
		if !fastItem(raw, &it, &in) {
			return
		}
		d := slowItem(raw)
		if d.Err != nil {
			t.Fatalf("fastItem read %q, encoding/json refused it: %+v", raw, d.Err)
		}
		if d.Item != it {
			t.Fatalf("%q: fastItem %+v, encoding/json %+v", raw, it, d.Item)
		}
	})
}

func TestPlainWebURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		url         string
		plain, good bool
	}{
		{"https://forum.example.org/t/12?page=2#post-3", true, true},
		{"http://localhost:8080/x", false, true}, // a port: url.Parse decides
		{"https://ex-ample.org", true, true},
		{"https:///path", false, false},
		{"https://x.org/a b", false, true},
		{"https://x.org/%zz", false, false},
		{"ftp://x.org/", false, false},
		{"https://user@x.org/", false, true},
	} {
		if got := plainWebURL(tt.url); got != tt.plain {
			t.Errorf("plainWebURL(%q) = %v, want %v", tt.url, got, tt.plain)
		}
		if got := webURL(tt.url); got != tt.good {
			t.Errorf("webURL(%q) = %v, want %v", tt.url, got, tt.good)
		}
	}
}

// FuzzPlainWebURL: every address plainWebURL passes, url.Parse reads as
// an http or https address with a host.
func FuzzPlainWebURL(f *testing.F) {
	for _, s := range []string{"https://x.org/a?b=c#d", "http://a-b.c", "https://x.org/%41", "https://[::1]/", "http://a/\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !plainWebURL(s) {
			return
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("plainWebURL(%q) but url.Parse: %+v, %v", s, u, err)
		}
	})
}
