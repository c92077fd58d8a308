// Package store opens Trellis's database, SQLite by default or PostgreSQL,
// runs its migrations and hides the few places where the two engines differ.
//
// Conventions every store file follows, so that the same SQL runs on both:
//   - SQL is written with ? placeholders; DB.Rebind turns them into $1, $2 ...
//     for PostgreSQL (the DB methods do it for you).
//   - Instants (created_at, occurred_at ...) are BIGINT Unix seconds in UTC.
//     Calendar dates a person types (joined on, due on) are TEXT YYYY-MM-DD:
//     they sort and compare as text on both engines and carry no time zone.
//   - Identifiers are BIGINT; SQLite's INTEGER PRIMARY KEY and PostgreSQL's
//     identity columns both hand them out.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	_ "modernc.org/sqlite"           // registers the "sqlite" driver
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is Trellis's handle on its database. On SQLite, writes go through a
// single connection (SQLite allows one writer at a time, and queueing in Go
// is cheaper than SQLITE_BUSY retries) while reads use a pool; on PostgreSQL
// both are the same pool.
type DB struct {
	Dialect Dialect
	write   *sql.DB
	read    *sql.DB
	stmts   *stmtCache // SQLite's read queries, kept prepared; nil on PostgreSQL
}

// Options tune Open. The zero value is fine.
type Options struct {
	// MaxReaders caps the read pool (SQLite) or the whole pool (PostgreSQL).
	MaxReaders int
	// StatementTimeout, when positive, is PostgreSQL's statement_timeout on
	// every connection (unless the URL sets one): the server stops any
	// statement that runs longer, even one whose client has gone. SQLite
	// runs in-process and stops when the query's context ends.
	StatementTimeout time.Duration
}

// IsPostgresDSN reports whether dsn names a PostgreSQL database rather than
// a SQLite file.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL or a SQLite file path. It does not
// run migrations; call Migrate for that.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	if opt.MaxReaders <= 0 {
		opt.MaxReaders = 8
	}
	var db *DB
	var err error
	if IsPostgresDSN(dsn) {
		db, err = openPostgres(dsn, opt)
	} else {
		db, err = openSQLite(dsn, opt)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.Ping(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", db.Dialect, err)
	}
	return db, nil
}

func openPostgres(dsn string, opt Options) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if _, set := cfg.RuntimeParams["statement_timeout"]; !set && opt.StatementTimeout > 0 {
		// Sent as a run-time setting on every connection, so a query whose
		// client went away still stops on the server.
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(max(opt.StatementTimeout.Milliseconds(), 1), 10)
	}
	// JIT compilation pays off for long analytical queries, never for
	// Trellis's short ones: at 100,000 members it added 85 ms to the
	// dashboard's key-member query, whose estimated cost crossed
	// jit_above_cost. A DSN that sets jit keeps its choice.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(opt.MaxReaders * 2)
	pool.SetMaxIdleConns(opt.MaxReaders)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{Dialect: Postgres, write: pool, read: pool}, nil
}

func openSQLite(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	q := url.Values{}
	for _, p := range []string{
		"busy_timeout(10000)",
		"journal_mode(WAL)",
		"foreign_keys(ON)",
		"synchronous(NORMAL)",
		"temp_store(MEMORY)",
		"cache_size(-32000)",
	} {
		q.Add("_pragma", p)
	}
	// BEGIN IMMEDIATE takes the write lock up front, so a transaction never
	// fails half way through because it tried to upgrade a read lock.
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)

	q.Add("_pragma", "query_only(ON)")
	// Each connection keeps its own page cache, and the operating system
	// caches the file for all of them: 4 MB a reader, rather than the
	// writer's 32, keeps a busy server's memory to a small part of what
	// eight full caches would hold, for a read of a page from the OS now
	// and then. The driver's allocator (modernc.org/memory) gives a 4 KB
	// page and its header an 8 KB slot, so a reader's full cache is 8 MB
	// resident: at 8 MB a reader, the caches of the readers four clients
	// kept busy were some 110 of a 200 MB server (issue 9).
	q.Add("_pragma", "cache_size(-4000)")
	q.Del("_txlock")
	read, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read.SetMaxOpenConns(opt.MaxReaders)
	read.SetMaxIdleConns(opt.MaxReaders)
	return &DB{Dialect: SQLite, write: write, read: read, stmts: newStmtCache(read)}, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return err
	}
	if db.read != db.write {
		return db.read.PingContext(ctx)
	}
	return nil
}

// Close releases every connection.
func (db *DB) Close() error {
	if db.stmts != nil {
		db.stmts.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Query runs a read-only query on the read pool.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if db.stmts != nil {
		return db.stmts.query(ctx, query, args...)
	}
	return db.read.QueryContext(ctx, db.Rebind(query), args...)
}

// QueryRow runs a read-only single-row query on the read pool.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if db.stmts != nil {
		return db.stmts.queryRow(ctx, query, args...)
	}
	return db.read.QueryRowContext(ctx, db.Rebind(query), args...)
}

// Exec runs one statement on the writer, outside any transaction.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, db.Rebind(query), args...)
}

// Stats reports the write pool's statistics (for health pages and tests).
func (db *DB) Stats() sql.DBStats { return db.write.Stats() }
