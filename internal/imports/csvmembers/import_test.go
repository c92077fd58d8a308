package csvmembers_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var fixed = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func services(db *store.DB) (*imports.Service, *members.Service) {
	ms := &members.Service{DB: db, Now: func() time.Time { return fixed }}
	return &imports.Service{DB: db, Members: ms, Now: func() time.Time { return fixed },
		Importers: map[string]imports.Importer{"csv": csvmembers.Importer{}}}, ms
}

func importFile(t *testing.T, s *imports.Service, name string, o imports.Options) (imports.Run, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return s.Import(context.Background(), "csv", name, bytes.NewReader(data), o)
}

func importText(t *testing.T, s *imports.Service, name, text string) (imports.Run, error) {
	t.Helper()
	return s.Import(context.Background(), "csv", name, strings.NewReader(text), imports.Options{})
}

// member finds the member with an email, failing the test when there is none.
func member(t *testing.T, ms *members.Service, email string) members.Member {
	t.Helper()
	res, err := ms.List(context.Background(), members.Filter{Q: email}, members.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Members {
		for _, e := range m.Emails {
			if e.Address == email {
				return m
			}
		}
	}
	t.Fatalf("no member found by searching %q (%d results)", email, len(res.Members))
	return members.Member{}
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportFixtures(t *testing.T) {
	cases := []struct {
		file   string
		counts imports.Counts
		check  map[string]func(members.Member) string // email -> problem or ""
	}{
		{"excel_utf8_bom_crlf.csv", imports.Counts{Rows: 5, Created: 5}, map[string]func(members.Member) string{
			"ada@example.org": func(m members.Member) string {
				return want(m.Name == "Ada Lovelace" && m.ORCID == "0000-0002-1825-0097" && m.Country == "GB" &&
					m.JobTitle == "Analyst" && slices.Equal(m.Tags, []string{"math", "python"}), m)
			},
			"grace@example.org": func(m members.Member) string {
				return want(m.Country == "US" && m.Notes == "Wrote the first compiler.\nLoves nanoseconds.", m)
			},
			"li.lei@example.cn": func(m members.Member) string { return want(m.Name == "李 雷" && m.Affiliation == "清华大学", m) },
			"maria@example.ru":  func(m members.Member) string { return want(m.Name == "Мария Иванова", m) },
			"zoe@example.org":   func(m members.Member) string { return want(m.Name == "Zoë 🌱 Green" && len(m.Tags) == 2, m) },
		}},
		{"european_excel_1252.csv", imports.Counts{Rows: 3, Created: 3}, map[string]func(members.Member) string{
			"soren@example.dk": func(m members.Member) string {
				return want(m.Name == "Søren Kierkegård" && m.Affiliation == "Københavns Universitet" && m.JobTitle == "Philosoph", m)
			},
			"emilie@example.fr": func(m members.Member) string { return want(m.Name == "Émilie du Châtelet" && m.Country == "FR", m) },
			"jose@example.es": func(m members.Member) string {
				return want(m.Name == "José Núñez" && m.Affiliation == "Universidad; Central", m)
			},
		}},
		{"unicode_text_utf16le.txt", imports.Counts{Rows: 2, Created: 2}, map[string]func(members.Member) string{
			"tu@example.cn": func(m members.Member) string {
				return want(m.Name == "Tu Youyou" && m.Affiliation == "中国中医科学院", m)
			},
		}},
		{"utf16be.csv", imports.Counts{Rows: 1, Created: 1}, map[string]func(members.Member) string{
			"lise@example.at": func(m members.Member) string { return want(m.Name == "Lise Meitner", m) },
		}},
		{"missing_extra_columns.csv", imports.Counts{Rows: 3, Created: 3}, map[string]func(members.Member) string{
			"rosalind@example.org": func(m members.Member) string { return want(m.Affiliation == "", m) },
			"wu@example.org":       func(m members.Member) string { return want(m.Affiliation == "Columbia" && m.Country == "US", m) },
		}},
		{"duplicates.csv", imports.Counts{Rows: 4, Created: 2, Merged: 2}, map[string]func(members.Member) string{
			"kj@example.org": func(m members.Member) string {
				return want(m.Name == "Katherine Johnson" && m.Affiliation == "NASA" && slices.Equal(m.Tags, []string{"math", "orbits"}), m)
			},
		}},
		{"refused_rows.csv", imports.Counts{Rows: 5, Created: 2, Refused: 3}, nil},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				s, ms := services(db)
				run, err := importFile(t, s, c.file, imports.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if run.Status != imports.Done || run.Counts != c.counts {
					t.Fatalf("run %s %+v, want done %+v", run.Status, run.Counts, c.counts)
				}
				if n := count(t, db, "members"); int64(n) != c.counts.Created {
					t.Errorf("%d members stored, want %d", n, c.counts.Created)
				}
				for email, check := range c.check {
					if p := check(member(t, ms, email)); p != "" {
						t.Errorf("%s: %s", email, p)
					}
				}
				// The same file again changes nothing.
				again, err := importFile(t, s, c.file, imports.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if again.Created != 0 || again.Updated != 0 || again.Conflicts != 0 {
					t.Errorf("second import %+v, want nothing created or updated", again.Counts)
				}
				if n := count(t, db, "members"); int64(n) != c.counts.Created {
					t.Errorf("%d members after the second import, want %d", n, c.counts.Created)
				}
			})
		})
	}
}

