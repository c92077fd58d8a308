package members

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// MemberTable names a table holding rows that belong to members, so a merge
// can record them whole and its undo put them back exactly. Each
// capability lists its own (relationships.MemberTables); app wires them in.
type MemberTable struct {
	Name string
	// MemberColumns hold member ids: a row belongs to the members named in
	// any of them.
	MemberColumns []string
	// Key is the primary key, by which undo removes a row the merge made.
	Key []string
	// Grows is true when the kept member may gain rows here after a merge
	// (a new interaction, a new follow-up) without making the undo inexact:
	// those stay with the kept member. Elsewhere any change to the kept
	// member's rows since the merge refuses the undo.
	Grows bool
	// Derived columns are worked out from other rows (key_members'
	// next_due_on, from the member's interactions): a merge does not
	// record them, so their changing since does not refuse the undo, and
	// the undo writes them back empty for an UnmergeHook to work out.
	Derived []string
}

// ownTables are the members capability's tables, parents first: undo
// inserts in this order and deletes in the reverse one.
var ownTables = []MemberTable{
	{Name: "members", MemberColumns: []string{"id"}, Key: []string{"id"}},
	// The versions a member's edits replaced, so that after an undo a
	// stale edit is still told what changed.
	{Name: "member_versions", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "version"}},
	{Name: "member_emails", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "email"}},
	{Name: "member_tags", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "kind", "tag_key"}},
	{Name: "member_identities", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "platform", "handle_key"}},
	{Name: "member_fields", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "name"}},
	// Where each field's value came from (package imports).
	{Name: "member_field_sources", MemberColumns: []string{"member_id"}, Key: []string{"member_id", "field"}},
	{Name: "member_distinct_pairs", MemberColumns: []string{"member_low", "member_high"},
		Key: []string{"member_low", "member_high"}, Grows: true},
}

// memberTables are every table a merge records: the members capability's
// own, then the ones other capabilities registered.
func (s *Service) memberTables() []MemberTable {
	return append(slices.Clone(ownTables), s.MergeTables...)
}

// RecordedTables names every table a merge records and its undo restores,
// so a test can hold them against the schema: a table whose rows belong
// to members but is missing here would lose its rows to a merge for good.
func (s *Service) RecordedTables() []string {
	var out []string
	for _, t := range s.memberTables() {
		out = append(out, t.Name)
	}
	return out
}

// row is one table row, column name to value: int64, string, bool or nil.
type row map[string]any

// rowSet is the rows of several tables, by table name.
type rowSet map[string][]row

// snapshot reads every row of the tables that belongs to any of ids, every
// column but generated ones (PostgreSQL's search_vector), which the
// database computes again when a row is written back.
func snapshot(ctx context.Context, tx *store.Tx, tables []MemberTable, ids ...int64) (rowSet, error) {
	out := rowSet{}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	for _, t := range tables {
		cols, err := writableColumns(ctx, tx, t.Name)
		if err != nil {
			return nil, err
		}
		cols = slices.DeleteFunc(cols, func(c string) bool { return slices.Contains(t.Derived, c) })
		var where []string
		var qargs []any
		for _, c := range t.MemberColumns {
			where = append(where, c+" IN ("+store.Placeholders(len(ids))+")")
			qargs = append(qargs, args...)
		}
		query := "SELECT " + strings.Join(cols, ", ") + " FROM " + t.Name + " WHERE " +
			strings.Join(where, " OR ") + " ORDER BY " + strings.Join(t.Key, ", ")
		err = store.EachRow(ctx, tx, query, qargs, func(rows *sql.Rows) error {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			r := make(row, len(cols))
			for i, c := range cols {
				r[c] = plainValue(vals[i])
			}
			out[t.Name] = append(out[t.Name], r)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("snapshot %s: %w", t.Name, err)
		}
	}
	return out, nil
}

// plainValue makes a scanned value one JSON keeps as it is.
func plainValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int32:
		return int64(x)
	case int:
		return int64(x)
	}
	return v
}

// writableColumns lists a table's columns that an INSERT may set, in
// table order: all of them but generated ones. Reading the schema, not a
// list kept here, means a column another capability adds later (a record
// version, say) is recorded and restored too.
func writableColumns(ctx context.Context, tx *store.Tx, table string) ([]string, error) {
	query := "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid"
	if tx.Dialect == store.Postgres {
		query = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()
			AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position`
	}
	var cols []string
	err := store.EachRow(ctx, tx, query, []any{table}, func(rows *sql.Rows) error {
		var c string
		err := rows.Scan(&c)
		cols = append(cols, c)
		return err
	})
	if err == nil && len(cols) == 0 {
		err = fmt.Errorf("table %s has no columns", table)
	}
	return cols, err
}

// encode is the JSON kept in member_merges.
func (rs rowSet) encode() (string, error) {
	b, err := json.Marshal(rs)
	return string(b), err
}

// decodeRows reads what encode wrote, whole numbers back as int64 and
// others (an engagement figure) as float64.
func decodeRows(s string) (rowSet, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var rs rowSet
	if err := dec.Decode(&rs); err != nil {
		return nil, err
	}
	for _, rows := range rs {
		for _, r := range rows {
			for c, v := range r {
				if n, ok := v.(json.Number); ok {
					if i, err := n.Int64(); err == nil {
						r[c] = i
						continue
					}
					f, err := n.Float64()
					if err != nil {
						return nil, fmt.Errorf("column %s: %w", c, err)
					}
					r[c] = f
				}
			}
		}
	}
	return rs, nil
}

// canonical is a row as comparable text: JSON sorts map keys, and an
// int64 and the json.Number it came back as print alike.
func (r row) canonical() string {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(r)
	return b.String()
}

// insertRow writes r back into table.
func insertRow(ctx context.Context, tx *store.Tx, table string, r row) error {
	cols := slices.Sorted(maps.Keys(r))
	args := make([]any, len(cols))
	for i, c := range cols {
		args[i] = r[c]
	}
	_, err := tx.Exec(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+
		store.Placeholders(len(cols))+")", args...)
	return err
}

// deleteRow removes the row of table with r's key.
func deleteRow(ctx context.Context, tx *store.Tx, t MemberTable, r row) error {
	where := make([]string, len(t.Key))
	args := make([]any, len(t.Key))
	for i, c := range t.Key {
		where[i], args[i] = c+" = ?", r[c]
	}
	_, err := tx.Exec(ctx, "DELETE FROM "+t.Name+" WHERE "+strings.Join(where, " AND "), args...)
	return err
}

// updateRow overwrites every column of r but the key in the row with r's key.
func updateRow(ctx context.Context, tx *store.Tx, t MemberTable, r row) error {
	var set, where []string
	var args, keyArgs []any
	for _, c := range slices.Sorted(maps.Keys(r)) {
		if slices.Contains(t.Key, c) {
			where, keyArgs = append(where, c+" = ?"), append(keyArgs, r[c])
			continue
		}
		set, args = append(set, c+" = ?"), append(args, r[c])
	}
	_, err := tx.Exec(ctx, "UPDATE "+t.Name+" SET "+strings.Join(set, ", ")+" WHERE "+
		strings.Join(where, " AND "), append(args, keyArgs...)...)
	return err
}
