package imports

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/trellis-community/trellis/internal/store"
)

// On SQLite two triggers copy every new member into the full-text search
// tables (members_fts, and members_substr for substring filters). Both
// are FTS5 tables, and a statement that writes one through a trigger
// opens a savepoint, at which FTS5 flushes what it holds in memory into a
// new segment on disk and merges segments: an import's 200 multi-row
// inserts made 200 small segments per table, and the flushes and merges
// were an eighth of the first import's CPU. So a run takes the two
// insert triggers out inside its own transaction and fills the tables
// with one statement per batch for the members it created; it puts the
// triggers back, as they were written, before it commits. The
// transaction holds SQLite's one write lock, so no other write can
// insert a member meanwhile, and readers, reading the last commit, never
// see the tables without them. A run that fails rolls back with its
// triggers.

// searchTriggers are the triggers a run takes out, with the statement
// that does their work for a range of member ids. Each statement must do
// what its trigger does (TestSearchFillDoesWhatTheTriggersDo compares
// them with the migrated schema's triggers): a migration that changes a
// trigger changes its statement here too.
var searchTriggers = []struct{ name, fill string }{
	{"members_fts_insert", "INSERT INTO members_fts (rowid, search_text) SELECT id, search_text FROM members WHERE id BETWEEN ? AND ?"},
	{"members_substr_insert", "INSERT INTO members_substr (rowid, affiliation_key, job_title_key) SELECT id, affiliation_key, job_title_key FROM members WHERE id BETWEEN ? AND ?"},
}

// searchFill holds a run's search triggers while they are out.
type searchFill struct {
	saved []string // each trigger's CREATE statement, as the schema holds it
	fill  []*sql.Stmt
}

// quietSearchTriggers takes the search tables' insert triggers out for
// the rest of tx (SQLite only); restore puts them back.
func quietSearchTriggers(ctx context.Context, tx *store.Tx) (*searchFill, error) {
	f := &searchFill{}
	for _, t := range searchTriggers {
		var def string
		if err := tx.QueryRow(ctx, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", t.name).Scan(&def); err != nil {
			return nil, fmt.Errorf("read trigger %s: %w", t.name, err)
		}
		if _, err := tx.Exec(ctx, "DROP TRIGGER "+t.name); err != nil {
			return nil, fmt.Errorf("drop trigger %s: %w", t.name, err)
		}
		f.saved = append(f.saved, def)
	}
	return f, nil
}

// add indexes the members with ids first..last, just inserted.
func (f *searchFill) add(ctx context.Context, tx *store.Tx, first, last int64) error {
	if f.fill == nil {
		for _, t := range searchTriggers {
			st, err := tx.Prepare(ctx, t.fill)
			if err != nil {
				return err
			}
			f.fill = append(f.fill, st)
		}
	}
	for i, st := range f.fill {
		if _, err := st.ExecContext(ctx, first, last); err != nil {
			return fmt.Errorf("index new members for search (%s): %w", searchTriggers[i].name, err)
		}
	}
	return nil
}

// restore puts the triggers back as they were.
func (f *searchFill) restore(ctx context.Context, tx *store.Tx) error {
	for _, st := range f.fill {
		st.Close()
	}
	f.fill = nil
	for i, def := range f.saved {
		if _, err := tx.Exec(ctx, def); err != nil {
			return fmt.Errorf("restore trigger %s: %w", searchTriggers[i].name, err)
		}
	}
	f.saved = nil
	return nil
}
