// Package csvmembers imports members from a spreadsheet saved as CSV, the
// way people actually have them: any column order and header wording
// (guessed, then editable and saved per source), commas, semicolons or
// tabs, UTF-8 with or without a byte-order mark, UTF-16 or Windows-1252,
// quoted cells with line breaks, missing and extra columns.
package csvmembers

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
)

// Importer is the CSV members import.
type Importer struct{}

// Kind implements imports.Importer.
func (Importer) Kind() string { return "csv" }

// Label implements imports.Importer.
func (Importer) Label() string { return "Spreadsheet of members (CSV)" }

// sheet is an open CSV file past its header row.
type sheet struct {
	r        *csv.Reader
	header   []string
	encoding string
	sep      rune
}

func open(r io.Reader, fileName string) (*sheet, error) {
	br, enc := decode(r)
	sep := sniff(br)
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // rows may be short or long: missing and extra cells
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &imports.FileError{File: fileName, Line: 1, Reason: "the file is empty: the first line must name the columns"}
	}
	if err != nil {
		return nil, parseError(fileName, err)
	}
	header = slices.Clone(header)
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
	}
	cr.ReuseRecord = true
	return &sheet{r: cr, header: header, encoding: enc, sep: sep}, nil
}

// parseError names the line a CSV problem is on.
func parseError(fileName string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := pe.Err.Error()
		if pe.StartLine != pe.Line {
			reason += fmt.Sprintf(" (the row starting on line %d runs to line %d, column %d)", pe.StartLine, pe.Line, pe.Column)
		} else {
			reason += fmt.Sprintf(" (column %d)", pe.Column)
		}
		if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
			reason += `: a quote opens a cell that never closes, or a cell holds a lone "`
		}
		return &imports.FileError{File: fileName, Line: pe.StartLine, Reason: reason}
	}
	return &imports.FileError{File: fileName, Reason: "could not read the file: " + err.Error()}
}

// plan is the field of every column, from mapping where it names the
// header and guessed otherwise.
func (s *sheet) plan(mapping imports.Mapping) []imports.Column {
	cols := make([]imports.Column, len(s.header))
	for i, h := range s.header {
		f, ok := mapping[h]
		if !ok {
			f = Guess(h)
		}
		cols[i] = imports.Column{Index: i, Header: h, Field: f, Guessed: !ok}
	}
	return cols
}

// Preview implements imports.Importer.
func (Importer) Preview(r io.Reader, fileName string, mapping imports.Mapping, rows int) (imports.Preview, error) {
	s, err := open(r, fileName)
	if err != nil {
		return imports.Preview{}, err
	}
	p := imports.Preview{Encoding: s.encoding, Separator: separatorName(s.sep), Columns: s.plan(mapping)}
	for len(p.Rows) < rows {
		rec, err := s.r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, parseError(fileName, err)
		}
		line, _ := s.r.FieldPos(0)
		cells := make([]string, len(s.header))
		copy(cells, rec)
		p.Rows, p.Lines = append(p.Rows, cells), append(p.Lines, line)
	}
	return p, nil
}

// Records implements imports.Importer.
func (Importer) Records(r io.Reader, fileName string, mapping imports.Mapping) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		s, err := open(r, fileName)
		if err != nil {
			yield(imports.Record{}, err)
			return
		}
		cols := s.plan(mapping)
		if !slices.ContainsFunc(cols, func(c imports.Column) bool {
			return c.Field == "name" || c.Field == "first_name" || c.Field == "last_name" || c.Field == "email"
		}) {
			yield(imports.Record{}, &imports.FileError{File: fileName, Line: 1,
				Reason: "no column holds names or emails: map at least one column to a name or an email"})
			return
		}
		for {
			row, err := s.r.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(imports.Record{}, parseError(fileName, err))
				return
			}
			if blank(row) {
				continue
			}
			line, _ := s.r.FieldPos(0)
			if !yield(record(cols, row, line), nil) {
				return
			}
		}
	}
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
