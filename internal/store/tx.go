package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Tx is a write transaction. Its methods rebind placeholders like DB's.
type Tx struct {
	Dialect Dialect
	tx      *sql.Tx
	conn    *sql.Conn       // set by InBulkTx, for CopyRows
	load    *loadCheck      // set by InLoadTx on SQLite: what CopyRows wrote, for the check before the commit
	frozen  map[string]bool // tables FreezeLoad truncated, which CopyRows writes with COPY ... FREEZE
}

// InTx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise (including on panic), so a failed change leaves
// nothing half-applied.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	return runTx(ctx, db.Dialect, nil, db.write.BeginTx, fn)
}

// runTx is InTx with the transaction begun by begin, on conn when that
// is not nil.
func runTx(ctx context.Context, d Dialect, conn *sql.Conn, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error), fn func(tx *Tx) error) (err error) {
	sqlTx, err := begin(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{Dialect: d, tx: sqlTx, conn: conn}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// ForUpdate is the clause that makes a SELECT lock the rows it reads until
// the transaction ends, for a read-modify-write that must see the latest
// committed row and keep others from changing it meanwhile: FOR UPDATE on
// PostgreSQL, nothing on SQLite, where a write transaction already holds
// the database's one write lock from its start (BEGIN IMMEDIATE).
func (tx *Tx) ForUpdate() string {
	if tx.Dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Exec runs a statement inside the transaction.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, Rebind(tx.Dialect, query), args...)
}

// Query runs a query inside the transaction.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, Rebind(tx.Dialect, query), args...)
}

// QueryRow runs a single-row query inside the transaction.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, Rebind(tx.Dialect, query), args...)
}

// Prepare prepares a statement for repeated use inside the transaction
// (bulk inserts on SQLite).
func (tx *Tx) Prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	return tx.tx.PrepareContext(ctx, Rebind(tx.Dialect, query))
}

// Insert runs an INSERT and returns the new row's id. query must not end in
// a RETURNING clause; Insert adds one, which both engines support.
func (tx *Tx) Insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// Querier is what both DB (reads) and Tx offer, for store functions that
// run either inside or outside a transaction.
type Querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

// EachRow runs query on q and hands each row to fn, closing the rows
// however it ends.
func EachRow(ctx context.Context, q Querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
