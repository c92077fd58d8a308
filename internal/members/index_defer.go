package members

import (
	"context"
	"fmt"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// A large import into a small community spends much of its time keeping
// the members table's indexes in step row by row: on SQLite the two FTS5
// tables the triggers fill (a seventh of an import's CPU), on PostgreSQL
// the three GIN indexes (the search vector and two trigram indexes, half
// the server's time) and a dozen B-trees for the lists' sort orders and
// filters. Built once over the loaded table they cost less on PostgreSQL
// (about 7% of the server's CPU for a 100,000-member first import, on a
// loaded machine) and about the same on SQLite, where the FTS5 rebuild
// re-tokenises and merges as the triggers did (docs/benchmarks.md).
// DeferIndexes takes them out of the import's transaction and hands back
// the function that puts them back, in the same transaction, so nothing
// commits without them. Unique indexes stay, and so do the ones an import
// looks members up by (lookupIndexes).
//
// Rebuilding covers every member, not only the imported ones, so it is
// only worth it while the community is small: DeferIndexes does nothing
// when members holds deferIndexesBelow rows or more, and the import keeps
// the row-by-row path. On PostgreSQL dropping an index locks the members
// table until the transaction ends (a page that reads members waits for
// the import), acceptable for the first load of a small community, the
// case this is for; SQLite's readers keep reading their snapshot.

// deferIndexesBelow is the community size up to which DeferIndexes
// defers: rebuilding 5,000 members' indexes takes well under a second.
const deferIndexesBelow = 5000

// lookupIndexes are the members indexes an import matches rows by (ORCID
// iD, folded name): they stay.
var lookupIndexes = []string{"members_orcid", "members_name_key"}

// searchTables are SQLite's full-text tables over members, filled by the
// members_fts_* and members_substr_* triggers.
var searchTables = []string{"members_fts", "members_substr"}

// DeferIndexes drops the members table's secondary indexes an import
// does not read (SQLite: its indexes and the triggers that fill
// members_fts and members_substr; PostgreSQL: its indexes, the GIN search
// indexes among them) when the community holds fewer than 5,000 members,
// and returns the function that restores them: the triggers and indexes
// as they were (read from the database, never written down twice), built
// over every member. Call it inside tx after the load; a transaction that
// commits without calling it leaves members without them. When it defers
// nothing, restore does nothing.
func DeferIndexes(ctx context.Context, tx *store.Tx) (restore func() error, err error) {
	noop := func() error { return nil }
	var small bool
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) < ? FROM (SELECT 1 FROM members LIMIT ?) m", deferIndexesBelow, deferIndexesBelow).Scan(&small); err != nil {
		return nil, fmt.Errorf("defer member indexes: %w", err)
	}
	if !small {
		return noop, nil
	}
	type def struct{ kind, name, sql string }
	var defs []def
	keep := "'" + strings.Join(lookupIndexes, "', '") + "'"
	q := `SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'members' AND (
		(type = 'trigger' AND (name LIKE 'members\_fts\_%' ESCAPE '\' OR name LIKE 'members\_substr\_%' ESCAPE '\'))
		OR (type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %' AND name NOT IN (` + keep + `)))
		ORDER BY type, name`
	if tx.Dialect == store.Postgres {
		q = `SELECT 'index', quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.indrelid = to_regclass('members') AND NOT x.indisunique AND c.relname NOT IN (` + keep + `) ORDER BY c.relname`
	}
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("defer member indexes: %w", err)
	}
	for rows.Next() {
		var d def
		if err := rows.Scan(&d.kind, &d.name, &d.sql); err != nil {
			rows.Close()
			return nil, fmt.Errorf("defer member indexes: %w", err)
		}
		defs = append(defs, d)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("defer member indexes: %w", err)
	}
	if len(defs) == 0 {
		return noop, nil
	}
	// SQLite forgets a dropped index's statistics (sqlite_stat1, from the
	// last ANALYZE), which its planner chooses indexes by: they are kept
	// here and written back with the index.
	var stats [][3]string
	if tx.Dialect == store.SQLite {
		var has bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')").Scan(&has); err != nil {
			return nil, fmt.Errorf("defer member indexes: %w", err)
		}
		if has {
			rows, err := tx.Query(ctx, "SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'members' AND idx IS NOT NULL")
			if err != nil {
				return nil, fmt.Errorf("defer member indexes: %w", err)
			}
			for rows.Next() {
				var st [3]string
				if err := rows.Scan(&st[0], &st[1], &st[2]); err != nil {
					rows.Close()
					return nil, fmt.Errorf("defer member indexes: %w", err)
				}
				stats = append(stats, st)
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return nil, fmt.Errorf("defer member indexes: %w", err)
			}
		}
	}
	for _, d := range defs {
		drop := "DROP " + strings.ToUpper(d.kind) + " " + quote(d.name)
		if tx.Dialect == store.Postgres {
			drop = "DROP INDEX " + d.name // quoted by the query
		}
		if _, err := tx.Exec(ctx, drop); err != nil {
			return nil, fmt.Errorf("defer member indexes %s: %w", d.name, err)
		}
	}
	return func() error {
		if tx.Dialect == store.Postgres {
			if _, err := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
				return fmt.Errorf("rebuild member indexes: %w", err)
			}
		}
		for _, d := range defs {
			if _, err := tx.Exec(ctx, d.sql); err != nil {
				return fmt.Errorf("rebuild member indexes %s: %w", d.name, err)
			}
		}
		for _, st := range stats {
			if _, err := tx.Exec(ctx, "INSERT INTO sqlite_stat1 (tbl, idx, stat) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE tbl = ? AND idx = ?)",
				st[0], st[1], st[2], st[0], st[1]); err != nil {
				return fmt.Errorf("rebuild member indexes: statistics of %s: %w", st[1], err)
			}
		}
		if tx.Dialect == store.SQLite {
			// External-content FTS5 tables re-read every member: whatever
			// the load inserted or changed while the triggers were away.
			for _, t := range searchTables {
				if _, err := tx.Exec(ctx, "INSERT INTO "+t+" ("+t+") VALUES ('rebuild')"); err != nil {
					return fmt.Errorf("rebuild member indexes %s: %w", t, err)
				}
			}
		}
		return nil
	}, nil
}

// quote quotes an SQLite identifier.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
