package vcard

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
)

// maxCard bounds one card, photos left out: an address book entry is a
// few kilobytes, so a card past this is a file that is not one.
const maxCard = 1 << 20

// rawCard is the text of one card, BEGIN:VCARD to END:VCARD, and the
// line it starts on.
type rawCard struct {
	line int
	text string
}

// skipped are the properties left out before decoding: pictures, sounds
// and keys, often hundreds of kilobytes of base64 that say nothing Trellis
// keeps.
var skipped = map[string]bool{"PHOTO": true, "LOGO": true, "SOUND": true, "KEY": true}

// splitCards reads an address book card by card, counting lines so each
// card knows where it starts: the decoder reads one card at a time but
// does not say where. It joins the soft line breaks of quoted-printable
// values (vCard 2.1 and 3.0 from older phones), which the decoder would
// read as new properties, and leaves out the properties in skipped. A
// file that is not vCard, or is cut short, is a *imports.FileError.
func splitCards(br *bufio.Reader, fileName string) iter.Seq2[rawCard, error] {
	return func(yield func(rawCard, error) bool) {
		fail := func(line int, format string, args ...any) {
			yield(rawCard{}, &imports.FileError{File: fileName, Line: line, Reason: fmt.Sprintf(format, args...)})
		}
		var (
			n       int // the line just read
			card    strings.Builder
			start   int  // the line the open card starts on; 0 outside a card
			skip    bool // the current property is left out
			qpJoin  bool // the previous line ended a quoted-printable soft break
			sawCard bool
		)
		for {
			l, err := br.ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				fail(n+1, "could not read the file: %v", err)
				return
			}
			if l == "" && err != nil {
				break
			}
			n++
			l = strings.TrimRight(l, "\r\n")
			if !utf8.ValidString(l) {
				fail(n, "the line is not valid text in the file's encoding")
				return
			}
			if start == 0 {
				switch {
				case strings.TrimSpace(l) == "":
				case strings.EqualFold(strings.TrimSpace(l), "BEGIN:VCARD"):
					start, skip, qpJoin, sawCard = n, false, false, true
					card.Reset()
					card.WriteString("BEGIN:VCARD")
				case sawCard:
					fail(n, "%q is outside any card: a card starts with BEGIN:VCARD", cut(l))
					return
				default:
					fail(n, "this is not a vCard file: it must start with BEGIN:VCARD, not %q", cut(l))
					return
				}
			} else {
				folded := qpJoin || strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")
				if !folded {
					name, qp := property(l)
					switch {
					case name == "END" && strings.EqualFold(strings.TrimSpace(l), "END:VCARD"):
						card.WriteString("\r\nEND:VCARD\r\n")
						if !yield(rawCard{line: start, text: card.String()}, nil) {
							return
						}
						start = 0
						continue
					case name == "BEGIN" && strings.EqualFold(strings.TrimSpace(l), "BEGIN:VCARD"):
						fail(start, "the card starting on line %d has no END:VCARD before the next card on line %d", start, n)
						return
					}
					skip = skipped[name]
					qpJoin = qp && strings.HasSuffix(l, "=")
					if !skip {
						card.WriteString("\r\n")
						card.WriteString(softBreak(l, qpJoin))
					}
				} else {
					wasQP := qpJoin
					qpJoin = wasQP && strings.HasSuffix(l, "=")
					if !skip {
						if wasQP {
							// A soft line break: the value goes on, with
							// no space between.
							card.WriteString(softBreak(l, qpJoin))
						} else {
							card.WriteString(l[1:])
						}
					}
				}
				if card.Len() > maxCard {
					fail(start, "the card starting on line %d is larger than %d KB without its photo: is this an address book?", start, maxCard>>10)
					return
				}
			}
			if err != nil {
				break
			}
		}
		switch {
		case start != 0:
			fail(start, "the card starting on line %d has no END:VCARD: the file ends at line %d, cut short", start, n)
		case !sawCard:
			fail(1, "the file holds no card: a vCard file starts with BEGIN:VCARD")
		}
	}
}

// property returns the upper-case name of the property a line starts
// (without its group, "item1.") and whether its value is quoted-printable.
func property(l string) (name string, qp bool) {
	end := strings.IndexAny(l, ";:")
	if end < 0 {
		return "", false
	}
	name = strings.ToUpper(l[:end])
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	params := ""
	if l[end] == ';' {
		params = l[end:]
		if c := strings.IndexByte(params, ':'); c >= 0 {
			params = params[:c]
		}
	}
	return name, strings.Contains(strings.ToUpper(params), "QUOTED-PRINTABLE")
}

// softBreak drops the "=" ending a quoted-printable line whose value goes
// on.
func softBreak(l string, goesOn bool) string {
	if goesOn {
		return l[:len(l)-1]
	}
	return l
}

// cut shortens a line quoted in an error.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

// decoded is the file as UTF-8 and the name of its encoding.
func decoded(r io.Reader) (*bufio.Reader, string) { return csvmembers.Decode(r) }
