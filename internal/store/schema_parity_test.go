package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// column is what the parity test compares of one column on each engine.
type column struct {
	class   string // integer, text, real, bool, blob or the engine's own type
	notNull bool
}

// engineOnly lists what exists on one engine by design: the full-text and
// substring machinery (FTS5 tables and their shadow tables on SQLite, a
// generated tsvector column and pg_trgm indexes on PostgreSQL). Anything else missing on one side is a
// mismatch.
var engineOnly = map[store.Dialect][]string{
	store.SQLite: {"members_fts", "members_fts_config", "members_fts_data", "members_fts_docsize", "members_fts_idx",
		"members_substr", "members_substr_config", "members_substr_data", "members_substr_docsize", "members_substr_idx"},
	store.Postgres: {"members.search_vector"},
}

// nullablePrimaryKeys are shipped SQLite columns declared TEXT PRIMARY KEY
// without NOT NULL: SQLite, for compatibility with its old releases, lets
// such a column hold NULL where PostgreSQL does not. Trellis never writes a
// NULL key; rebuilding shipped tables to say so is not worth a migration.
// New tables write NOT NULL on a non-integer primary key.
var nullablePrimaryKeys = map[string]bool{"sessions.token_hash": true, "settings.key": true}

// TestSchemaColumnsMatchAcrossDialects migrates a fresh database on each
// engine and compares every table column by column: the same names, the
// same nullability and the same kind of value. Matching file names is not
// enough: a column added to one engine's migration only breaks the other
// engine at run time, in whatever feature reads it.
func TestSchemaColumnsMatchAcrossDialects(t *testing.T) {
	t.Parallel()
	if len(storetest.Dialects()) < 2 {
		t.Skipf("needs PostgreSQL: set %s", storetest.PostgresEnv)
	}
	ctx := context.Background()
	lite := schemaColumns(t, ctx, storetest.Open(t, store.SQLite))
	pg := schemaColumns(t, ctx, storetest.Open(t, store.Postgres))
	if len(lite) == 0 || len(pg) == 0 {
		t.Fatalf("no columns read: sqlite %d, postgres %d", len(lite), len(pg))
	}
	for _, p := range diffSchemas(lite, pg) {
		t.Error(p)
	}
}

// diffSchemas lists every difference between the two engines' columns,
// keyed "table.column", apart from the expected ones above.
func diffSchemas(lite, pg map[string]column) []string {
	skip := map[string]bool{}
	for _, names := range engineOnly {
		for _, n := range names {
			skip[n] = true
		}
	}
	var problems []string
	keys := map[string]bool{}
	for k := range lite {
		keys[k] = true
	}
	for k := range pg {
		keys[k] = true
	}
	for k := range keys {
		table, _, _ := strings.Cut(k, ".")
		if skip[k] || skip[table] {
			continue
		}
		l, inLite := lite[k]
		p, inPG := pg[k]
		switch {
		case !inLite:
			problems = append(problems, fmt.Sprintf("%s exists on postgres only", k))
		case !inPG:
			problems = append(problems, fmt.Sprintf("%s exists on sqlite only", k))
		default:
			if !sameClass(l.class, p.class) {
				problems = append(problems, fmt.Sprintf("%s is %s on sqlite, %s on postgres", k, l.class, p.class))
			}
			if l.notNull != p.notNull && !(nullablePrimaryKeys[k] && p.notNull) {
				problems = append(problems, fmt.Sprintf("%s is %s on sqlite, %s on postgres", k, nullability(l.notNull), nullability(p.notNull)))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// sameClass: SQLite has no boolean type, so Trellis stores flags there as
// INTEGER 0/1 and as BOOLEAN on PostgreSQL; both scan into a Go bool.
func sameClass(lite, pg string) bool {
	return lite == pg || (lite == "integer" && pg == "bool")
}

func nullability(notNull bool) string {
	if notNull {
		return "NOT NULL"
	}
	return "nullable"
}

// schemaColumns reads every column of every table in db's schema.
func schemaColumns(t *testing.T, ctx context.Context, db *store.DB) map[string]column {
	t.Helper()
	q := `SELECT m.name, c.name, c.type, c."notnull", c.pk
		FROM sqlite_master m JOIN pragma_table_info(m.name) c
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	if db.Dialect == store.Postgres {
		q = `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO', 0
			FROM information_schema.columns c
			JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`
	}
	rows, err := db.Query(ctx, q)
	if err != nil {
		t.Fatalf("%s: read columns: %v", db.Dialect, err)
	}
	defer rows.Close()
	out := map[string]column{}
	for rows.Next() {
		var table, name, typ string
		var notNull bool
		var pk int
		if err := rows.Scan(&table, &name, &typ, &notNull, &pk); err != nil {
			t.Fatal(err)
		}
		c := column{class: typeClass(db.Dialect, typ), notNull: notNull}
		// An INTEGER PRIMARY KEY is SQLite's rowid: never NULL, though
		// table_info does not say NOT NULL.
		if db.Dialect == store.SQLite && pk > 0 && c.class == "integer" {
			c.notNull = true
		}
		out[table+"."+name] = c
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// typeClass reduces a declared type to the kind of value it holds. On
// SQLite it follows the engine's own affinity rules (datatype3.html 3.1).
func typeClass(d store.Dialect, typ string) string {
	t := strings.ToUpper(typ)
	if d == store.Postgres {
		switch t {
		case "BIGINT", "INTEGER", "SMALLINT":
			return "integer"
		case "TEXT", "CHARACTER VARYING", "CHARACTER":
			return "text"
		case "REAL", "DOUBLE PRECISION", "NUMERIC":
			return "real"
		case "BOOLEAN":
			return "bool"
		case "BYTEA":
			return "blob"
		}
		return strings.ToLower(typ)
	}
	switch {
	case strings.Contains(t, "INT"):
		return "integer"
	case strings.Contains(t, "CHAR"), strings.Contains(t, "CLOB"), strings.Contains(t, "TEXT"):
		return "text"
	case t == "", strings.Contains(t, "BLOB"):
		return "blob"
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"):
		return "real"
	case strings.HasPrefix(t, "BOOL"):
		return "bool"
	}
	return strings.ToLower(typ)
}

// TestDiffSchemasFindsMismatches holds the comparison itself to account, so
// the parity test cannot pass by comparing nothing.
func TestDiffSchemasFindsMismatches(t *testing.T) {
	t.Parallel()
	lite := map[string]column{
		"members.id":          {"integer", true},
		"members.name":        {"text", true},
		"members.only_lite":   {"text", false},
		"members.flag":        {"integer", true},
		"members.score":       {"integer", false},
		"members_fts.content": {"blob", false},
		"sessions.token_hash": {"text", false},
		"jobs.key":            {"text", false},
	}
	pg := map[string]column{
		"members.id":            {"integer", true},
		"members.name":          {"text", false},
		"members.flag":          {"bool", true},
		"members.score":         {"real", false},
		"members.search_vector": {"tsvector", false},
		"members.only_pg":       {"integer", true},
		"sessions.token_hash":   {"text", true},
		"jobs.key":              {"text", true},
	}
	got := diffSchemas(lite, pg)
	want := []string{
		"jobs.key is nullable on sqlite, NOT NULL on postgres",
		"members.name is NOT NULL on sqlite, nullable on postgres",
		"members.only_lite exists on sqlite only",
		"members.only_pg exists on postgres only",
		"members.score is integer on sqlite, real on postgres",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diffSchemas found:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
