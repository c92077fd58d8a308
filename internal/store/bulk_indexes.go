package store

import (
	"context"
	"fmt"
	"strings"
)

// A bulk load into empty tables spends most of its time keeping their
// secondary indexes in step: every row lands at a random place in each
// index's B-tree (on SQLite a sixth of the benchmark load's CPU, with a
// million interactions). Building an index once over the loaded table is a
// sort, many times faster. DeferIndexes drops those indexes for the load
// and hands back the function that builds them again, in the same
// transaction (DDL is transactional on both engines), so nothing commits
// without them. Their definitions are read from the database itself
// (sqlite_master, pg_index), never written down a second time.
//
// Only non-unique indexes are deferred: unique ones (and primary keys)
// keep checking the rows as they arrive. Tables that already hold rows
// keep their indexes, since rebuilding over rows the load did not write
// could cost more than it saves.
//
// On PostgreSQL the foreign keys of those tables are deferred the same
// way: each row COPY writes otherwise fires a trigger that looks up its
// parent, a million times for interactions' members, while adding the
// constraint back checks every row in one join. (SQLite cannot drop a
// foreign key, and switching them off does not work inside a transaction:
// DB.InLoadTx checks them all once before the commit instead.)
//
// On PostgreSQL dropping an index or constraint locks the table until the
// transaction ends;
// that suits a load into an empty database, the case this is for.

// DeferIndexes drops the non-unique indexes (and on PostgreSQL the
// foreign keys) of each of tables that is empty and returns the function
// that creates them again; call it after the load, inside the same
// transaction: a transaction that commits without calling it leaves the
// tables without them. tables must be constant names.
func (tx *Tx) DeferIndexes(ctx context.Context, tables ...string) (rebuild func() error, err error) {
	type index struct{ table, name, def string }
	var dropped, fks []index
	for _, t := range tables {
		if !plainName(t) {
			return nil, fmt.Errorf("defer indexes: bad table name %q", t)
		}
		var full bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+t+")").Scan(&full); err != nil {
			return nil, fmt.Errorf("defer indexes of %s: %w", t, err)
		}
		if full {
			continue
		}
		q := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' ORDER BY name"
		if tx.Dialect == Postgres {
			// Read by oid from pg_index, never by casting names from
			// pg_indexes: that cast runs over every schema's indexes, and
			// fails when another connection drops a schema meanwhile.
			q = `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.indrelid = to_regclass(?) AND NOT x.indisunique
ORDER BY c.relname`
		}
		if tx.Dialect == Postgres {
			rows, err := tx.Query(ctx, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'f' ORDER BY conname", t)
			if err != nil {
				return nil, fmt.Errorf("defer foreign keys of %s: %w", t, err)
			}
			for rows.Next() {
				fk := index{table: t}
				if err := rows.Scan(&fk.name, &fk.def); err != nil {
					rows.Close()
					return nil, fmt.Errorf("defer foreign keys of %s: %w", t, err)
				}
				fks = append(fks, fk)
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return nil, fmt.Errorf("defer foreign keys of %s: %w", t, err)
			}
		}
		rows, err := tx.Query(ctx, q, t)
		if err != nil {
			return nil, fmt.Errorf("defer indexes of %s: %w", t, err)
		}
		for rows.Next() {
			ix := index{table: t}
			if err := rows.Scan(&ix.name, &ix.def); err != nil {
				rows.Close()
				return nil, fmt.Errorf("defer indexes of %s: %w", t, err)
			}
			dropped = append(dropped, ix)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("defer indexes of %s: %w", t, err)
		}
	}
	for _, ix := range dropped {
		name := ix.name // the PostgreSQL query quotes it already
		if tx.Dialect == SQLite {
			name = quoteIdent(name)
		}
		if _, err := tx.Exec(ctx, "DROP INDEX "+name); err != nil {
			return nil, fmt.Errorf("defer index %s of %s: %w", ix.name, ix.table, err)
		}
	}
	for _, fk := range fks {
		if _, err := tx.Exec(ctx, "ALTER TABLE "+fk.table+" DROP CONSTRAINT "+quoteIdent(fk.name)); err != nil {
			return nil, fmt.Errorf("defer foreign key %s of %s: %w", fk.name, fk.table, err)
		}
	}
	return func() error {
		if tx.Dialect == Postgres && len(dropped) > 0 {
			// Each build sorts its table's keys; with the default 64 MB
			// the sort of a million interactions spills to disk.
			if _, err := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
				return fmt.Errorf("rebuild indexes: %w", err)
			}
		}
		for _, ix := range dropped {
			if _, err := tx.Exec(ctx, ix.def); err != nil {
				return fmt.Errorf("rebuild index %s of %s: %w", ix.name, ix.table, err)
			}
		}
		// Adding a foreign key back checks every loaded row: a row naming
		// a parent that does not exist fails the load here.
		for _, fk := range fks {
			if _, err := tx.Exec(ctx, "ALTER TABLE "+fk.table+" ADD CONSTRAINT "+quoteIdent(fk.name)+" "+fk.def); err != nil {
				return fmt.Errorf("restore foreign key %s of %s: %w", fk.name, fk.table, err)
			}
		}
		return nil
	}, nil
}

// quoteIdent quotes an identifier for either engine.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
