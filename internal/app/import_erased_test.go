package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// A person erased at their request is not brought back by an import: the
// row naming them is refused, with its line, and the rest is imported.
func TestImportRefusesErasedPeople(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
		w := newWorld(t, db, func() time.Time { return now })
		csv := "Name,Email\nNew Person,new@example.org\nMarguerite Lindqvist,M.Lindqvist@uu.example\n"
		if _, err := w.a.Privacy.Erase(ctx, w.keep.ID, 0); err != nil {
			t.Fatal(err)
		}
		run, err := w.a.Imports.Import(ctx, "csv", "people.csv", strings.NewReader(csv), imports.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if run.Created != 1 || run.Refused != 1 {
			t.Fatalf("import: %d created, %d refused; want 1 and 1 (%+v)", run.Created, run.Refused, run.Counts)
		}
		issues, err := w.a.Imports.Issues(ctx, run.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(issues) != 1 || issues[0].Line != 3 || issues[0].Kind != imports.IssueRefused {
			t.Fatalf("issues: %+v, want line 3 refused", issues)
		}
	})
}
