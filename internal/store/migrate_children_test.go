package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
)

// childTables are the tables migration 0016 rebuilds on SQLite, with a
// row for each as the members store writes them.
var childTables = []struct {
	name, insert string
	args         []any
}{
	{"member_emails", "INSERT INTO member_emails (member_id, email, is_primary, position) VALUES (?, ?, ?, ?)",
		[]any{1, "ada@example.org", 1, 0}},
	{"member_tags", "INSERT INTO member_tags (member_id, kind, tag, tag_key) VALUES (?, ?, ?, ?)",
		[]any{1, "tag", "Mentor", "mentor"}},
	{"member_identities", "INSERT INTO member_identities (member_id, platform, handle, handle_key) VALUES (?, ?, ?, ?)",
		[]any{1, "github", "AdaL", "adal"}},
	{"member_fields", "INSERT INTO member_fields (member_id, name, value, name_key, value_key) VALUES (?, ?, ?, ?, ?)",
		[]any{1, "Lab", "Engines", "lab", "engines"}},
}

// TestMigrateClustersMemberChildren: a SQLite database made before 0016
// keeps every row of its member child tables, now WITHOUT ROWID tables
// with their indexes, their statistics and their cascade from members,
// and its members list's sort index holds the columns the walk tests.
func TestMigrateClustersMemberChildren(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(ON)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	// The schema as a release before 0016 left it, recorded as Migrate
	// records it.
	mustExec(`CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL,
		applied_at BIGINT NOT NULL, checksum TEXT NOT NULL DEFAULT '')`)
	all, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.Version >= 16 {
			break
		}
		mustExec(m.SQL)
		mustExec("INSERT INTO schema_migrations (version, name, applied_at, checksum) VALUES (?, ?, 0, ?)", m.Version, m.Name, m.Checksum())
	}
	mustExec("INSERT INTO members (id, name, sort_name, created_at, updated_at) VALUES (1, 'Ada', 'ada', 0, 0), (2, 'Grace', 'grace', 0, 0)")
	for _, c := range childTables {
		mustExec(c.insert, c.args...)
		args := slices.Clone(c.args)
		args[0] = 2
		mustExec(c.insert, args...)
	}
	mustExec("ANALYZE")
	raw.Close()

	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) == 0 || applied[0].Version != 16 {
		t.Fatalf("applied %v, want 0016 first", applied)
	}
	for _, c := range childTables {
		var wr, rows, stats int
		if err := db.QueryRow(ctx, "SELECT wr FROM pragma_table_list(?)", c.name).Scan(&wr); err != nil || wr != 1 {
			t.Errorf("%s: WITHOUT ROWID = %d, %v; want 1", c.name, wr, err)
		}
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+c.name+" WHERE "+columnsEqual(c.insert), c.args...).Scan(&rows); err != nil || rows != 1 {
			t.Errorf("%s: member 1's row found %d times, %v", c.name, rows, err)
		}
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = ?", c.name).Scan(&stats); err != nil || stats == 0 {
			t.Errorf("%s: %d statistics rows, %v; want them taken again", c.name, stats, err)
		}
	}
	var indexes int
	err = db.QueryRow(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN
		('member_emails_email', 'member_tags_tag', 'member_identities_handle', 'member_fields_name')`).Scan(&indexes)
	if err != nil || indexes != 4 {
		t.Errorf("%d of the 4 indexes, %v", indexes, err)
	}
	var sortCols string
	err = db.QueryRow(ctx, "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info('members_sort_name') ORDER BY seqno)").Scan(&sortCols)
	if want := "sort_name,id,archived_at,career_stage,affiliation_key,job_title_key"; err != nil || sortCols != want {
		t.Errorf("members_sort_name holds %q, %v; want %q", sortCols, err, want)
	}
	if _, err := db.Exec(ctx, "DELETE FROM members WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	for _, c := range childTables {
		var left int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+c.name+" WHERE member_id = 2").Scan(&left); err != nil || left != 0 {
			t.Errorf("%s: %d rows of a deleted member left, %v", c.name, left, err)
		}
	}
}

// columnsEqual turns "INSERT INTO t (a, b) VALUES (?, ?)" into "a = ? AND b = ?".
func columnsEqual(insert string) string {
	cols := insert[strings.Index(insert, "(")+1 : strings.Index(insert, ")")]
	var conds []string
	for _, c := range strings.Split(cols, ", ") {
		conds = append(conds, c+" = ?")
	}
	return strings.Join(conds, " AND ")
}
