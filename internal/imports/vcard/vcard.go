// Package vcard imports members from an address book: a vCard file
// (3.0 or 4.0, many cards in one file) as Apple Contacts, Google Contacts,
// Outlook, Thunderbird or Nextcloud export it, and as Trellis exports it.
// Each card is one person; photos and birthdays are left out.
package vcard

import (
	"bufio"
	"io"
	"iter"
	"strings"

	govcard "github.com/emersion/go-vcard"

	"github.com/trellis-community/trellis/internal/imports"
)

// Importer is the vCard import.
type Importer struct{}

// Kind implements imports.Importer.
func (Importer) Kind() string { return "vcard" }

// Label implements imports.Importer.
func (Importer) Label() string { return "Address book (vCard)" }

// previewHeadings name the cells of a preview row.
var previewHeadings = []string{"Name", "Email", "Affiliation", "Country", "Tags"}

// Preview implements imports.Importer: an address book has no columns to
// map, so the preview is the first people as they will be read.
func (Importer) Preview(r io.Reader, fileName string, _ imports.Mapping, rows int) (imports.Preview, error) {
	br, enc := decoded(r)
	p := imports.Preview{Encoding: enc, Headings: previewHeadings}
	for rec, err := range records(br, fileName) {
		if err != nil {
			return p, err
		}
		if len(p.Rows) >= rows {
			break
		}
		m := rec.Member
		p.Rows = append(p.Rows, []string{m.Name, m.PrimaryEmail(), m.Affiliation, m.Country, joinTags(m.Tags)})
		p.Lines = append(p.Lines, rec.Line)
	}
	return p, nil
}

// Records implements imports.Importer.
func (Importer) Records(r io.Reader, fileName string, _ imports.Mapping) iter.Seq2[imports.Record, error] {
	br, _ := decoded(r)
	return records(br, fileName)
}

func records(br *bufio.Reader, fileName string) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		for raw, err := range splitCards(br, fileName) {
			if err != nil {
				yield(imports.Record{}, err)
				return
			}
			card, err := govcard.NewDecoder(strings.NewReader(raw.text)).Decode()
			if err != nil {
				yield(imports.Record{}, &imports.FileError{File: fileName, Line: raw.line,
					Reason: "the card starting here cannot be read: " + err.Error()})
				return
			}
			if !yield(record(card, raw.line), nil) {
				return
			}
		}
	}
}
