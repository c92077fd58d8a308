package backup

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// Column is one column of an archived table and the kind of value it
// holds: integer, real, text, bool or blob. SQLite keeps flags as integers
// 0 and 1 where PostgreSQL has booleans; a restore converts between them.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Table is one archived table: its writable columns in table order
// (generated ones, such as PostgreSQL's search vector, are computed again
// on restore) and its primary key, by which rows are read in order.
type Table struct {
	Name    string   `json:"name"`
	Columns []Column `json:"columns"`
	Key     []string `json:"key,omitempty"`
	// refs are the tables this one's foreign keys point at.
	refs []string
}

// skipped are tables that are not the community's data: the migrations'
// own record (the target's migrations write it) and SQLite's statistics.
// Full-text indexes (SQLite's FTS5 tables and their shadow tables) are
// left out by type, and rebuilt by the triggers that keep them as rows
// are restored.
func skipped(name string) bool {
	return name == "schema_migrations" || strings.HasPrefix(name, "sqlite_")
}

// LeftOut reports whether the archive leaves table name out: exports
// waiting to be downloaded are files made from the other tables, kept a
// day, not the community's data (an archive would otherwise hold the
// archives before it).
func LeftOut(name string) bool { return name == "exports" || name == "export_chunks" }

// Tables lists every data table of the database q reads, with its
// writable columns and primary key, parents first. Privacy reads it to
// find every text column an erased person's address might be in.
func Tables(ctx context.Context, q store.Querier, d store.Dialect) ([]Table, error) {
	return catalog(ctx, q, d)
}

// catalog lists every data table of db, parents before the tables whose
// foreign keys point at them (ties by name), so a loader that checks keys
// row by row could follow it.
func catalog(ctx context.Context, q store.Querier, d store.Dialect) ([]Table, error) {
	names, err := tableNames(ctx, q, d)
	if err != nil {
		return nil, err
	}
	tables := make([]Table, 0, len(names))
	for _, n := range names {
		t := Table{Name: n}
		if t.Columns, err = columns(ctx, q, d, n); err != nil {
			return nil, err
		}
		if t.Key, err = primaryKey(ctx, q, d, n); err != nil {
			return nil, err
		}
		if t.refs, err = references(ctx, q, d, n); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return parentsFirst(tables), nil
}

func tableNames(ctx context.Context, q store.Querier, d store.Dialect) ([]string, error) {
	// pragma_table_list types FTS5's tables "virtual" and their storage
	// "shadow"; only ordinary tables hold the community's rows.
	query := "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name"
	if d == store.Postgres {
		query = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	var out []string
	err := store.EachRow(ctx, q, query, nil, func(rows *sql.Rows) error {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		if !skipped(n) {
			out = append(out, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	return out, nil
}

func columns(ctx context.Context, q store.Querier, d store.Dialect, table string) ([]Column, error) {
	query := "SELECT name, type FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid"
	if d == store.Postgres {
		query = `SELECT column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
			ORDER BY ordinal_position`
	}
	var out []Column
	err := store.EachRow(ctx, q, query, []any{table}, func(rows *sql.Rows) error {
		var c Column
		if err := rows.Scan(&c.Name, &c.Type); err != nil {
			return err
		}
		c.Type = typeClass(d, c.Type)
		out = append(out, c)
		return nil
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("no columns")
	}
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	return out, nil
}

func primaryKey(ctx context.Context, q store.Querier, d store.Dialect, table string) ([]string, error) {
	query := "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk"
	if d == store.Postgres {
		query = `SELECT a.attname FROM pg_index i
			JOIN pg_class c ON c.oid = i.indrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
			JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos) ON true
			JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
			WHERE c.relname = ? AND i.indisprimary ORDER BY k.pos`
	}
	var out []string
	err := store.EachRow(ctx, q, query, []any{table}, func(rows *sql.Rows) error {
		var n string
		err := rows.Scan(&n)
		out = append(out, n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("primary key of %s: %w", table, err)
	}
	return out, nil
}

func references(ctx context.Context, q store.Querier, d store.Dialect, table string) ([]string, error) {
	query := `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`
	if d == store.Postgres {
		query = `SELECT DISTINCT p.relname FROM pg_constraint k
			JOIN pg_class c ON c.oid = k.conrelid
			JOIN pg_class p ON p.oid = k.confrelid
			WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace AND c.relname = ?`
	}
	var out []string
	err := store.EachRow(ctx, q, query, []any{table}, func(rows *sql.Rows) error {
		var n string
		err := rows.Scan(&n)
		if n != table {
			out = append(out, n)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("foreign keys of %s: %w", table, err)
	}
	return out, nil
}

// parentsFirst orders tables so every table comes after those it refers
// to; tables in a cycle (there are none today) keep their name order.
func parentsFirst(tables []Table) []Table {
	byName := map[string]int{}
	for i, t := range tables {
		byName[t.Name] = i
	}
	done := map[string]bool{}
	visiting := map[string]bool{}
	out := make([]Table, 0, len(tables))
	var visit func(t Table)
	visit = func(t Table) {
		if done[t.Name] || visiting[t.Name] {
			return
		}
		visiting[t.Name] = true
		refs := slices.Clone(t.refs)
		slices.Sort(refs)
		for _, r := range refs {
			if i, ok := byName[r]; ok {
				visit(tables[i])
			}
		}
		visiting[t.Name] = false
		done[t.Name] = true
		out = append(out, t)
	}
	for _, t := range tables {
		visit(t)
	}
	return out
}

// typeClass reduces a declared column type to the kind of value it holds,
// by SQLite's affinity rules on SQLite.
func typeClass(d store.Dialect, typ string) string {
	t := strings.ToUpper(typ)
	if d == store.Postgres {
		switch t {
		case "BIGINT", "INTEGER", "SMALLINT":
			return "integer"
		case "REAL", "DOUBLE PRECISION", "NUMERIC":
			return "real"
		case "BOOLEAN":
			return "bool"
		case "BYTEA":
			return "blob"
		}
		return "text"
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
	return "text"
}
