package store

import (
	"cmp"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Bulk loads (the benchmark community, imports of a whole community, a
// restore) write millions of rows. PostgreSQL takes them fastest through
// COPY, which database/sql cannot speak, so a bulk transaction keeps hold
// of its connection and CopyRows reaches pgx underneath it. SQLite has no
// COPY: there CopyRows is InsertMany's batched prepared statements.

// InBulkTx is InTx for bulk loads: fn may call CopyRows, which uses COPY
// on PostgreSQL. Everything fn writes commits together or not at all.
// After a bulk load, call Analyze on the tables it filled.
func (db *DB) InBulkTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inBulkTx(ctx, bulkPlain, fn)
}

// InCheckedBulkTx is InBulkTx for a load that has itself checked, inside
// fn, that every row it writes names a parent that exists (the activities
// of a batch, whose members are looked up in bulk before they are
// written): on SQLite foreign keys are not enforced for the transaction's
// length. SQLite cannot know a multi-row INSERT into a table with a
// foreign key will not fail half way, so it keeps a journal of every page
// each statement changes to undo it: half the CPU of ingesting a batch of
// activities went there. The transaction holds SQLite's one write lock,
// so nothing can delete a parent between fn's check and its commit.
// PostgreSQL enforces the keys as ever. On SQLite the page cache is
// raised to 128 MB for the transaction (see below).
func (db *DB) InCheckedBulkTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inBulkTx(ctx, bulkChecked, fn)
}

// InLoadTx is InBulkTx for a load into an empty database (the benchmark
// community): on SQLite, foreign keys are checked once over the whole
// database before the commit rather than row by row, which spares each
// row's parent lookups and each multi-row INSERT its statement journal
// (see InCheckedBulkTx). Tables CopyRows filled are checked from the
// keys it saw go in, every other one by PRAGMA foreign_key_check (see
// checkForeignKeys). A row naming a parent that does not exist fails the
// load, naming the table, the row and the parent table, and nothing is
// kept. The check reads every row of every table with a foreign key that
// CopyRows did not fill: into a database that already holds millions it
// costs as much as the load, so use InBulkTx there. PostgreSQL enforces
// the keys as ever (DeferIndexes moves them after the load). The page
// cache is InBulkTx's.
func (db *DB) InLoadTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inBulkTx(ctx, bulkLoad, fn)
}

// bulkMode is how a bulk transaction treats foreign keys on SQLite.
type bulkMode int

const (
	bulkPlain   bulkMode = iota // enforced row by row
	bulkChecked                 // not enforced: the caller has checked
	bulkLoad                    // checked once, before the commit
)

func (db *DB) inBulkTx(ctx context.Context, mode bulkMode, fn func(tx *Tx) error) (err error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin bulk transaction: %w", err)
	}
	defer conn.Close()
	checked := mode == bulkChecked
	if db.Dialect == SQLite && mode != bulkPlain {
		// The pragma does nothing inside a transaction: it is switched
		// off before BEGIN and on again after COMMIT or ROLLBACK. A
		// connection that cannot be switched back is thrown away, never
		// handed to the next writer without its foreign keys.
		if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
			return fmt.Errorf("begin bulk transaction: %w", err)
		}
		defer func() {
			if _, ferr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); ferr != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				if err == nil {
					err = fmt.Errorf("end bulk transaction: %w", ferr)
				}
			}
		}()
	}
	if db.Dialect == SQLite && checked {
		// A batch of activities into a table that already holds millions
		// lands at random places in its indexes' B-trees: with the
		// everyday 32 MB cache most pages it touches were spilled and are
		// read back (33,500 activities per CPU-second into 2.5 million
		// rows); with 128 MB, 58,000. 256 MB was 8% faster still but
		// peaked at 600 MB of memory against 360. The cache is given back
		// after COMMIT or ROLLBACK.
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -131072"); err != nil {
			return fmt.Errorf("begin bulk transaction: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -32000")
	}
	if db.Dialect == SQLite && !checked {
		// A bulk load inserts into indexes in no particular order (tags
		// by tag, participants by member): with the everyday page cache
		// most inserts read a page back from disk. A big cache for the
		// load's length keeps the indexes in memory. Checked loads
		// (batches of activities, above) take 128 MB: giving the cache
		// back frees its pages one by one, and into 1.2 million rows a
		// batch took as much CPU with the everyday cache as with 256 MB,
		// while into 2.5 million the everyday cache spilled.
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
			return fmt.Errorf("begin bulk transaction: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA cache_size = -32000")
	}
	return runTx(ctx, db.Dialect, conn, conn.BeginTx, func(tx *Tx) error {
		if db.Dialect == SQLite && mode == bulkLoad {
			tx.load = &loadCheck{copied: map[string]*copiedTable{}}
		}
		if db.Dialect == Postgres {
			// A load writes for as long as it takes: statement_timeout
			// bounds a request's queries (Options.StatementTimeout), and
			// stopped the COPY of 100,000 members after five seconds.
			if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
				return err
			}
		}
		if err := fn(tx); err != nil {
			return err
		}
		if tx.load != nil {
			return checkForeignKeys(ctx, tx, tx.load)
		}
		return nil
	})
}

