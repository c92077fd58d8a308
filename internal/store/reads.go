package store

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// ReadSideBySide runs reads, which must not depend on one another or
// write what another reads, and returns the first error. On PostgreSQL
// they run side by side, each statement on a connection of its own: the
// server gives every connection a process of its own, and a page made of
// a couple of dozen short statements spends most of its time in their
// round trips and planning, one after another (the dashboard: 10 ms at
// 100,000 members with a core idle, issue 9). On SQLite they run one
// after another: there the statements run in this process, on the same
// two cores, and each reader connection has a page cache of its own, so
// spreading one page's reads over several of them cost more CPU than it
// saved (4.2 -> 6.4 ms a dashboard). Nothing here is one snapshot: each
// statement reads as of its own start, as it would one after another.
func (db *DB) ReadSideBySide(ctx context.Context, reads ...func(context.Context) error) error {
	if db.Dialect != Postgres {
		for _, read := range reads {
			if err := read(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	g, ctx := errgroup.WithContext(ctx)
	for _, read := range reads {
		g.Go(func() error { return read(ctx) })
	}
	return g.Wait()
}
