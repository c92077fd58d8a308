package imports

import (
	"context"
	"database/sql"
	"iter"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// writer bulk-writes rows into one table for a whole run. On PostgreSQL
// each batch goes in with COPY. On SQLite it inserts many rows per
// statement, as store.Tx.InsertMany does, but prepares that statement
// once for the run rather than once per batch: parsing a statement of
// thousands of parameters for every batch cost a tenth of an import.
type writer struct {
	table string
	cols  []string
	per   int
	full  *sql.Stmt
	args  []any
}

func newWriter(table string, cols []string) *writer {
	per := min(500, 30_000/len(cols))
	return &writer{table: table, cols: cols, per: per}
}

func (w *writer) write(ctx context.Context, tx *store.Tx, rows iter.Seq[[]any]) error {
	if tx.Dialect == store.Postgres {
		_, err := tx.CopyRows(ctx, w.table, w.cols, rows)
		return err
	}
	into := "INSERT INTO " + w.table + " (" + strings.Join(w.cols, ", ") + ") VALUES "
	one := "(" + store.Placeholders(len(w.cols)) + ")"
	values := func(n int) string { return into + strings.TrimSuffix(strings.Repeat(one+", ", n), ", ") }
	w.args = w.args[:0]
	for row := range rows {
		w.args = append(w.args, row...)
		if len(w.args) < w.per*len(w.cols) {
			continue
		}
		if w.full == nil {
			var err error
			if w.full, err = tx.Prepare(ctx, values(w.per)); err != nil {
				return err
			}
		}
		if _, err := w.full.ExecContext(ctx, w.args...); err != nil {
			return err
		}
		w.args = w.args[:0]
	}
	if len(w.args) > 0 {
		if _, err := tx.Exec(ctx, values(len(w.args)/len(w.cols)), w.args...); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) close() {
	if w.full != nil {
		w.full.Close()
	}
}
