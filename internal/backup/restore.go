package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Restore loads an archive into db, which must be migrated and empty (no
// team accounts, no members): the rows that migrations seed (built-in
// stakeholder groups, activity kinds, campaign templates) are replaced by
// the archive's. Everything goes in one transaction: a bad line anywhere
// leaves db exactly as it was, and the error names the line. The archive
// must come from the same schema version as db.
//
// Foreign keys are checked when the load is done, not row by row, so an
// archive's table order never matters: on SQLite they are deferred to the
// commit; on PostgreSQL they are dropped for the load and added back after
// it, which checks every row (pg_dump restores the same way). Identity
// sequences are then moved past the largest id restored.
func Restore(ctx context.Context, db *store.DB, r io.Reader) (Stats, error) {
	rd, err := NewReader(r)
	if err != nil {
		return Stats{}, apperr.New(apperr.Invalid, "%s", err.Error())
	}
	version, err := db.SchemaVersion(ctx)
	if err != nil {
		return Stats{}, err
	}
	if rd.Header.SchemaVersion != version {
		return Stats{}, apperr.New(apperr.Invalid, "The archive was written at schema version %d and this database is at %d: restore it with the Trellis release that wrote it, then upgrade.",
			rd.Header.SchemaVersion, version)
	}
	if err := mustBeEmpty(ctx, db); err != nil {
		return Stats{}, err
	}
	st := Stats{PerTable: map[string]int64{}}
	err = db.InBulkTx(ctx, func(tx *store.Tx) error {
		targets, err := catalog(ctx, tx, db.Dialect)
		if err != nil {
			return err
		}
		byName := map[string]Table{}
		for _, t := range targets {
			byName[t.Name] = t
		}
		plans := map[string]*plan{}
		for _, src := range rd.Header.Tables {
			dst, ok := byName[src.Name]
			if !ok {
				return apperr.New(apperr.Invalid, "The archive has a table %s, which this database does not have.", src.Name)
			}
			p, err := newPlan(src, dst)
			if err != nil {
				return err
			}
			plans[src.Name] = p
		}
		for _, t := range targets {
			if _, ok := plans[t.Name]; !ok && !LeftOut(t.Name) {
				return apperr.New(apperr.Invalid, "The archive has no table %s, which this database has.", t.Name)
			}
		}
		var fks []foreignKey
		if db.Dialect == store.SQLite {
			if _, err := tx.Exec(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
				return err
			}
		} else if fks, err = dropForeignKeys(ctx, tx); err != nil {
			return err
		}
		// Children first, so a cascade has nothing left to do.
		for i := len(targets) - 1; i >= 0; i-- {
			if _, err := tx.Exec(ctx, "DELETE FROM "+targets[i].Name); err != nil {
				return fmt.Errorf("empty %s: %w", targets[i].Name, err)
			}
		}
		// The tables are empty now: building their indexes once after the
		// load is a sort, many times faster than keeping them in step row
		// by row (on PostgreSQL the same goes for foreign keys, already
		// dropped above).
		names := make([]string, len(targets))
		for i, t := range targets {
			names[i] = t.Name
		}
		rebuild, err := tx.DeferIndexes(ctx, names...)
		if err != nil {
			return err
		}
		row, err := rd.Next()
		for err == nil {
			p := plans[row.Table.Name]
			var convErr error
			rows := func(yield func([]any) bool) {
				for {
					out, cerr := p.convert(row)
					if cerr != nil {
						convErr = cerr
						return
					}
					if !yield(out) {
						return
					}
					row, err = rd.Next()
					if err != nil || row.Table.Name != p.name {
						return
					}
				}
			}
			n, cerr := tx.CopyRows(ctx, p.name, p.cols, iter.Seq[[]any](rows))
			if convErr != nil {
				return apperr.New(apperr.Invalid, "%s", convErr.Error())
			}
			if cerr != nil {
				return fmt.Errorf("restore %s (rows up to line %d): %w", p.name, row.Line, cerr)
			}
			st.PerTable[p.name] += n
			st.Rows += n
		}
		if !errors.Is(err, io.EOF) {
			return apperr.New(apperr.Invalid, "%s", err.Error())
		}
		st.Tables = len(rd.Header.Tables)
		if err := rebuild(); err != nil {
			return fmt.Errorf("build the indexes: %w", err)
		}
		if db.Dialect == store.Postgres {
			if err := addForeignKeys(ctx, tx, fks); err != nil {
				return err
			}
			return resetIdentities(ctx, tx)
		}
		return checkForeignKeys(ctx, tx)
	})
	if err != nil {
		return Stats{}, err
	}
	names := make([]string, 0, len(rd.Header.Tables))
	for _, t := range rd.Header.Tables {
		names = append(names, t.Name)
	}
	if err := db.Analyze(ctx, names...); err != nil {
		return st, err
	}
	return st, nil
}

// mustBeEmpty refuses a database that already holds a community.
func mustBeEmpty(ctx context.Context, db *store.DB) error {
	var users, members int
	if err := db.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM members)").Scan(&users, &members); err != nil {
		return fmt.Errorf("check the database is empty: %w", err)
	}
	if users > 0 || members > 0 {
		return apperr.New(apperr.Conflict, "This database already holds %d team accounts and %d members: restore only into an empty database.", users, members)
	}
	return nil
}

