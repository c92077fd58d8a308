package content

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
)

// FuzzTemplateEntry: any title pattern is either refused on its field or
// makes a title with no placeholder left in it, and checking never panics.
func FuzzTemplateEntry(f *testing.F) {
	for _, s := range []string{"{pillar}", "On {pillar} ({date})", "{", "}{", "{title}", "{{pillar}}", "a{pillar", ""} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, pattern string, offset int) {
		e := TemplateEntry{Kind: BlogPost, Channel: Website, TitlePattern: pattern, OffsetDays: offset}
		e.normalize()
		var fe apperr.FieldErrors
		e.check("entries[0].", &fe)
		if len(fe) > 0 {
			for k := range fe {
				if !strings.HasPrefix(k, "entries[0].") {
					t.Fatalf("problem on %q", k)
				}
			}
			return
		}
		title := e.Title("P", "2026-01-01")
		if strings.Contains(title, "{pillar}") || strings.Contains(title, "{date}") || !utf8.ValidString(title) {
			t.Fatalf("pattern %q made %q", pattern, title)
		}
	})
}
