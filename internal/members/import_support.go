package members

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// This file opens to imports (package imports) what they need to write
// members in bulk, set-based, with every derived column (sort and name
// keys, folded keys, search text) computed exactly as Create computes
// them: a member an import wrote reads, sorts and searches like any other.

// Normalise is Validate returning the problems one by one, so an import
// can report every one against its line.
func Normalise(m Member) (Member, apperr.FieldErrors) { return normalise(m) }

// ChangedFields names, by JSON name, the editable fields that differ
// between two normalised records.
func ChangedFields(a, b Member) []string { return changedFields(a, b) }

// StoredColumns are the members columns an import writes for a new
// member, in the order StoredValues returns them: the id, every column
// Create writes, then created_at.
func StoredColumns() []string {
	return append(append([]string{"id"}, writeColumns...), "created_at")
}

// StoredValues are a normalised member's values for StoredColumns.
func StoredValues(id int64, m Member, now time.Time) []any {
	return append(append([]any{id}, rowValues(m, now)...), now.Unix())
}

// ChildTable is one table of a member's repeated values (emails, tags,
// identities, custom fields), for bulk writes.
type ChildTable struct {
	Name string
	Cols []string // member_id first
	// Rows are the table's rows for member id holding m's values.
	Rows func(id int64, m *Member) [][]any
}

// ChildTables lists the members' child tables.
func ChildTables() []ChildTable {
	out := make([]ChildTable, len(childTables))
	for i, t := range childTables {
		out[i] = ChildTable{Name: t.name, Cols: t.cols, Rows: t.rows}
	}
	return out
}

// LoadTx loads the complete members with the given ids inside tx, with
// one query per table per 500 ids. Missing ids are skipped.
func LoadTx(ctx context.Context, tx *store.Tx, ids []int64) ([]Member, error) {
	return loadMany(ctx, tx, ids)
}

// RewriteTx replaces old, read inside tx, with the normalised m exactly as
// an edit does (the replaced version kept for stale edits, the version
// raised) and returns the new version. It writes no audit entry and no
// field source: the caller records both.
func RewriteTx(ctx context.Context, tx *store.Tx, old, m Member, now time.Time) (int64, error) {
	if err := rewriteMember(ctx, tx, old, m, now); err != nil {
		return 0, err
	}
	return old.Version + 1, nil
}

// NewIDFloor is the smallest id a new member may take on SQLite without
// reusing the id of a member merged away (see mergedIDFloor), or 0 when
// any id above the largest one is safe.
func NewIDFloor(ctx context.Context, tx *store.Tx) (int64, error) { return mergedIDFloor(ctx, tx) }

// Field sources: where a member field's value came from when it changed
// after the member was created (member_field_sources).
const (
	SourceManual = "manual"
	SourceImport = "import"
)

// RecordFieldSources notes in tx that fields (JSON names, as ChangedFields
// gives them) of member id now hold values from source; runID names the
// import run, 0 for none.
func RecordFieldSources(ctx context.Context, tx *store.Tx, id int64, fields []string, source string, runID int64, now time.Time) error {
	if len(fields) == 0 {
		return nil
	}
	var run any
	if runID != 0 {
		run = runID
	}
	rows := make([]any, 0, len(fields)*5)
	for _, f := range fields {
		rows = append(rows, id, f, source, run, now.Unix())
	}
	_, err := tx.Exec(ctx, "INSERT INTO member_field_sources (member_id, field, source, run_id, at)"+
		valuesRows(5, len(fields))+
		" ON CONFLICT (member_id, field) DO UPDATE SET source = excluded.source, run_id = excluded.run_id, at = excluded.at", rows...)
	return err
}

// valuesRows is " VALUES (?, ...), (...)" for n rows of cols values.
func valuesRows(cols, n int) string {
	row := "(" + store.Placeholders(cols) + ")"
	out := " VALUES " + row
	for range n - 1 {
		out += ", " + row
	}
	return out
}

// NameMatchKey is how an import recognises a person it has no email or
// ORCID iD for: their name folded with its words sorted ("lovelace ada")
// and their affiliation folded, as the duplicate check reads them.
func NameMatchKey(m Member) string {
	return storedNameKey(m.Name) + "|" + foldKey(m.Affiliation)
}

// CountryCode returns the ISO code of a country written by code or by its
// English short name ("de", "Germany", "germany"), or "" when it names
// none.
func CountryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 && CountryName(strings.ToUpper(s)) != "" {
		return strings.ToUpper(s)
	}
	return countriesByFoldedName()[foldKey(s)]
}

var countriesByFoldedName = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, c := range Countries() {
		out[foldKey(c.Name)] = c.Code
	}
	return out
})
