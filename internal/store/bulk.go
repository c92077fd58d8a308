package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"slices"
	"strings"
)

// Bulk writes (imports, the demo loader) insert thousands of rows in one
// transaction. Row by row, each INSERT is a round trip to PostgreSQL, and
// reading back each new id stops parent and child rows from going in
// together. So a bulk write reserves its ids up front with ReserveIDs and
// then sends many rows per statement with InsertMany.

// bulkRows and bulkParams size one multi-row INSERT. Beyond a few hundred
// rows a statement gains little, and the parameters stay well under
// SQLite's limit of 32,766 per statement (PostgreSQL allows 65,535).
const (
	bulkRows   = 500
	bulkParams = 30_000
)

// ReserveIDs returns n new ids for table's id column, ascending, which the
// caller then writes explicitly: child rows can name their parent without
// waiting for the parent's insert. table must be a constant table name,
// never input. It must run inside the transaction that writes the rows.
//
// On PostgreSQL the ids come from the column's identity sequence, so they
// never collide with ids handed out to other sessions (nor, under
// concurrency, are they necessarily consecutive). On SQLite they follow
// the largest id in the table, as SQLite's own choice would: the
// transaction holds the database's only write lock (BEGIN IMMEDIATE), so
// nobody else can take them before it commits.
func (tx *Tx) ReserveIDs(ctx context.Context, table string, n int) ([]int64, error) {
	if !plainName(table) {
		return nil, fmt.Errorf("reserve ids: bad table name %q", table)
	}
	if n <= 0 {
		return []int64{}, nil
	}
	ids := make([]int64, 0, n)
	if tx.Dialect == Postgres {
		// The sequence is looked up once: pg_get_serial_sequence scans
		// pg_depend, and called for each of a million rows it took most
		// of the 20 s this query took under load.
		var seq int64
		if err := tx.QueryRow(ctx, "SELECT pg_get_serial_sequence(?, 'id')::regclass::oid", table).Scan(&seq); err != nil {
			return nil, fmt.Errorf("reserve %d ids in %s: %w", n, table, err)
		}
		rows, err := tx.Query(ctx, "SELECT nextval(?::oid::regclass) FROM generate_series(1, ?)", seq, n)
		if err != nil {
			return nil, fmt.Errorf("reserve %d ids in %s: %w", n, table, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, fmt.Errorf("reserve %d ids in %s: %w", n, table, err)
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("reserve %d ids in %s: %w", n, table, err)
		}
		slices.Sort(ids)
		return ids, nil
	}
	var last int64
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&last); err != nil {
		return nil, fmt.Errorf("reserve %d ids in %s: %w", n, table, err)
	}
	for i := range n {
		ids = append(ids, last+1+int64(i))
	}
	return ids, nil
}

// InsertMany inserts every row rows yields with multi-row INSERTs: into is
// the statement up to VALUES ("INSERT INTO t (a, b)") and each row holds
// cols values in that order. Full chunks of rows share one prepared
// statement; what is left over goes in one last statement. It returns how
// many rows were inserted. The row slices may be reused by the caller
// between yields.
func (tx *Tx) InsertMany(ctx context.Context, into string, cols int, rows iter.Seq[[]any]) (n int, err error) {
	return tx.InsertManyThen(ctx, into, "", cols, rows)
}

// InsertManyThen is InsertMany with then appended to every statement after
// its VALUES, for an ON CONFLICT clause both engines understand.
func (tx *Tx) InsertManyThen(ctx context.Context, into, then string, cols int, rows iter.Seq[[]any]) (n int, err error) {
	return tx.InsertManyTuple(ctx, into, "", then, cols, rows)
}

// InsertManyTuple is InsertManyThen with each row's VALUES tuple written
// by the caller: tuple holds exactly cols "?" placeholders and may hold
// literals besides ("(?, ?, NULL, 42)"), for values every row shares,
// which then are not bound once a row. An empty tuple is cols
// placeholders.
func (tx *Tx) InsertManyTuple(ctx context.Context, into, tuple, then string, cols int, rows iter.Seq[[]any]) (n int, err error) {
	if tuple == "" && cols > 0 {
		tuple = "(" + strings.Repeat("?, ", cols-1) + "?)"
	}
	if cols <= 0 || cols > bulkParams || strings.Count(tuple, "?") != cols {
		return 0, fmt.Errorf("insert many: %d columns", cols)
	}
	per := min(bulkRows, bulkParams/cols)
	args := make([]any, 0, per*cols)
	var full *sql.Stmt
	defer func() {
		if full != nil {
			if cerr := full.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}
	}()
	seen := 0
	for row := range rows {
		if len(row) != cols {
			return n, fmt.Errorf("insert many: row %d has %d values, want %d", seen, len(row), cols)
		}
		seen++
		args = append(args, row...)
		if len(args) < per*cols {
			continue
		}
		if full == nil {
			if full, err = tx.Prepare(ctx, into+valuesClause(tuple, per)+then); err != nil {
				return n, err
			}
		}
		if _, err := full.ExecContext(ctx, args...); err != nil {
			return n, err
		}
		n += per
		args = args[:0]
	}
	if len(args) > 0 {
		if _, err := tx.Exec(ctx, into+valuesClause(tuple, len(args)/cols)+then, args...); err != nil {
			return n, err
		}
		n += len(args) / cols
	}
	return n, nil
}

// valuesClause is " VALUES (?, ?), (?, ?)" for rows rows of the tuple
// "(?, ?)".
func valuesClause(one string, rows int) string {
	var b strings.Builder
	b.Grow(len(" VALUES ") + rows*(len(one)+2))
	b.WriteString(" VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// plainName reports whether s is a lower-case SQL identifier.
func plainName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
