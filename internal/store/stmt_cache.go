package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCacheMax is how many distinct read queries SQLite's read pool keeps
// prepared, each on every reader that ran it. Trellis's hot lists and
// pages have a few dozen shapes (lists of ids are padded to a few lengths,
// members.padIDs); a query built with a list of a new length each time
// could fill the cache, and then it starts again empty.
const stmtCacheMax = 256

// stmtCache keeps SQLite's read queries prepared, by their text, so that
// running one again skips parsing and planning it: without it the driver
// prepares and finalizes every statement on every call, which was 8% of a
// members page's CPU at 100,000 members. database/sql prepares a cached
// statement on each pool connection the first time it runs there.
// PostgreSQL needs none: pgx caches prepared statements per connection.
type stmtCache struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

// stmt returns query prepared on the pool, preparing it the first time.
// Preparing takes a pool connection, so it happens outside the lock: a
// query run while another's rows are open must not wait on a lock held
// by someone waiting for a connection.
func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	s, ok := c.m[query]
	c.mu.Unlock()
	if ok {
		return s, nil
	}
	s, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.m[query]; ok {
		_ = s.Close()
		return had, nil
	}
	if len(c.m) >= stmtCacheMax {
		// Closing a statement that a query is still reading is safe:
		// database/sql finalizes it once its rows are closed.
		for q, old := range c.m {
			_ = old.Close()
			delete(c.m, q)
		}
	}
	c.m[query] = s
	return s, nil
}

// query runs query through its cached statement.
func (c *stmtCache) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// queryRow runs a single-row query through its cached statement. A query
// that fails to prepare gives its error from Scan, as sql.DB.QueryRow does.
func (c *stmtCache) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := c.stmt(ctx, query)
	if err != nil {
		// The pool's own QueryRow prepares again and reports the error
		// through the Row, where callers look for it.
		return c.pool.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// close closes every cached statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		_ = s.Close()
		delete(c.m, q)
	}
}
