package csvmembers_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// step is one thing done to a community before the import under test.
type step struct {
	file string                                  // import this text
	edit func(t *testing.T, ms *members.Service) // or change a member by hand
	undo bool                                    // or undo the last import
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReimportByDigestMatchesFullCompare runs each history twice, on two
// databases of the same engine, then imports a last file: once as the
// import does (a row that made a member, seen again, is found unchanged
// by its digest) and once with every digest cleared first (every matched
// member loaded and compared). Both must end with the same run, the same
// issues and the same rows.
func TestReimportByDigestMatchesFullCompare(t *testing.T) {
	const (
		a      = "name,email,affiliation,job title,tags,consent\nAda Lovelace,ada@example.org,London,Analyst,math;poetry,\n李 雷,li.lei@example.cn,清华大学,,,yes\nМария Иванова,maria@example.ru,МГУ,,physics,\n"
		aMoved = "name,email,affiliation,job title,tags,consent\nAda Lovelace,ada@example.org,Cambridge,Analyst,math;poetry,\n李 雷,li.lei@example.cn,清华大学,,,yes\nМария Иванова,maria@example.ru,МГУ,,physics,\n"
		aYes   = "name,email,affiliation,job title,tags,consent\nAda Lovelace,ada@example.org,London,Analyst,math;poetry,yes\n李 雷,li.lei@example.cn,清华大学,,,yes\nМария Иванова,maria@example.ru,МГУ,,physics,\n"
		wide   = "Name,Email,Pronouns,ORCID iD,Country,Time zone,Career stage,Joined on,Status,Expertise,Interests,Languages,Notes,GitHub handle,Mastodon handle,Lab\n" +
			"Tu Youyou,tu@example.cn,she/her,0000-0002-1825-0097,China,Asia/Shanghai,senior,2024-05-01,active,pharmacology;chemistry,malaria,zh;en,\"Nobel 2015\nArtemisinin\",tuyouyou,@tu@mastodon.social,Lab 5\n" +
			"Ngozi Okonjo,ngozi@example.ng,,,NG,Africa/Lagos,,,,,economics,,,,,\n"
		wideEdited = "Name,Email,Pronouns,ORCID iD,Country,Time zone,Career stage,Joined on,Status,Expertise,Interests,Languages,Notes,GitHub handle,Mastodon handle,Lab\n" +
			"Tu Youyou,tu@example.cn,she/her,0000-0002-1825-0097,China,Asia/Shanghai,senior,2024-05-01,active,pharmacology,malaria,zh;en,\"Nobel 2015\",tuyouyou,@tu@mastodon.social,Lab 6\n" +
			"Ngozi Okonjo,ngozi@example.ng,,,NG,Africa/Lagos,,,,,economics,,,,,\n"
		twice = "name,email,affiliation\nAda Lovelace,ada@example.org,London\nAda Lovelace,ADA@example.org,Oxford\nГрейс Хоппер,grace@example.org,Yale\n"
	)
	editAda := func(f func(*members.Member)) func(t *testing.T, ms *members.Service) {
		return func(t *testing.T, ms *members.Service) {
			ada := member(t, ms, "ada@example.org")
			if _, err := ms.Edit(context.Background(), ada.ID, 0, func(m members.Member) (members.Member, error) {
				f(&m)
				return m, nil
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name    string
		history []step
		last    string
	}{
		{"same file again", []step{{file: a}}, a},
		{"duplicates again", []step{{file: fixture(t, "duplicates.csv")}}, fixture(t, "duplicates.csv")},
		{"refused rows again", []step{{file: fixture(t, "refused_rows.csv")}}, fixture(t, "refused_rows.csv")},
		{"non-Latin fixture again", []step{{file: fixture(t, "excel_utf8_bom_crlf.csv")}}, fixture(t, "excel_utf8_bom_crlf.csv")},
		{"a person twice in the file, again", []step{{file: twice}}, twice},
		{"edited by hand since", []step{{file: a}, {edit: editAda(func(m *members.Member) { m.Affiliation = "Paris" })}}, a},
		{"a tag removed by hand since", []step{{file: a}, {edit: editAda(func(m *members.Member) { m.Tags = []string{"math"} })}}, a},
		{"a row changed", []step{{file: a}}, aMoved},
		{"every column again", []step{{file: wide}}, wide},
		{"every column, changed", []step{{file: wide}}, wideEdited},
		{"every column, changed, then again", []step{{file: wide}, {file: wideEdited}}, wideEdited},
		{"updated, then the same file again", []step{{file: a}, {file: aMoved}}, aMoved},
		{"updated and undone, then again", []step{{file: a}, {file: aMoved}, {undo: true}}, aMoved},
		{"created and undone, then again", []step{{file: a}, {undo: true}}, a},
		{"conflict, then the same file again", []step{{file: a}, {edit: editAda(func(m *members.Member) { m.Affiliation = "Paris" })}, {file: aMoved}}, aMoved},
		{"consent no by hand, then yes twice", []step{{file: a}, {edit: editAda(func(m *members.Member) { m.Consent = members.Consent{} })}, {file: aYes}}, aYes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				byDigest := replay(t, db, c.history, c.last, false)
				full := replay(t, storetest.Open(t, db.Dialect), c.history, c.last, true)
				if byDigest != full {
					t.Errorf("by digest:\n%s\nfull compare:\n%s", byDigest, full)
				}
			})
		})
	}
}

// replay runs history on db, then imports last (after clearing every
// row digest when clear is set), and returns what that import did and
// what the community holds after it, as text.
func replay(t *testing.T, db *store.DB, history []step, last string, clear bool) string {
	t.Helper()
	ctx := context.Background()
	s, ms := services(db)
	var lastRun int64
	for i, st := range history {
		switch {
		case st.file != "":
			run, err := importText(t, s, fmt.Sprintf("step%d.csv", i), st.file)
			if err != nil {
				t.Fatal(err)
			}
			lastRun = run.ID
		case st.edit != nil:
			st.edit(t, ms)
		case st.undo:
			if _, err := s.Undo(ctx, lastRun); err != nil {
				t.Fatal(err)
			}
		}
	}
	var digests int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM import_changes WHERE row_digest IS NOT NULL").Scan(&digests); err != nil {
		t.Fatal(err)
	}
	if clear {
		if _, err := db.Exec(ctx, "UPDATE import_changes SET row_digest = NULL"); err != nil {
			t.Fatal(err)
		}
	} else if digests == 0 {
		t.Error("no import change kept a row digest")
	}
	run, err := importText(t, s, "last.csv", last)
	if err != nil {
		t.Fatal(err)
	}
	if db.Dialect == store.SQLite {
		searchIntact(t, db)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "run: %s %+v\n", run.Status, run.Counts)
	issues, err := s.Issues(ctx, run.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range issues {
		fmt.Fprintf(&b, "issue: line %d %s %s member %d other %d: %s\n", i.Line, i.Kind, i.Field, i.MemberID, i.OtherID, i.Message)
	}
	for _, q := range []string{
		"SELECT id, name, affiliation, job_title, consent_contact, search_text, version, updated_at FROM members ORDER BY id",
		"SELECT member_id, email, is_primary, position FROM member_emails ORDER BY member_id, position",
		"SELECT member_id, kind, tag FROM member_tags ORDER BY member_id, kind, tag",
		"SELECT member_id, platform, handle FROM member_identities ORDER BY member_id, platform, handle",
		"SELECT member_id, name, value FROM member_fields ORDER BY member_id, name",
		"SELECT member_id, field, source, COALESCE(run_id, 0) FROM member_field_sources ORDER BY member_id, field",
		"SELECT run_id, member_id, action, version_after, COALESCE(before, '') FROM import_changes ORDER BY run_id, member_id",
	} {
		dump(t, db, &b, q)
	}
	return b.String()
}

// dump writes every row query returns, one line each.
func dump(t *testing.T, db *store.DB, b *strings.Builder, query string) {
	t.Helper()
	rows, err := db.Query(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		line := slices.Collect(func(yield func(string) bool) {
			for _, v := range vals {
				if !yield(v.String) {
					return
				}
			}
		})
		fmt.Fprintf(b, "%s: %s\n", cols[0], strings.Join(line, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// searchIntact fails t unless SQLite's two search indexes hold exactly
// the members table (FTS5's integrity-check compares an external-content
// index with its table).
func searchIntact(t *testing.T, db *store.DB) {
	t.Helper()
	for _, fts := range []string{"members_fts", "members_substr"} {
		if _, err := db.Exec(context.Background(), "INSERT INTO "+fts+" ("+fts+") VALUES ('integrity-check')"); err != nil {
			t.Errorf("%s after the import: %v", fts, err)
		}
	}
}

// TestImportPutsSearchTriggersBack checks, on SQLite, that an import
// (which takes the search tables' insert triggers out for its
// transaction) leaves them as they were, whether it commits or fails,
// and that members are found by search afterwards.
func TestImportPutsSearchTriggersBack(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	s, ms := services(db)
	triggers := func() string {
		var b strings.Builder
		dump(t, db, &b, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
		return b.String()
	}
	before := triggers()
	if !strings.Contains(before, "members_fts_insert") || !strings.Contains(before, "members_substr_insert") {
		t.Fatalf("the schema has no search insert triggers:\n%s", before)
	}
	for _, c := range []struct {
		name, file string
		fails      bool
	}{
		{"committed", "name,email,affiliation\nAda Lovelace,ada@example.org,Analytical Engines Ltd\n李 雷,li.lei@example.cn,清华大学\n", false},
		{"refused", "name,email\nGrace Hopper,grace@example.org\n\"broken,quote\n", true},
	} {
		_, err := importText(t, s, c.name+".csv", c.file)
		if (err != nil) != c.fails {
			t.Fatalf("%s: import error %v, want failure %v", c.name, err, c.fails)
		}
		if after := triggers(); after != before {
			t.Errorf("%s: triggers after the import:\n%s\nbefore:\n%s", c.name, after, before)
		}
		searchIntact(t, db)
	}
	if n := count(t, db, "members"); n != 2 {
		t.Errorf("%d members, want the 2 of the committed import", n)
	}
	// Imported members are found by word and by substring, and so is a
	// member added by hand afterwards (the triggers work again).
	if _, err := ms.Create(ctx, members.Member{Name: "Hedy Lamarr", Affiliation: "Frequency Hopping Inc"}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []members.Filter{{Q: "Lovelace"}, {Q: "清华大学"}, {Affiliation: "engines"}, {Q: "Lamarr"}, {Affiliation: "hopping"}} {
		res, err := ms.List(ctx, f, members.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Members) != 1 {
			t.Errorf("filter %+v found %d members, want 1", f, len(res.Members))
		}
	}
}
