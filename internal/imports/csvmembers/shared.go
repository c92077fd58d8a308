package csvmembers

import (
	"bufio"
	"errors"
	"io"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// What other kinds of import read the way a spreadsheet is read: a
// mailing-list export is a CSV file with columns its tool names, plus any
// columns the list's owner added ("Institution"), which are guessed like
// a spreadsheet's.

// Decode returns r as UTF-8 text and the name of the encoding it was in:
// UTF-8 with or without a byte-order mark, UTF-16 with one, or
// Windows-1252 for text that is not valid UTF-8.
func Decode(r io.Reader) (*bufio.Reader, string) { return decode(r) }

// Sheet is an open CSV file past its header row.
type Sheet struct {
	s        *sheet
	fileName string
}

// Open reads the encoding, the separator and the header row of a CSV
// file. A file that is empty or cannot be read is a *imports.FileError.
func Open(r io.Reader, fileName string) (*Sheet, error) {
	s, err := open(r, fileName)
	if err != nil {
		return nil, err
	}
	return &Sheet{s: s, fileName: fileName}, nil
}

// Header is the header row, each cell trimmed.
func (s *Sheet) Header() []string { return s.s.header }

// Encoding names the encoding the file was read in.
func (s *Sheet) Encoding() string { return s.s.encoding }

// Separator names the cell separator: "comma", "semicolon" or "tab".
func (s *Sheet) Separator() string { return separatorName(s.s.sep) }

// Next returns the next row that is not blank and the line it starts on,
// io.EOF after the last, or a *imports.FileError naming the line. The row
// is reused by the next call.
func (s *Sheet) Next() ([]string, int, error) {
	for {
		row, err := s.s.r.Read()
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, parseError(s.fileName, err)
		}
		if blank(row) {
			continue
		}
		line, _ := s.s.r.FieldPos(0)
		return row, line, nil
	}
}

// Plan is the field of every column: mapping's where it names the header,
// otherwise known's (the columns a tool always writes), otherwise the
// field guessed from the header.
func (s *Sheet) Plan(mapping imports.Mapping, known func(header string) (string, bool)) []imports.Column {
	cols := make([]imports.Column, len(s.s.header))
	for i, h := range s.s.header {
		f, ok := mapping[h]
		if !ok {
			if f, ok = known(h); !ok {
				f = Guess(h)
			}
			ok = false
		}
		cols[i] = imports.Column{Index: i, Header: h, Field: f, Guessed: !ok}
	}
	return cols
}

// Row turns one row into a member record through the columns' fields, as
// a spreadsheet row is read: empty cells say nothing, a value that cannot
// be read is a problem refusing the row.
func Row(cols []imports.Column, row []string, line int) imports.Record {
	return record(cols, row, line)
}

// Cells pads or cuts row to n cells, copied.
func Cells(row []string, n int) []string {
	out := make([]string, n)
	copy(out, row)
	return out
}

// Country returns the ISO code of a country written as people write it:
// a code, its English name or an everyday name ("USA", "Deutschland"),
// or "" when it names none.
func Country(v string) string {
	if code := members.CountryCode(v); code != "" {
		return code
	}
	return countryAliases[headerKey(v)]
}

// Sniff guesses the cell separator of a decoded file from its first line:
// a comma, a semicolon or a tab.
func Sniff(br *bufio.Reader) rune { return sniff(br) }