func want(ok bool, m members.Member) string {
	if ok {
		return ""
	}
	return fmt.Sprintf("got %+v", m)
}

func TestRefusedRowsNameTheirLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := services(db)
		run, err := importFile(t, s, "refused_rows.csv", imports.Options{})
		if err != nil {
			t.Fatal(err)
		}
		issues, err := s.Issues(context.Background(), run.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, is := range issues {
			got = append(got, fmt.Sprintf("%s:%d %s %s", is.File, is.Line, is.Kind, is.Field))
		}
		wantIssues := []string{"refused_rows.csv:3 refused orcid", "refused_rows.csv:4 refused country", "refused_rows.csv:5 refused emails[0].address"}
		if !slices.Equal(got, wantIssues) {
			t.Errorf("issues %q, want %q", got, wantIssues)
		}
	})
}

// A broken quote deep in a file refuses the whole file, naming the line,
// and leaves the database exactly as it was.
func TestBrokenFileKeepsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := services(db)
		if _, err := importText(t, s, "first.csv", "name,email\nAda,ada@example.org\n"); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("name,email,notes\n")
		for i := 2; i < 50_000; i++ {
			fmt.Fprintf(&b, "Person %d,p%d@example.org,fine\n", i, i)
		}
		b.WriteString("Broken,broken@example.org,\"never closed\n")
		b.WriteString("After,after@example.org,x\n")
		run, err := importText(t, s, "big.csv", b.String())
		var fe *imports.FileError
		if !errors.As(err, &fe) || fe.Line != 50_000 || fe.File != "big.csv" {
			t.Fatalf("error %v, want a FileError at big.csv:50000", err)
		}
		if run.Status != imports.Failed || !strings.Contains(run.Error, "big.csv:50000") {
			t.Errorf("run %s %q, want failed naming the line", run.Status, run.Error)
		}
		if n := count(t, db, "members"); n != 1 {
			t.Errorf("%d members after a refused file, want the 1 from before", n)
		}
		if n := count(t, db, "import_changes"); n != 1 {
			t.Errorf("%d import changes, want 1", n)
		}
	})
}

func TestDryRunKeepsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := services(db)
		run, err := importFile(t, s, "duplicates.csv", imports.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != imports.Checked || run.Created != 2 || run.Merged != 2 || !run.DryRun {
			t.Fatalf("dry run %s %+v", run.Status, run.Counts)
		}
		if n := count(t, db, "members"); n != 0 {
			t.Errorf("a dry run stored %d members", n)
		}
		issues, err := s.Issues(context.Background(), run.ID, 10)
		if err != nil || len(issues) != 2 {
			t.Errorf("dry run log %v %v, want the 2 merges", issues, err)
		}
	})
}

