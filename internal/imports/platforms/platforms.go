// Package platforms brings a community in from the platforms it talks and
// works on, from the files those platforms' own export tools write: a
// Slack workspace export, a Discourse user list and posts, and GitHub
// activity as `gh api` saves it. Each person becomes (or is matched to) a
// member with their platform identity, and what they did there (a message,
// a reply, a pull request, a review) becomes their activities, counted in
// the participation modes like any other.
//
// Every kind reads the whole file before yielding a record: a person's
// activities are spread across the file (a Slack member posts in many
// channels on many days), and each person is one record, so the run sees
// them once. Files are bounded (maxFile) for that reason.
package platforms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// maxFile bounds what one file may hold once read (a JSON file, a CSV, a
// file inside a Slack export): the importers keep a whole file's people
// and activities in memory to group them by person.
const maxFile = 512 << 20

// person is one member as a file gives them, with what they did.
type person struct {
	line   int
	m      members.Member
	fields []string
	acts   []imports.Activity
}

func (p *person) set(field string, ok bool) {
	if ok {
		for _, f := range p.fields {
			if f == field {
				return
			}
		}
		p.fields = append(p.fields, field)
	}
}

// people are the persons of a file in the order they first appear, by a
// key (a platform handle).
type people struct {
	order []*person
	by    map[string]*person
}

// get returns the person under key, adding one first seen on line.
func (ps *people) get(key string, line int) *person {
	if ps.by == nil {
		ps.by = map[string]*person{}
	}
	p, ok := ps.by[key]
	if !ok {
		p = &person{line: line}
		ps.by[key] = p
		ps.order = append(ps.order, p)
	}
	return p
}

// records yields each person as a record.
func (ps *people) records(yield func(imports.Record, error) bool) {
	for _, p := range ps.order {
		if !yield(imports.Record{Line: p.line, Member: p.m, Fields: p.fields, Activities: p.acts}, nil) {
			return
		}
	}
}

// refuse yields err alone: the whole file is refused.
func refuse(err error) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) { yield(imports.Record{}, err) }
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

// readAll reads r whole, refusing more than maxFile bytes.
func readAll(r io.Reader, fileName string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFile+1))
	if err != nil {
		return nil, &imports.FileError{File: fileName, Reason: "could not be read: " + err.Error()}
	}
	if len(data) > maxFile {
		return nil, &imports.FileError{File: fileName, Reason: fmt.Sprintf("is larger than %d MiB: split it", maxFile>>20)}
	}
	return data, nil
}

// lineAt is the line of data that byte offset off is on, from 1.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

// lineCounter is lineAt for offsets that mostly move forward, as a file's
// objects do: it counts from the last offset asked, so finding the line
// of every object of a file costs one pass over it, not one per object.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	off = min(max(off, 0), int64(len(c.data)))
	if off < c.off || c.line == 0 {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte{'\n'})
	c.off = off
	return c.line
}

// eachObject calls fn with every JSON object of data, with the line it
// starts on. data holds JSON values back to back, as `gh api --paginate`
// writes its pages: arrays of objects (an array of such arrays, as
// --slurp writes them, or a single object, come too). wrap picks the
// array out of an object that holds one (Discourse's {"latest_posts":
// [...]}): it returns the key, or "" when the object is an item itself.
func eachObject(data []byte, fileName string, wrap func(map[string]json.RawMessage) string, fn func(obj json.RawMessage, line int) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	lines := &lineCounter{data: data}
	var walk func(raw json.RawMessage, base int64, depth int) error
	walk = func(raw json.RawMessage, base int64, depth int) error {
		raw = bytes.TrimLeft(raw, " \t\r\n")
		if len(raw) == 0 {
			return nil
		}
		switch raw[0] {
		case '[':
			if depth > 2 {
				return &imports.FileError{File: fileName, Line: lineAt(data, base), Reason: "arrays nested too deep: not an export this import reads"}
			}
			inner := json.NewDecoder(bytes.NewReader(raw))
			if _, err := inner.Token(); err != nil {
				return syntax(data, fileName, base, err)
			}
			for inner.More() {
				off := inner.InputOffset()
				var item json.RawMessage
				if err := inner.Decode(&item); err != nil {
					return syntax(data, fileName, base+off, err)
				}
				// Decode skips the space and comma before the value.
				start := base + off + int64(bytes.IndexAny(raw[off:], "{[\"0123456789-tfn"))
				if err := walk(item, start, depth+1); err != nil {
					return err
				}
			}
			return nil
		case '{':
			if wrap != nil {
				var obj map[string]json.RawMessage
				if err := json.Unmarshal(raw, &obj); err != nil {
					return syntax(data, fileName, base, err)
				}
				if key := wrap(obj); key != "" {
					inner := obj[key]
					// The key's value sits somewhere inside raw: find its line.
					at := bytes.Index(raw, inner)
					if at < 0 {
						at = 0
					}
					return walk(inner, base+int64(at), depth+1)
				}
			}
			return fn(raw, lines.at(base))
		case 'n': // null: an empty page
			return nil
		}
		return &imports.FileError{File: fileName, Line: lineAt(data, base), Reason: "expected a JSON array or object"}
	}
	for {
		off := dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return syntax(data, fileName, off, err)
		}
		start := off + int64(len(data[off:])-len(bytes.TrimLeft(data[off:], " \t\r\n")))
		if err := walk(raw, start, 0); err != nil {
			return err
		}
	}
}

// syntax names the line of a JSON problem.
func syntax(data []byte, fileName string, base int64, err error) error {
	var se *json.SyntaxError
	at := base
	if errors.As(err, &se) {
		at = base + se.Offset
	}
	reason := "is not valid JSON: " + err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) {
		at = int64(len(data))
		reason = "ends in the middle of a JSON value: is it complete?"
	}
	return &imports.FileError{File: fileName, Line: lineAt(data, at), Reason: reason}
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
