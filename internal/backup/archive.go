package backup

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Format names the archive format in its header; FormatVersion is its
// version, raised on any change a reader of the old one would misread.
const (
	Format        = "trellis-archive"
	FormatVersion = 1
)

// Header is the archive's first line: what wrote it, from which schema,
// and every table with its columns in the order rows list their values.
type Header struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	SchemaVersion int       `json:"schema_version"`
	Engine        string    `json:"engine"`
	AppVersion    string    `json:"app_version,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	Tables        []Table   `json:"tables"`
}

// rowLine is every line between the header and the end: one row of one
// table, its values in the header's column order.
type rowLine struct {
	Table string            `json:"t"`
	Row   []json.RawMessage `json:"r"`
}

// endLine is the archive's last line. A reader that reaches the end of the
// file without it, or with other counts, holds a truncated archive.
type endLine struct {
	End struct {
		Rows map[string]int64 `json:"rows"`
	} `json:"end"`
}

// Stats says what an archive held.
type Stats struct {
	Tables int
	Rows   int64
	Bytes  int64
	// PerTable counts rows by table name.
	PerTable map[string]int64
}

// WriteArchive writes every table of db to w as an archive, read from one
// snapshot while Trellis goes on serving. Rows are streamed: memory stays
// the same whatever the size of the community. appVersion is recorded in
// the header.
func WriteArchive(ctx context.Context, db *store.DB, w io.Writer, appVersion string, now time.Time) (Stats, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 256<<10)
	st := Stats{PerTable: map[string]int64{}}
	err := db.InSnapshot(ctx, func(rt *store.ReadTx) error {
		tables, err := catalog(ctx, rt, db.Dialect)
		if err != nil {
			return err
		}
		tables = slices.DeleteFunc(tables, func(t Table) bool { return LeftOut(t.Name) })
		var version int
		if err := rt.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&version); err != nil {
			return fmt.Errorf("read the schema version: %w", err)
		}
		h := Header{Format: Format, FormatVersion: FormatVersion, SchemaVersion: version, Engine: string(db.Dialect),
			AppVersion: appVersion, CreatedAt: now.UTC().Truncate(time.Second), Tables: tables}
		if err := writeJSONLine(bw, h); err != nil {
			return err
		}
		for _, t := range tables {
			n, err := writeTable(ctx, rt, bw, t)
			if err != nil {
				return fmt.Errorf("archive %s: %w", t.Name, err)
			}
			st.Tables++
			st.Rows += n
			st.PerTable[t.Name] = n
		}
		var end endLine
		end.End.Rows = st.PerTable
		return writeJSONLine(bw, end)
	})
	if err == nil {
		err = bw.Flush()
	}
	st.Bytes = cw.n
	return st, err
}

// writeTable writes one row line per row of t, in primary key order
// (compared as bytes on PostgreSQL too, so both engines list rows alike).
func writeTable(ctx context.Context, q store.Querier, bw *bufio.Writer, t Table) (int64, error) {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	order := orderBy(q, t)
	rows, err := q.Query(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+t.Name+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	prefix, err := json.Marshal(t.Name)
	if err != nil {
		return 0, err
	}
	var line []byte
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		line = append(line[:0], `{"t":`...)
		line = append(line, prefix...)
		line = append(line, `,"r":[`...)
		for i, v := range vals {
			if i > 0 {
				line = append(line, ',')
			}
			if line, err = appendValue(line, v, t.Columns[i].Type); err != nil {
				return n, fmt.Errorf("column %s: %w", names[i], err)
			}
		}
		line = append(line, "]}\n"...)
		if _, err := bw.Write(line); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// orderBy sorts by the primary key, text compared byte by byte on
// PostgreSQL as SQLite does, so the same rows come out in the same order
// from either engine.
func orderBy(q store.Querier, t Table) string {
	key := t.Key
	if len(key) == 0 {
		for _, c := range t.Columns {
			key = append(key, c.Name)
		}
	}
	pg := false
	switch x := q.(type) {
	case *store.ReadTx:
		pg = x.Dialect == store.Postgres
	case *store.Tx:
		pg = x.Dialect == store.Postgres
	}
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = k
		if pg && columnType(t, k) == "text" {
			parts[i] += ` COLLATE "C"`
		}
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

func columnType(t Table, name string) string {
	for _, c := range t.Columns {
		if c.Name == name {
			return c.Type
		}
	}
	return ""
}

// appendValue writes one scanned value as JSON: numbers, strings, true and
// false, null; the bytes of a blob column as a base64 string.
func appendValue(b []byte, v any, class string) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case int32:
		return strconv.AppendInt(b, int64(x), 10), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return b, fmt.Errorf("%v has no JSON form", x)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case string:
		s, err := json.Marshal(x)
		return append(b, s...), err
	case []byte:
		if class != "blob" {
			s, err := json.Marshal(string(x))
			return append(b, s...), err
		}
		s, err := json.Marshal(base64.StdEncoding.EncodeToString(x))
		return append(b, s...), err
	}
	return b, fmt.Errorf("value of type %T", v)
}

func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
