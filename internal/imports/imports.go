// Package imports brings a community in from where it already lives:
// spreadsheets today (package csvmembers), address books, mailing tools,
// event platforms and community platforms next. Every import is a run that
// is logged (who, when, which file, how many people were created,
// updated, left unchanged, merged or refused, and every refused row with
// its file, line and reason), that changes nothing when the same file
// comes twice, that keeps nothing when the file turns out broken half-way,
// and that can be undone while nothing newer depends on it. A field a
// manager edited by hand is never overwritten by an import: the run
// reports the conflict instead.
//
// A kind of import is an Importer: it reads a file into member records.
// The Service does the rest for every kind alike: matching people already
// in the community (by email, then ORCID iD, then name and affiliation for
// rows with neither), writing in bulk, recording the run and undoing it.
package imports

import (
	"fmt"
	"io"
	"iter"

	"github.com/trellis-community/trellis/internal/members"
)

// Importer reads one kind of file into member records.
type Importer interface {
	// Kind is the name used on the command line and in the log: "csv".
	Kind() string
	// Label is what the UI calls it: "Spreadsheet of members (CSV)".
	Label() string
	// Preview reads the start of a file: its columns with the field each
	// maps to (the saved mapping over the guessed one) and a few rows. A
	// kind without columns returns no Columns.
	Preview(r io.Reader, fileName string, mapping Mapping, rows int) (Preview, error)
	// Records reads a whole file, streaming, and yields one record per
	// person, in file order, and records marked Again for what a person
	// did further on. A yielded error refuses the whole file (a
	// *FileError naming the line); reading stops there.
	Records(r io.Reader, fileName string, mapping Mapping) iter.Seq2[Record, error]
}

// Record is one person as a file gives them.
type Record struct {
	Line   int // the file line the record starts on, from 1
	Member members.Member
	// Fields names, by the member JSON names members.ChangedFields uses,
	// the fields this record gives a value for: only those are compared
	// with and written to a member already in the community.
	Fields []string
	// Problems are values the file gives that cannot be read (a consent
	// column saying "perhaps"), by field: the row is refused with them.
	Problems map[string]string
	// Attendance is what the person attended, for the attendance kinds
	// (attend.go); nil for a record that is only a person.
	Attendance *Attendance
	// Activities are what the person did on the platform the file comes
	// from, written for the member the record is placed as.
	Activities []Activity
	// Again marks a record that only carries Activities for a person the
	// file gave earlier, in a record of their own: a file is streamed, and
	// a person's activities come all through it. Member holds only what
	// the person is matched by (their platform identity). The record is
	// placed as the member holding that identity, in the community or made
	// earlier in the run, and is neither compared with them nor counted;
	// when no one holds it (the person's own record was refused), its
	// activities are left out with them.
	Again bool
}

// Mapping says, per column header, which member field the column fills:
// a field name (Fields), "custom:<name>" for a custom field, or "" to leave
// the column out.
type Mapping map[string]string

// Column is one column of a previewed file.
type Column struct {
	Index   int
	Header  string
	Field   string // what it maps to now ("" = left out)
	Guessed bool   // Field was guessed from the header, not saved
}

// Preview is the start of a file as an importer reads it.
type Preview struct {
	Encoding  string // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "Windows-1252"
	Separator string // "comma", "semicolon", "tab"
	Columns   []Column
	Rows      [][]string // the first rows, cells in column order
	Lines     []int      // the line each row starts on
	// Headings name the cells of Rows for a kind without Columns (an
	// address book): what each person will be imported with.
	Headings []string
}

// FileError refuses a whole file: it names the file, the line and why.
type FileError struct {
	File   string
	Line   int
	Reason string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}