// CopyRows writes every row rows yields into table's cols and returns how
// many it wrote. table and cols must be constant names, never input. On
// PostgreSQL inside InBulkTx it sends them with COPY; otherwise it falls
// back to InsertMany. Values must already have the column's type: COPY
// does not convert a Go bool into an INTEGER column.
func (tx *Tx) CopyRows(ctx context.Context, table string, cols []string, rows iter.Seq[[]any]) (int64, error) {
	if !plainName(table) {
		return 0, fmt.Errorf("copy rows: bad table name %q", table)
	}
	for _, c := range cols {
		if !plainName(c) {
			return 0, fmt.Errorf("copy rows into %s: bad column name %q", table, c)
		}
	}
	if tx.Dialect != Postgres || tx.conn == nil {
		if tx.load != nil {
			var err error
			if rows, err = tx.load.track(ctx, tx, table, cols, rows); err != nil {
				return 0, err
			}
		}
		n, err := tx.InsertMany(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+")", len(cols), rows)
		if err != nil {
			return int64(n), fmt.Errorf("insert into %s: %w", table, err)
		}
		return int64(n), nil
	}
	next, stop := iter.Pull(rows)
	defer stop()
	var n int64
	err := tx.conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy rows: driver connection is %T, not pgx", driverConn)
		}
		var err error
		if tx.frozen[table] {
			n, err = copyFrozen(ctx, c.Conn(), table, cols, next)
			return err
		}
		n, err = c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			row, ok := next()
			if !ok {
				return nil, nil
			}
			if len(row) != len(cols) {
				return nil, fmt.Errorf("row has %d values, want %d", len(row), len(cols))
			}
			return row, nil
		}))
		return err
	})
	if err != nil {
		return n, fmt.Errorf("copy into %s: %w", table, err)
	}
	return n, nil
}

// Analyze refreshes the planner's statistics for tables, which a bulk load
// has just filled. PostgreSQL plans from statistics, and tables that were
// never analysed look empty to it: a page of members then reads their
// tags with a sequential scan of every tag. Production servers analyse on
// their own, but only minutes after a load, and autovacuum may be off.
// On PostgreSQL it vacuums them too, which marks their pages all-visible:
// until then an index-only scan (the dashboard's last contact per key
// member) still reads every row it finds from the table; the tables are
// shared between two connections (see vacuumAnalyze). On SQLite it
// samples (analysis_limit) rather than reading every index in full, which
// is all its planner needs. tables must be constant names.
func (db *DB) Analyze(ctx context.Context, tables ...string) error {
	return db.analyze(ctx, tables, "VACUUM (ANALYZE) ")
}

// AnalyzeFrozen is Analyze for tables a load wrote frozen (see
// Tx.FreezeLoad): their pages are all-visible already, so on PostgreSQL
// it only analyses them, without VACUUM's pass over every page. On
// SQLite it is Analyze.
func (db *DB) AnalyzeFrozen(ctx context.Context, tables ...string) error {
	return db.analyze(ctx, tables, "ANALYZE ")
}

// analyze runs pgCommand on each of tables on PostgreSQL, and samples
// them on SQLite.
func (db *DB) analyze(ctx context.Context, tables []string, pgCommand string) error {
	for _, t := range tables {
		if !plainName(t) {
			return fmt.Errorf("analyze: bad table name %q", t)
		}
	}
	if len(tables) == 0 {
		return nil
	}
	if db.Dialect == Postgres {
		return db.vacuumAnalyze(ctx, tables, pgCommand)
	}
	return db.analyzeSQLite(ctx, tables)
}

// analyzeSQLite analyses tables on SQLite, sampling each index.
func (db *DB) analyzeSQLite(ctx context.Context, tables []string) error {
	// The writer is one connection, so the limit set here holds for the
	// ANALYZE statements that follow.
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA analysis_limit = 1000"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	for _, t := range tables {
		if _, err := conn.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return fmt.Errorf("analyze %s: %w", t, err)
		}
	}
	return nil
}

// vacuumAnalyze runs stmt (VACUUM (ANALYZE) or ANALYZE) over tables on
// PostgreSQL, split between two connections by size so that the server
// works on two tables at once: after the benchmark load VACUUM took
// 10-16 s on one connection, most of it reading and hinting each table's
// pages, work that spreads over two cores. Each table is handled once,
// by one of them.
func (db *DB) vacuumAnalyze(ctx context.Context, tables []string, stmt string) error {
	sizes := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := db.write.QueryRowContext(ctx, "SELECT pg_total_relation_size(to_regclass($1))", t).Scan(&n); err != nil {
			return fmt.Errorf("analyze %s: %w", t, err)
		}
		sizes[t] = n
	}
	halves := splitBySize(tables, sizes)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, half := range halves {
		if len(half) == 0 {
			continue
		}
		wg.Go(func() { errs[i] = db.vacuumAnalyzeOn(ctx, half, stmt) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// vacuumAnalyzeOn runs stmt over tables on a connection of
// its own: VACUUM cannot run inside a transaction. Its statement_timeout
// is lifted for it (after a bulk load it takes longer than a request
// may), then reset to the connection's default.
func (db *DB) vacuumAnalyzeOn(ctx context.Context, tables []string, stmt string) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET statement_timeout = 0"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "RESET statement_timeout")
	if _, err := conn.ExecContext(ctx, stmt+strings.Join(tables, ", ")); err != nil {
		return fmt.Errorf("analyze %s: %w", strings.Join(tables, ", "), err)
	}
	return nil
}

// splitBySize shares tables between two lists of about the same total
// size, the largest first, each table in one of them.
func splitBySize(tables []string, sizes map[string]int64) [2][]string {
	ordered := slices.Clone(tables)
	slices.SortStableFunc(ordered, func(a, b string) int { return cmp.Compare(sizes[b], sizes[a]) })
	var halves [2][]string
	var total [2]int64
	for _, t := range ordered {
		i := 0
		if total[1] < total[0] {
			i = 1
		}
		halves[i] = append(halves[i], t)
		total[i] += sizes[t]
	}
	return halves
}
