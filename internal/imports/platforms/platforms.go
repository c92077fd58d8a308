// Package platforms brings a community in from the platforms it talks and
// works on, from the files those platforms' own export tools write: a
// Slack workspace export, a Discourse user list and posts, and GitHub
// activity as `gh api` saves it. Each person becomes (or is matched to) a
// member with their platform identity, and what they did there (a message,
// a reply, a pull request, a review) becomes their activities, counted in
// the participation modes like any other.
//
// Every kind streams its file: JSON is decoded an item at a time
// (jsonItems) and each item yields its record at once, so memory holds a
// batch, not the file. A person's activities are spread across a file (a
// Slack member posts in many channels on many days): the first record
// naming a person carries them whole, later ones only the identity their
// activities attach to (imports.Record.Again).
package platforms

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// maxFile bounds what one file inside a Slack export may hold once
// inflated, so a corrupt or hostile archive cannot expand without bound.
// Files are read as streams, an item at a time: memory does not grow
// with them.
const maxFile = 512 << 20

// person is one member as a file gives them.
type person struct {
	m      members.Member
	fields []string
}

func (p *person) set(field string, ok bool) {
	if ok && !slices.Contains(p.fields, field) {
		p.fields = append(p.fields, field)
	}
}

// seen remembers, by a key (a platform handle), the people a file has
// named: a person's first record carries them whole, and the records of
// what they did later carry only their identity (imports.Record.Again).
// It holds a key per person, not per item.
type seen map[string]bool

// record is the record of a person with what they did on line: the
// whole person the first time key comes, only their identity after.
func (s seen) record(key string, line int, p person, acts ...imports.Activity) imports.Record {
	if s[key] {
		return imports.Record{Line: line, Member: members.Member{Name: p.m.Name, Identities: p.m.Identities}, Again: true, Activities: acts}
	}
	s[key] = true
	return imports.Record{Line: line, Member: p.m, Fields: p.fields, Activities: acts}
}

// preview gives the first rows of what records reads, one per person:
// platform files have no columns to map.
func preview(recs iter.Seq2[imports.Record, error], format string, rows int) (imports.Preview, error) {
	p := imports.Preview{Encoding: format, Headings: []string{"Person", "Identities", "Email", "Activities"}}
	if rows <= 0 {
		rows = 5
	}
	for rec, err := range recs {
		if err != nil {
			return p, err
		}
		var handles, emails []string
		for _, x := range rec.Member.Identities {
			handles = append(handles, x.Platform+":"+x.Handle)
		}
		for _, e := range rec.Member.Emails {
			emails = append(emails, e.Address)
		}
		p.Rows = append(p.Rows, []string{rec.Member.Name, strings.Join(handles, ", "), strings.Join(emails, ", "), fmt.Sprintf("%d activities", len(rec.Activities))})
		p.Lines = append(p.Lines, rec.Line)
		if len(p.Rows) == rows {
			break
		}
	}
	return p, nil
}

// clean makes a platform's text fit a member's or activity's field: valid
// UTF-8, no control characters, one line, at most n characters.
func clean(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			return -1
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		i := 0
		for j := range s {
			if i == n {
				return s[:j]
			}
			i++
		}
	}
	return s
}

// parseTime reads an RFC 3339 time as the platforms write them.
func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	return t.UTC(), err == nil
}
