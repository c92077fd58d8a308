// Package attendance brings in who came to a programme's session from the
// files event platforms give an organiser: a Zoom participant report, an
// Eventbrite attendee export and a Meetup member or RSVP list. Each person
// becomes (or is recognised as) a member, and is put on the list of the
// session's date as having come, or as registered when the file only says
// they signed up (see package imports, attend.go, for what is written).
//
// The files are read as their platforms write them: their own column
// names, in any order, with missing and extra columns, UTF-8 with or
// without a byte-order mark (or UTF-16 and Windows-1252 when a spreadsheet
// saved them again), CRLF line ends.
package attendance

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
)

// sheet is an open CSV export.
type sheet struct {
	file      string
	r         *csv.Reader
	encoding  string
	separator string
	header    []string
	headerAt  int
}

func open(r io.Reader, file string) *sheet {
	br, enc := csvmembers.Decode(r)
	sep := csvmembers.Sniff(br)
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // exports grow and lose columns: rows may be short or long
	name := map[rune]string{',': "comma", ';': "semicolon", '\t': "tab"}[sep]
	return &sheet{file: file, r: cr, encoding: enc, separator: name}
}

// next reads the next row that is not blank and the line it starts on;
// io.EOF at the end.
func (s *sheet) next() ([]string, int, error) {
	for {
		row, err := s.r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, 0, io.EOF
			}
			return nil, 0, s.parseError(err)
		}
		if !blank(row) {
			line, _ := s.r.FieldPos(0)
			return row, line, nil
		}
	}
}

// readHeader reads the next row as the column names.
func (s *sheet) readHeader() error {
	row, line, err := s.next()
	if errors.Is(err, io.EOF) {
		return &imports.FileError{File: s.file, Line: max(line, 1), Reason: "the file has no rows: the first line must name the columns"}
	}
	if err != nil {
		return err
	}
	s.header, s.headerAt = trimAll(row), line
	return nil
}

// column is the index of the first column named one of names (compared
// ignoring case and spacing), or -1.
func (s *sheet) column(names ...string) int {
	return columnIn(s.header, names...)
}

func columnIn(header []string, names ...string) int {
	for _, n := range names {
		n = fold(n)
		if i := slices.IndexFunc(header, func(h string) bool { return fold(h) == n }); i >= 0 {
			return i
		}
	}
	return -1
}

// missing refuses a file without a column it cannot do without.
func (s *sheet) missing(kind, what string) error {
	return &imports.FileError{File: s.file, Line: s.headerAt,
		Reason: fmt.Sprintf("this is not a %s: no %s column (the columns are %s)", kind, what, strings.Join(quoteAll(s.header), ", "))}
}

func (s *sheet) parseError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := pe.Err.Error() + fmt.Sprintf(" (column %d)", pe.Column)
		if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
			reason += `: a quote opens a cell that never closes, or a cell holds a lone "`
		}
		return &imports.FileError{File: s.file, Line: pe.StartLine, Reason: reason}
	}
	return &imports.FileError{File: s.file, Reason: "could not read the file: " + err.Error()}
}

// preview reads up to n rows past the header, labelling the columns the
// importer reads with what it reads them as (fields, by index).
func (s *sheet) preview(n int, fields map[int]string) (imports.Preview, error) {
	p := imports.Preview{Encoding: s.encoding, Separator: s.separator}
	for i, h := range s.header {
		p.Columns = append(p.Columns, imports.Column{Index: i, Header: h, Field: fields[i], Guessed: fields[i] != ""})
	}
	for len(p.Rows) < n {
		row, line, err := s.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, err
		}
		cells := make([]string, len(s.header))
		copy(cells, row)
		p.Rows, p.Lines = append(p.Rows, cells), append(p.Lines, line)
	}
	return p, nil
}

// cell is row's trimmed value in column i ("" when the row is short or i
// is -1).
func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimAll(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

func quoteAll(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = fmt.Sprintf("%q", c)
	}
	return out
}

// fold is a header as compared: lower case, single spaces.
func fold(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// yes reads a flag cell as exports write them ("Yes", "TRUE", "1",
// "Checked In", a date).
func yes(v string) bool {
	switch fold(v) {
	case "", "no", "n", "false", "0", "not checked in", "-":
		return false
	}
	return true
}

// parseTime reads a date and time as platforms export them, as a wall
// clock (the files do not say their zone); ok false when it cannot.
func parseTime(v string) (time.Time, bool) {
	for _, layout := range []string{"01/02/2006 03:04:05 PM", "1/2/2006 3:04:05 PM", "01/02/2006 15:04:05", "1/2/2006 15:04",
		"01/02/2006 03:04 PM", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04", "Jan 2, 2006 03:04:05 PM"} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseDate reads a calendar date as platforms export them, as
// "2006-01-02"; ok false when it cannot.
func parseDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02", "01/02/2006", "1/2/2006", "January 2, 2006", "Jan 2, 2006", "2 January 2006", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	if t, ok := parseTime(v); ok {
		return t.Format("2006-01-02"), true
	}
	return "", false
}

// problem adds a problem with a field to rec, refusing it.
func problem(rec *imports.Record, field, format string, args ...any) {
	if rec.Problems == nil {
		rec.Problems = map[string]string{}
	}
	if _, ok := rec.Problems[field]; !ok {
		rec.Problems[field] = fmt.Sprintf(format, args...)
	}
}
