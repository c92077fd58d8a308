package members

import (
	"context"
	"fmt"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// A large import into a small community spends much of its time keeping
// the members' search indexes in step row by row: on SQLite the two FTS5
// tables the triggers fill (a seventh of an import's CPU), on PostgreSQL
// the three GIN indexes (the search vector and two trigram indexes, half
// the server's time). Built once over the loaded table they cost a
// fraction of that. DeferSearch takes them out of the import's
// transaction and hands back the function that puts them back, in the same
// transaction, so nothing commits without them.
//
// Rebuilding covers every member, not only the imported ones, so it is
// only worth it while the community is small: DeferSearch does nothing
// when members holds deferSearchBelow rows or more, and the import keeps
// the row-by-row path. On PostgreSQL dropping an index locks the members
// table until the transaction ends (a page that reads members waits for
// the import), acceptable for the first load of a small community, the
// case this is for; SQLite's readers keep reading their snapshot.

// deferSearchBelow is the community size up to which DeferSearch defers:
// rebuilding 5,000 members' search indexes takes well under a second.
const deferSearchBelow = 5000

// searchTables are SQLite's full-text tables over members, filled by the
// members_fts_* and members_substr_* triggers.
var searchTables = []string{"members_fts", "members_substr"}

// DeferSearch drops the members' search indexes (SQLite: the triggers
// that fill members_fts and members_substr; PostgreSQL: the GIN indexes
// on members) when the community holds fewer than 5,000 members, and
// returns the function that restores them: the triggers or indexes as
// they were (read from the database, never written down twice), rebuilt
// over every member. Call it inside tx after the load; a transaction that
// commits without calling it leaves search without the loaded members.
// When it defers nothing, restore does nothing.
func DeferSearch(ctx context.Context, tx *store.Tx) (restore func() error, err error) {
	noop := func() error { return nil }
	var small bool
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) < ? FROM (SELECT 1 FROM members LIMIT ?) m", deferSearchBelow, deferSearchBelow).Scan(&small); err != nil {
		return nil, fmt.Errorf("defer member search: %w", err)
	}
	if !small {
		return noop, nil
	}
	type def struct{ name, sql string }
	var defs []def
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'members'
		AND (name LIKE 'members\_fts\_%' ESCAPE '\' OR name LIKE 'members\_substr\_%' ESCAPE '\') ORDER BY name`
	if tx.Dialect == store.Postgres {
		q = `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am a ON a.oid = c.relam
WHERE x.indrelid = to_regclass('members') AND a.amname = 'gin' ORDER BY c.relname`
	}
	rows, err := tx.Query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("defer member search: %w", err)
	}
	for rows.Next() {
		var d def
		if err := rows.Scan(&d.name, &d.sql); err != nil {
			rows.Close()
			return nil, fmt.Errorf("defer member search: %w", err)
		}
		defs = append(defs, d)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("defer member search: %w", err)
	}
	if len(defs) == 0 {
		return noop, nil
	}
	for _, d := range defs {
		drop := "DROP TRIGGER " + quote(d.name)
		if tx.Dialect == store.Postgres {
			drop = "DROP INDEX " + d.name // quoted by the query
		}
		if _, err := tx.Exec(ctx, drop); err != nil {
			return nil, fmt.Errorf("defer member search %s: %w", d.name, err)
		}
	}
	return func() error {
		if tx.Dialect == store.Postgres {
			if _, err := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
				return fmt.Errorf("rebuild member search: %w", err)
			}
		}
		for _, d := range defs {
			if _, err := tx.Exec(ctx, d.sql); err != nil {
				return fmt.Errorf("rebuild member search %s: %w", d.name, err)
			}
		}
		if tx.Dialect == store.SQLite {
			// External-content FTS5 tables re-read every member: whatever
			// the load inserted or changed while the triggers were away.
			for _, t := range searchTables {
				if _, err := tx.Exec(ctx, "INSERT INTO "+t+" ("+t+") VALUES ('rebuild')"); err != nil {
					return fmt.Errorf("rebuild member search %s: %w", t, err)
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
