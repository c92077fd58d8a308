package backup

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxLine caps one line of an archive. A row is rarely more than a few
// kilobytes (a merge's record of two members is the largest); a line past
// this is a damaged file, not a row, and must not fill the memory.
const maxLine = 64 << 20

// Reader reads an archive line by line, checking as it goes: the header
// first, then each table's rows together, every value of the type its
// column says, and the end line with the right counts last. Errors name
// the line. It holds one row at a time.
type Reader struct {
	Header Header
	br     *bufio.Reader
	line   int
	tables map[string]int // index into Header.Tables
	cur    string
	done   map[string]bool
	counts map[string]int64
	ended  bool
	vals   []any
}

// Row is one row read from an archive: its table, its values (int64,
// float64, string, bool, []byte or nil, in the header's column order; the
// slice is reused by the next call) and the line it was on.
type Row struct {
	Table  *Table
	Values []any
	Line   int
}

// NewReader reads and checks the header. It fails for a file that is not
// a Trellis archive or is of a newer format version.
func NewReader(r io.Reader) (*Reader, error) {
	rd := &Reader{br: bufio.NewReaderSize(r, 256<<10), tables: map[string]int{}, done: map[string]bool{}, counts: map[string]int64{}}
	b, err := rd.readLine()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("line 1: the archive is empty")
	}
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&rd.Header); err != nil {
		return nil, fmt.Errorf("line 1: not a Trellis archive header: %v", err)
	}
	h := &rd.Header
	if h.Format != Format {
		return nil, fmt.Errorf("line 1: not a Trellis archive (format %q)", h.Format)
	}
	if h.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("line 1: archive format version %d; this Trellis reads version %d", h.FormatVersion, FormatVersion)
	}
	if h.SchemaVersion <= 0 {
		return nil, errors.New("line 1: the header has no schema_version")
	}
	if len(h.Tables) == 0 {
		return nil, errors.New("line 1: the header lists no tables")
	}
	for i, t := range h.Tables {
		if !plainName(t.Name) {
			return nil, fmt.Errorf("line 1: table %d has a bad name %q", i, t.Name)
		}
		if _, dup := rd.tables[t.Name]; dup {
			return nil, fmt.Errorf("line 1: table %s is listed twice", t.Name)
		}
		if len(t.Columns) == 0 {
			return nil, fmt.Errorf("line 1: table %s has no columns", t.Name)
		}
		seen := map[string]bool{}
		for _, c := range t.Columns {
			if !plainName(c.Name) || seen[c.Name] {
				return nil, fmt.Errorf("line 1: table %s has a bad or repeated column %q", t.Name, c.Name)
			}
			seen[c.Name] = true
			switch c.Type {
			case "integer", "real", "text", "bool", "blob":
			default:
				return nil, fmt.Errorf("line 1: column %s.%s has unknown type %q", t.Name, c.Name, c.Type)
			}
		}
		for _, k := range t.Key {
			if !seen[k] {
				return nil, fmt.Errorf("line 1: table %s's key names column %q, which it does not have", t.Name, k)
			}
		}
		rd.tables[t.Name] = i
	}
	return rd, nil
}

// Next returns the next row, or io.EOF once the end line has been read
// and its counts checked. Any other error names the line.
func (rd *Reader) Next() (Row, error) {
	if rd.ended {
		return Row{}, io.EOF
	}
	b, err := rd.readLine()
	if errors.Is(err, io.EOF) {
		return Row{}, fmt.Errorf("line %d: the archive ends without its end line: it is truncated", rd.line)
	}
	if err != nil {
		return Row{}, err
	}
	var l struct {
		Table *string           `json:"t"`
		Row   []json.RawMessage `json:"r"`
		End   *struct {
			Rows map[string]int64 `json:"rows"`
		} `json:"end"`
	}
	if err := json.Unmarshal(b, &l); err != nil {
		return Row{}, fmt.Errorf("line %d: %v", rd.line, err)
	}
	switch {
	case l.End != nil && l.Table == nil:
		return Row{}, rd.finish(l.End.Rows)
	case l.Table == nil || l.Row == nil:
		return Row{}, fmt.Errorf("line %d: neither a row ({\"t\":..., \"r\":[...]}) nor the end line", rd.line)
	}
	name := *l.Table
	i, ok := rd.tables[name]
	if !ok {
		return Row{}, fmt.Errorf("line %d: table %q is not in the header", rd.line, name)
	}
	if name != rd.cur {
		if rd.done[name] {
			return Row{}, fmt.Errorf("line %d: more rows of %s after other tables' rows; an archive keeps each table's rows together", rd.line, name)
		}
		if rd.cur != "" {
			rd.done[rd.cur] = true
		}
		rd.cur = name
	}
	t := &rd.Header.Tables[i]
	if len(l.Row) != len(t.Columns) {
		return Row{}, fmt.Errorf("line %d: a row of %s has %d values; the header lists %d columns", rd.line, name, len(l.Row), len(t.Columns))
	}
	rd.vals = rd.vals[:0]
	for j, raw := range l.Row {
		v, err := decodeValue(raw, t.Columns[j].Type)
		if err != nil {
			return Row{}, fmt.Errorf("line %d: %s.%s: %v", rd.line, name, t.Columns[j].Name, err)
		}
		rd.vals = append(rd.vals, v)
	}
	rd.counts[name]++
	return Row{Table: t, Values: rd.vals, Line: rd.line}, nil
}

