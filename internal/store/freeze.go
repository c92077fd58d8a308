package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// On PostgreSQL a freshly loaded table is not yet what a read wants: every
// row carries the loading transaction's id, so the first reads set each
// row's hint bits and write its page again, and until VACUUM marks the
// pages all-visible an index-only scan still reads each row from the
// table. VACUUM over the benchmark load took 7-16 s. COPY ... FREEZE
// writes rows already frozen and their pages all-visible, but only into
// a table created or truncated in the same transaction. FreezeLoad
// truncates the load's tables in its transaction so that CopyRows can,
// and DB.AnalyzeFrozen then only has to analyse them.

// FreezeLoad readies tables for a load whose rows CopyRows writes frozen
// on PostgreSQL: when each of them, and every table that refers to them
// (directly or through others), is empty, it truncates them all in tx and
// reports true; CopyRows into them then uses COPY ... FREEZE, and after
// the commit DB.AnalyzeFrozen is enough. When any of them holds rows it
// changes nothing and reports false (analyse with DB.Analyze). On SQLite
// it does nothing and reports false. TRUNCATE locks the tables until the
// transaction ends, as DeferIndexes does; a rollback undoes it. tables
// must be constant names.
func (tx *Tx) FreezeLoad(ctx context.Context, tables ...string) (bool, error) {
	if tx.Dialect != Postgres || tx.conn == nil || len(tables) == 0 {
		return false, nil
	}
	for _, t := range tables {
		if !plainName(t) {
			return false, fmt.Errorf("freeze load: bad table name %q", t)
		}
	}
	var all []string
	err := EachRow(ctx, tx, `WITH RECURSIVE t(oid) AS (
	SELECT to_regclass(n)::oid FROM unnest(?::text[]) n
	UNION
	SELECT c.conrelid FROM pg_constraint c JOIN t ON c.confrelid = t.oid WHERE c.contype = 'f'
) SELECT oid::regclass::text FROM t ORDER BY 1`, []any{tables}, func(rows *sql.Rows) error {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		all = append(all, name)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("freeze load: %w", err)
	}
	for _, t := range all {
		var full bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM "+t+")").Scan(&full); err != nil {
			return false, fmt.Errorf("freeze load: %w", err)
		}
		if full {
			return false, nil
		}
	}
	if _, err := tx.Exec(ctx, "TRUNCATE "+strings.Join(all, ", ")); err != nil {
		return false, fmt.Errorf("freeze load: %w", err)
	}
	if tx.frozen == nil {
		tx.frozen = map[string]bool{}
	}
	for _, t := range tables {
		tx.frozen[t] = true
	}
	return true, nil
}

// copyFrozen sends rows into table with COPY ... FREEZE, in COPY's text
// form: pgx's CopyFrom takes no options. Each value is written as pgx
// would send it as text for the column's type.
func copyFrozen(ctx context.Context, conn *pgx.Conn, table string, cols []string, next func() ([]any, bool)) (int64, error) {
	list := strings.Join(cols, ", ")
	sd, err := conn.Prepare(ctx, "", "SELECT "+list+" FROM "+table)
	if err != nil {
		return 0, err
	}
	m := conn.TypeMap()
	r, w := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		// val is never nil: Encode hands back nil for a NULL and val
		// itself, empty, for an empty string.
		buf, val := []byte(nil), make([]byte, 0, 256)
		for {
			row, ok := next()
			if !ok {
				break
			}
			if len(row) != len(cols) {
				w.CloseWithError(fmt.Errorf("row has %d values, want %d", len(row), len(cols)))
				return
			}
			for i, v := range row {
				if i > 0 {
					buf = append(buf, '\t')
				}
				out, err := m.Encode(sd.Fields[i].DataTypeOID, pgtype.TextFormatCode, v, val[:0])
				if err != nil {
					w.CloseWithError(fmt.Errorf("column %s: %w", cols[i], err))
					return
				}
				if out == nil {
					buf = append(buf, `\N`...)
					continue
				}
				val = out
				buf = appendCopyText(buf, val)
			}
			buf = append(buf, '\n')
			if len(buf) >= 1<<16 {
				if _, err := w.Write(buf); err != nil {
					return
				}
				buf = buf[:0]
			}
		}
		if len(buf) > 0 {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
		w.Close()
	}()
	tag, err := conn.PgConn().CopyFrom(ctx, r, "COPY "+table+" ("+list+") FROM STDIN (FREEZE)")
	// A COPY the server refused stops reading: let the writer go.
	r.CloseWithError(io.ErrClosedPipe)
	<-done
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// appendCopyText appends v escaped for COPY's text form.
func appendCopyText(buf, v []byte) []byte {
	for _, c := range v {
		switch c {
		case '\\':
			buf = append(buf, `\\`...)
		case '\t':
			buf = append(buf, `\t`...)
		case '\n':
			buf = append(buf, `\n`...)
		case '\r':
			buf = append(buf, `\r`...)
		default:
			buf = append(buf, c)
		}
	}
	return buf
}
