package markdown_test

import (
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/markdown"
)

func TestRenderIsSafe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
		reject   []string
	}{
		{"emphasis", "Met at **RSECon**", []string{"<strong>RSECon</strong>"}, nil},
		{"list", "- one\n- two", []string{"<li>one</li>"}, nil},
		{"script tag", "<script>alert(1)</script>", nil, []string{"<script"}},
		{"event handler", `<img src=x onerror="alert(1)">`, nil, []string{"onerror"}},
		{"javascript link", "[x](javascript:alert(1))", nil, []string{"javascript:"}},
		{"autolink", "https://orcid.org", []string{`href="https://orcid.org"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(markdown.Render(tt.in))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, r := range tt.reject {
				if strings.Contains(strings.ToLower(got), r) {
					t.Errorf("Render(%q) = %q, must not contain %q", tt.in, got, r)
				}
			}
		})
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{"# title", "<script>x</script>", "[a](javascript:b)", "| a | b |\n|---|---|\n| 1 | 2 |", "```\ncode"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := strings.ToLower(string(markdown.Render(s)))
		if strings.Contains(out, "<script") {
			t.Fatalf("script survived in %q", out)
		}
	})
}