// finish checks the end line's counts against the rows read, and that
// nothing follows it.
func (rd *Reader) finish(want map[string]int64) error {
	at := rd.line
	for name, n := range want {
		if _, ok := rd.tables[name]; !ok {
			return fmt.Errorf("line %d: the end line counts table %q, which is not in the header", at, name)
		}
		if rd.counts[name] != n {
			return fmt.Errorf("line %d: the end line counts %d rows of %s; the archive holds %d", at, n, name, rd.counts[name])
		}
	}
	for name, n := range rd.counts {
		if _, ok := want[name]; !ok && n > 0 {
			return fmt.Errorf("line %d: the end line does not count table %s, which has %d rows", at, name, n)
		}
	}
	if b, err := rd.readLine(); !errors.Is(err, io.EOF) {
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(b)) > 0 {
			return fmt.Errorf("line %d: something follows the end line", rd.line)
		}
	}
	rd.ended = true
	return io.EOF
}

// readLine returns the next line without its newline; io.EOF when there
// is none.
func (rd *Reader) readLine() ([]byte, error) {
	var buf []byte
	for {
		chunk, err := rd.br.ReadSlice('\n')
		if len(buf)+len(chunk) > maxLine {
			return nil, fmt.Errorf("line %d: longer than %d MiB", rd.line+1, maxLine>>20)
		}
		switch {
		case err == nil:
			rd.line++
			if buf == nil {
				return bytes.TrimSuffix(chunk[:len(chunk)-1], []byte{'\r'}), nil
			}
			buf = append(buf, chunk[:len(chunk)-1]...)
			return bytes.TrimSuffix(buf, []byte{'\r'}), nil
		case errors.Is(err, bufio.ErrBufferFull):
			buf = append(buf, chunk...)
		case errors.Is(err, io.EOF):
			if len(buf)+len(chunk) == 0 {
				return nil, io.EOF
			}
			rd.line++
			return append(buf, chunk...), nil
		default:
			return nil, fmt.Errorf("line %d: %w", rd.line+1, err)
		}
	}
}

// decodeValue reads one JSON value as a column of type class holds it.
func decodeValue(raw json.RawMessage, class string) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, errors.New("no value")
	}
	if string(raw) == "null" {
		return nil, nil
	}
	switch class {
	case "integer":
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s is not a whole number", short(raw))
		}
		return n, nil
	case "real":
		if raw[0] == '"' || raw[0] == 't' || raw[0] == 'f' || raw[0] == '[' || raw[0] == '{' {
			return nil, fmt.Errorf("%s is not a number", short(raw))
		}
		f, err := strconv.ParseFloat(string(raw), 64)
		if err != nil {
			return nil, fmt.Errorf("%s is not a number", short(raw))
		}
		return f, nil
	case "bool":
		switch string(raw) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("%s is not true or false", short(raw))
	case "text", "blob":
		if raw[0] != '"' {
			return nil, fmt.Errorf("%s is not a string", short(raw))
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		if class == "blob" {
			return base64.StdEncoding.DecodeString(s)
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown type %q", class)
}

func short(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}

// plainName reports whether s is a lower-case SQL identifier, the only
// kind of table or column name an archive may carry into SQL.
func plainName(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i, c := range s {
		if (c < 'a' || c > 'z') && c != '_' && (c < '0' || c > '9' || i == 0) {
			return false
		}
	}
	return true
}
