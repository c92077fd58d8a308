package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ReadTx is a read-only transaction that sees the database as it was at one
// moment, whatever is written meanwhile: an export or a backup taken while
// Trellis serves reads every table from that one snapshot.
type ReadTx struct {
	Dialect Dialect
	tx      *sql.Tx
}

// InSnapshot runs fn in a read-only transaction over one consistent
// snapshot. On PostgreSQL that is REPEATABLE READ, with the statement
// timeout lifted (an export of a large community reads for longer than a
// request may). On SQLite it is a read transaction on a reader connection:
// in WAL mode it keeps seeing the database as of its first read, and
// writers carry on beside it.
func (db *DB) InSnapshot(ctx context.Context, fn func(rt *ReadTx) error) error {
	opts := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	if db.Dialect == SQLite {
		opts = nil
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	defer tx.Rollback()
	rt := &ReadTx{Dialect: db.Dialect, tx: tx}
	if db.Dialect == Postgres {
		if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
			return fmt.Errorf("begin snapshot: %w", err)
		}
	}
	return fn(rt)
}

// Query runs a query inside the snapshot.
func (rt *ReadTx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return rt.tx.QueryContext(ctx, Rebind(rt.Dialect, query), args...)
}

// QueryRow runs a single-row query inside the snapshot.
func (rt *ReadTx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return rt.tx.QueryRowContext(ctx, Rebind(rt.Dialect, query), args...)
}

var _ Querier = (*ReadTx)(nil)

// VacuumInto writes a consistent copy of a SQLite database to dest, a file
// that must not exist yet, while others go on reading and writing (SQLite's
// VACUUM INTO reads one snapshot, as a reader does, and holds no write
// lock). The copy is compact and complete, indexes included. It fails on
// PostgreSQL, whose copies are logical dumps.
func (db *DB) VacuumInto(ctx context.Context, dest string) error {
	if db.Dialect != SQLite {
		return errors.New("vacuum into: only SQLite databases copy as a file")
	}
	if strings.ContainsRune(dest, 0) {
		return errors.New("vacuum into: bad file name")
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("vacuum into %s: %w", dest, err)
	}
	defer conn.Close()
	// Reader connections are query_only, which refuses VACUUM INTO too
	// although it writes only the new file. This one connection lifts it
	// for the copy and takes it back after; should that fail, the
	// connection is thrown away rather than going back to the pool able
	// to write.
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = OFF"); err != nil {
		return fmt.Errorf("vacuum into %s: %w", dest, err)
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = ON"); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("vacuum into %s: %w", dest, err)
	}
	return nil
}

// OpenSQLiteReadOnly opens a SQLite file for reading only, changing
// nothing in it (not even its journal mode): a backup being restored from.
// It does not migrate.
func OpenSQLiteReadOnly(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "query_only(ON)")
	q.Add("_pragma", "busy_timeout(10000)")
	conn, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	conn.SetMaxOpenConns(2)
	db := &DB{Dialect: SQLite, write: conn, read: conn}
	if err := db.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return db, nil
}
