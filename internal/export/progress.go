package export

import (
	"bytes"
	"context"
	"io"

	"github.com/trellis-community/trellis/internal/backup"
	"github.com/trellis-community/trellis/internal/store"
)

// rowsKey carries, in a context, what an export tells how many rows it
// has written so far: a job's progress line. A download streamed to a
// browser carries none.
type rowsKey struct{}

func withRows(ctx context.Context, f func(n int64)) context.Context {
	return context.WithValue(ctx, rowsKey{}, f)
}

// rowsAdded adds n rows to ctx's count, if it keeps one.
func rowsAdded(ctx context.Context, n int64) {
	if f, ok := ctx.Value(rowsKey{}).(func(int64)); ok && n > 0 {
		f(n)
	}
}

// lineCounter counts the archive's lines as rows: one row is one line
// (JSON escapes the line breaks inside values).
type lineCounter struct {
	w   io.Writer
	ctx context.Context
}

func (l lineCounter) Write(p []byte) (int, error) {
	n, err := l.w.Write(p)
	rowsAdded(l.ctx, int64(bytes.Count(p[:n], []byte{'\n'})))
	return n, err
}

// archiveRows is the number of lines an archive of db will have: every
// row of every table it holds, the header and the end line.
func archiveRows(ctx context.Context, db *store.DB) (int64, error) {
	tables, err := backup.Tables(ctx, db, db.Dialect)
	if err != nil {
		return 0, err
	}
	total := int64(2)
	for _, t := range tables {
		if backup.LeftOut(t.Name) {
			continue
		}
		var n int64
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM "+t.Name).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