// plan maps an archived table's columns onto the target's.
type plan struct {
	name  string
	cols  []string
	from  []int    // archive column index for each target column
	types []string // target column types
	src   []string // archive column types
	out   []any
}

func newPlan(src, dst Table) (*plan, error) {
	p := &plan{name: dst.Name}
	idx := map[string]int{}
	for i, c := range src.Columns {
		idx[c.Name] = i
	}
	have := map[string]bool{}
	for _, c := range dst.Columns {
		i, ok := idx[c.Name]
		if !ok {
			return nil, apperr.New(apperr.Invalid, "The archive's table %s has no column %s.", dst.Name, c.Name)
		}
		if !convertible(src.Columns[i].Type, c.Type) {
			return nil, apperr.New(apperr.Invalid, "Column %s.%s holds %s values in the archive and %s values here.", dst.Name, c.Name, src.Columns[i].Type, c.Type)
		}
		have[c.Name] = true
		p.cols = append(p.cols, c.Name)
		p.from = append(p.from, i)
		p.types = append(p.types, c.Type)
		p.src = append(p.src, src.Columns[i].Type)
	}
	for _, c := range src.Columns {
		if !have[c.Name] {
			return nil, apperr.New(apperr.Invalid, "The archive's table %s has a column %s, which this database does not have.", dst.Name, c.Name)
		}
	}
	p.out = make([]any, len(p.cols))
	return p, nil
}

// convertible says which archived types load into which column types:
// the same, or SQLite's 0/1 flags into PostgreSQL's booleans and back,
// or whole numbers into a real column.
func convertible(from, to string) bool {
	return from == to || (from == "integer" && (to == "bool" || to == "real")) || (from == "bool" && to == "integer")
}

func (p *plan) convert(r Row) ([]any, error) {
	for i, j := range p.from {
		v := r.Values[j]
		switch x := v.(type) {
		case int64:
			switch p.types[i] {
			case "bool":
				if x != 0 && x != 1 {
					return nil, fmt.Errorf("line %d: %s.%s: %d is not a flag (0 or 1)", r.Line, p.name, p.cols[i], x)
				}
				v = x == 1
			case "real":
				v = float64(x)
			}
		case bool:
			if p.types[i] == "integer" {
				v = int64(0)
				if x {
					v = int64(1)
				}
			}
		}
		p.out[i] = v
	}
	return p.out, nil
}

type foreignKey struct{ table, name, def string }

// dropForeignKeys drops every foreign key of the current schema inside tx
// and returns them, to be added back by addForeignKeys in the same
// transaction.
func dropForeignKeys(ctx context.Context, tx *store.Tx) ([]foreignKey, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname, k.conname`)
	if err != nil {
		return nil, fmt.Errorf("read foreign keys: %w", err)
	}
	var fks []foreignKey
	for rows.Next() {
		var fk foreignKey
		if err := rows.Scan(&fk.table, &fk.name, &fk.def); err != nil {
			rows.Close()
			return nil, err
		}
		fks = append(fks, fk)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, fk := range fks {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+quoteIdent(fk.table)+" DROP CONSTRAINT "+quoteIdent(fk.name)); err != nil {
			return nil, fmt.Errorf("drop foreign key %s: %w", fk.name, err)
		}
	}
	return fks, nil
}

func addForeignKeys(ctx context.Context, tx *store.Tx, fks []foreignKey) error {
	for _, fk := range fks {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+quoteIdent(fk.table)+" ADD CONSTRAINT "+quoteIdent(fk.name)+" "+fk.def); err != nil {
			if store.IsForeignKeyViolation(err) {
				return apperr.Wrap(err, apperr.Invalid, "The archive's table %s refers to rows it does not hold (%s).", fk.table, fk.name)
			}
			return fmt.Errorf("add foreign key %s back: %w", fk.name, err)
		}
	}
	return nil
}

// checkForeignKeys names the first row whose foreign key points nowhere,
// rather than letting the commit fail with SQLite's bare "FOREIGN KEY
// constraint failed".
func checkForeignKeys(ctx context.Context, tx *store.Tx) error {
	var table, parent string
	var rowid any
	err := tx.QueryRow(ctx, `SELECT "table", rowid, parent FROM pragma_foreign_key_check LIMIT 1`).Scan(&table, &rowid, &parent)
	if err == nil {
		return apperr.New(apperr.Invalid, "The archive's table %s refers to rows of %s it does not hold.", table, parent)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return fmt.Errorf("check foreign keys: %w", err)
}

// resetIdentities moves every identity column's sequence past the largest
// id the restore wrote, so the next row created gets a new id.
func resetIdentities(ctx context.Context, tx *store.Tx) error {
	rows, err := tx.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return fmt.Errorf("read identity columns: %w", err)
	}
	var cols [][2]string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, [2]string{t, c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tc := range cols {
		t, c := quoteIdent(tc[0]), quoteIdent(tc[1])
		q := "SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(" + c + ") FROM " + t + "), 0) + 1, false)"
		if _, err := tx.Exec(ctx, q, tc[0], tc[1]); err != nil {
			return fmt.Errorf("reset the sequence of %s.%s: %w", tc[0], tc[1], err)
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