// A field a manager edited by hand is kept by a re-import, which reports
// the conflict; fields an import wrote are updated; undo restores.
func TestManualEditsWinAndUndo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ms := services(db)
		ctx := context.Background()
		if _, err := importText(t, s, "a.csv", "name,email,affiliation,job title\nAda Lovelace,ada@example.org,London,Analyst\n"); err != nil {
			t.Fatal(err)
		}
		ada := member(t, ms, "ada@example.org")
		if _, err := ms.Edit(ctx, ada.ID, 0, func(m members.Member) (members.Member, error) {
			m.Affiliation = "Cambridge"
			return m, nil
		}); err != nil {
			t.Fatal(err)
		}
		run, err := importText(t, s, "b.csv", "name,email,affiliation,job title,tags\nAda Lovelace,ada@example.org,Oxford,Countess,poetry\nNew Person,new@example.org,,,\n")
		if err != nil {
			t.Fatal(err)
		}
		if run.Updated != 1 || run.Created != 1 || run.Conflicts != 1 {
			t.Fatalf("re-import %+v, want 1 updated, 1 created, 1 conflict", run.Counts)
		}
		got := member(t, ms, "ada@example.org")
		if got.Affiliation != "Cambridge" || got.JobTitle != "Countess" || !slices.Equal(got.Tags, []string{"poetry"}) {
			t.Errorf("after re-import: %q %q %v, want the hand edit kept and the rest updated", got.Affiliation, got.JobTitle, got.Tags)
		}
		p, err := s.Provenance(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, f := range p.Fields {
			sources = append(sources, fmt.Sprintf("%s:%s:%d", f.Field, f.Source, f.RunID))
		}
		wantSources := []string{"affiliation:manual:0", fmt.Sprintf("job_title:import:%d", run.ID), fmt.Sprintf("tags:import:%d", run.ID)}
		if p.CreatedBy != run.ID-1 || !slices.Equal(sources, wantSources) {
			t.Errorf("provenance created by %d, fields %q; want %d, %q", p.CreatedBy, sources, run.ID-1, wantSources)
		}
		issues, _ := s.Issues(ctx, run.ID, 10)
		if len(issues) != 1 || issues[0].Kind != imports.IssueConflict || issues[0].Field != "affiliation" || issues[0].Line != 2 {
			t.Errorf("issues %+v, want the affiliation conflict on line 2", issues)
		}
		// Undoing the first import is refused: the second changed Ada since.
		first := run.ID - 1
		if _, err := s.Undo(ctx, first); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("undo of an import with a newer one on top: %v, want a conflict", err)
		}
		undone, err := s.Undo(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if undone.Status != imports.Undone {
			t.Errorf("status %s after undo", undone.Status)
		}
		got = member(t, ms, "ada@example.org")
		if got.Affiliation != "Cambridge" || got.JobTitle != "Analyst" || len(got.Tags) != 0 {
			t.Errorf("after undo: %q %q %v, want Cambridge, Analyst, no tags", got.Affiliation, got.JobTitle, got.Tags)
		}
		if p, err := s.Provenance(ctx, ada.ID); err != nil || len(p.Fields) != 1 || !p.Fields[0].Manual() {
			t.Errorf("provenance after undo %+v (%v), want only the manual affiliation", p.Fields, err)
		}
		if n := count(t, db, "members"); n != 1 {
			t.Errorf("%d members after undo, want 1", n)
		}
		// Undo the first import too: Ada was edited by hand since, so no.
		if _, err := s.Undo(ctx, first); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("undo of an import whose member was edited since: %v, want a conflict", err)
		}
	})
}

func TestUndoRemovesCreated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ms := services(db)
		ctx := context.Background()
		run, err := importFile(t, s, "excel_utf8_bom_crlf.csv", imports.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Undo(ctx, run.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"members", "member_emails", "member_tags"} {
			if n := count(t, db, table); n != 0 {
				t.Errorf("%d rows left in %s after undo", n, table)
			}
		}
		res, err := ms.List(ctx, members.Filter{Q: "lovelace"}, members.Page{Limit: 10})
		if err != nil || len(res.Members) != 0 {
			t.Errorf("search after undo found %d (%v)", len(res.Members), err)
		}
		if _, err := s.Undo(ctx, run.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second undo: %v, want a conflict", err)
		}
	})
}

// A new member with the name of someone already here, but no shared email
// or ORCID iD, is imported as their own member and put up for review; the
// same file again matches them by email and asks nothing more.
func TestUncertainMatchGoesToReview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ms := services(db)
		ctx := context.Background()
		if _, err := importText(t, s, "a.csv", "name,email,affiliation\nAda Lovelace,ada@one.example,London\n"); err != nil {
			t.Fatal(err)
		}
		const second = "name,email,affiliation\nLovelace Ada,ada@two.example,Cambridge\nGrace Hopper,grace@example.org,Yale\n"
		run, err := importText(t, s, "b.csv", second)
		if err != nil {
			t.Fatal(err)
		}
		if run.Created != 2 || run.Review != 1 {
			t.Fatalf("counts %+v, want 2 created and 1 to review", run.Counts)
		}
		first, other := member(t, ms, "ada@one.example"), member(t, ms, "ada@two.example")
		issues, _ := s.Issues(ctx, run.ID, 10)
		if len(issues) != 1 || issues[0].Kind != imports.IssueReview || issues[0].MemberID != other.ID || issues[0].OtherID != first.ID || issues[0].Line != 2 {
			t.Fatalf("issues %+v, want line 2 up for review against #%d", issues, first.ID)
		}
		if err := ms.MarkDistinct(ctx, first.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		again, err := importText(t, s, "b.csv", second)
		if err != nil {
			t.Fatal(err)
		}
		if again.Created != 0 || again.Review != 0 || again.Unchanged != 2 {
			t.Errorf("same file again %+v, want 2 unchanged and nothing to review", again.Counts)
		}
	})
}
