// Package mailinglists imports the people of a newsletter or mailing list
// from the file its tool exports: a Mailchimp audience export and a
// listmonk subscribers export, with their own column names. Whether
// someone agreed to be contacted, or unsubscribed, comes along: a person
// who left the list is recorded as not to be contacted, and a "no" a
// manager set by hand is never turned into a "yes".
//
// Columns the list's owner added (a merge field "Institution", an
// attribute "orcid") are guessed the way a spreadsheet's are.
package mailinglists

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
	"github.com/trellis-community/trellis/internal/members"
)

// listFile is an open export: its sheet, the field of every column, and
// where the columns are that the importer reads itself.
type listFile struct {
	sheet *csvmembers.Sheet
	cols  []imports.Column
	// own are the columns the importer reads itself (consent times,
	// tags, status), by their header in lower case; a column the mapping
	// gives a field is read through the mapping instead.
	own map[string]int
	// headers are all the file's headers, in lower case.
	headers map[string]bool
}

// openList reads an export's header. known gives, by header in lower
// case, the field of each column the tool writes ("" for the ones the
// importer reads itself or leaves out).
func openList(r io.Reader, fileName string, mapping imports.Mapping, known map[string]string) (*listFile, error) {
	s, err := csvmembers.Open(r, fileName)
	if err != nil {
		return nil, err
	}
	f := &listFile{sheet: s, own: map[string]int{}, headers: map[string]bool{}}
	f.cols = s.Plan(mapping, func(h string) (string, bool) {
		field, ok := known[strings.ToLower(h)]
		return field, ok
	})
	for i, h := range s.Header() {
		f.headers[strings.ToLower(h)] = true
		// The UI's form sends every column, the tool's own ones left
		// out: those are still read here.
		if field, mapped := mapping[h]; !mapped || field == "" {
			if _, ok := f.own[strings.ToLower(h)]; !ok {
				f.own[strings.ToLower(h)] = i
			}
		}
	}
	return f, nil
}

// cell is the trimmed value of the importer's own column header (lower
// case) in row, or "".
func (f *listFile) cell(row []string, header string) string {
	i, ok := f.own[header]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// has reports whether the file has a column header (lower case).
func (f *listFile) has(header string) bool { return f.headers[header] }

// needEmail refuses a file none of whose columns holds emails: every
// mailing list export has one, so the file is something else.
func (f *listFile) needEmail(fileName, what string) error {
	if slices.ContainsFunc(f.cols, func(c imports.Column) bool { return c.Field == "email" }) {
		return nil
	}
	return &imports.FileError{File: fileName, Line: 1, Reason: fmt.Sprintf("no column holds emails: is this %s? Map a column to email", what)}
}

func (f *listFile) preview(rows int) (imports.Preview, error) {
	p := imports.Preview{Encoding: f.sheet.Encoding(), Separator: f.sheet.Separator(), Columns: f.cols}
	for len(p.Rows) < rows {
		row, line, err := f.sheet.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return p, err
		}
		p.Rows, p.Lines = append(p.Rows, csvmembers.Cells(row, len(f.cols))), append(p.Lines, line)
	}
	return p, nil
}

// records yields a record per row: the mapped columns read as a
// spreadsheet's, then finish adds what the tool's own columns say.
func (f *listFile) records(finish func(row []string, rec *imports.Record)) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		for {
			row, line, err := f.sheet.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(imports.Record{}, err)
				return
			}
			rec := csvmembers.Row(f.cols, row, line)
			finish(row, &rec)
			if !yield(rec, nil) {
				return
			}
		}
	}
}

// refuse yields a file error alone.
func refuse(err error) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) { yield(imports.Record{}, err) }
}

// addField notes that rec gives a value for the member field f.
func addField(rec *imports.Record, f string) {
	if !slices.Contains(rec.Fields, f) {
		rec.Fields = append(rec.Fields, f)
	}
}

// problem refuses rec for field, keeping the first reason given.
func problem(rec *imports.Record, field, format string, args ...any) {
	if rec.Problems == nil {
		rec.Problems = map[string]string{}
	}
	if _, ok := rec.Problems[field]; !ok {
		rec.Problems[field] = fmt.Sprintf(format, args...)
	}
}

// timeLayouts are how the tools write times: Mailchimp "2024-03-01
// 10:22:33" (UTC), listmonk Go's time.Time.String ("2024-03-01
// 10:22:33.123456 +0000 UTC"), and RFC 3339 from their APIs.
var timeLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02 15:04:05.999999999 -0700",
	time.RFC3339Nano,
	"2006-01-02 15:04",
	members.DateLayout,
}

// day reads a tool's time as the calendar date it falls on where it was
// written; ok is false when v is not a time.
func day(v string) (string, bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t.Format(members.DateLayout), true
		}
	}
	return "", false
}

// setTimeZone sets rec's time zone when v names one, and reports whether
// it did.
func setTimeZone(rec *imports.Record, v string) bool {
	tz, err := members.ResolveTimeZone(v)
	if err != nil || tz == "" {
		return false
	}
	if rec.Member.TimeZone == "" {
		rec.Member.TimeZone = tz
		addField(rec, "time_zone")
	}
	return true
}

// setCountry sets rec's country when v names one, and reports whether it
// did.
func setCountry(rec *imports.Record, v string) bool {
	code := csvmembers.Country(v)
	if code == "" {
		return false
	}
	if rec.Member.Country == "" {
		rec.Member.Country = code
		addField(rec, "country")
	}
	return true
}
