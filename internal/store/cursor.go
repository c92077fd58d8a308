package store

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	textrule "github.com/trellis-community/trellis/internal/text"
)

// A Cursor marks where the next page of a list starts: the sort key and id
// of the last row already shown (keyset pagination), so pages stay correct
// while rows are added or removed and a deep page costs no more than the
// first. It is opaque to callers: base64url of "list|key|id".
type Cursor struct {
	List string // which list and ordering it belongs to; no "|"
	Key  string // the last row's sort key, as CursorList.Key says
	ID   int64  // the last row's id, which breaks ties
}

// KeyKind says what a cursor's sort key must look like, so an edited
// cursor is refused before it reaches a query.
type KeyKind uint8

const (
	TextKey KeyKind = iota // any text
	IntKey                 // a decimal integer (Unix seconds, counts)
	DateKey                // a calendar date, YYYY-MM-DD
)

// CursorList names a list (and ordering) whose cursors ParseCursor accepts.
type CursorList struct {
	Name string
	Key  KeyKind
}

// maxCursor bounds what ParseCursor decodes: a sort key is a short
// column value, never kilobytes.
const maxCursor = 1024

// String encodes the cursor for a link or a JSON "next" field.
func (c Cursor) String() string {
	raw := c.List + "|" + c.Key + "|" + strconv.FormatInt(c.ID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// IntKey is the key of a cursor of an IntKey list (checked by ParseCursor).
func (c Cursor) IntKey() int64 {
	n, _ := strconv.ParseInt(c.Key, 10, 64)
	return n
}

// ParseCursor decodes raw, accepting only cursors of the given lists. An
// empty raw is the first page (ok false). Anything garbled, edited or
// belonging to another list is an Invalid error on the field "cursor".
func ParseCursor(raw string, lists ...CursorList) (c Cursor, ok bool, err error) {
	if raw == "" {
		return Cursor{}, false, nil
	}
	bad := func() (Cursor, bool, error) {
		var fe apperr.FieldErrors
		fe.Add("cursor", "is not a page marker from this list; start again from the first page")
		return Cursor{}, false, fe.Err()
	}
	if len(raw) > maxCursor {
		return bad()
	}
	b, derr := base64.RawURLEncoding.DecodeString(raw)
	if derr != nil {
		return bad()
	}
	// The key goes into a query as it is: bytes that are not UTF-8 or a
	// control character would fail on PostgreSQL, so a cursor holding them
	// is one we never made.
	if !textrule.Valid(string(b)) {
		return bad()
	}
	// The key sits between the first and the last "|", so a key may hold
	// one (a name sort key is free text).
	s := string(b)
	first, last := strings.IndexByte(s, '|'), strings.LastIndexByte(s, '|')
	if first < 0 || first == last {
		return bad()
	}
	c.List, c.Key = s[:first], s[first+1:last]
	c.ID, derr = strconv.ParseInt(s[last+1:], 10, 64)
	if derr != nil || c.ID <= 0 {
		return bad()
	}
	for _, l := range lists {
		if l.Name != c.List {
			continue
		}
		if !validKey(l.Key, c.Key) {
			return bad()
		}
		return c, true, nil
	}
	return bad()
}

func validKey(k KeyKind, key string) bool {
	switch k {
	case IntKey:
		_, err := strconv.ParseInt(key, 10, 64)
		return err == nil
	case DateKey:
		_, err := time.Parse(time.DateOnly, key)
		return err == nil
	}
	return true
}

// Keyset is the ordering of a keyset-paginated list: a sort expression,
// then the id column that makes the order total, both in one direction.
// The sort expression must match an index for the list to read it rather
// than sort the table.
type Keyset struct {
	Key  string // "m.sort_name", "f.due_on" ...
	ID   string // "m.id", "f.id" ...
	Desc bool
}

// After adds to w the condition for rows that come after the row with sort
// key key and id id. The row-value comparison alone is exact; the
// redundant bound on the sort key lets SQLite seek into an index on an
// expression rather than scan it from the start.
func (k Keyset) After(w *Where, key any, id int64) {
	op := ">"
	if k.Desc {
		op = "<"
	}
	w.Add("("+k.Key+", "+k.ID+") "+op+" (?, ?) AND "+k.Key+" "+op+"= ?", key, id, key)
}

// OrderBy is " ORDER BY key, id" in the keyset's direction.
func (k Keyset) OrderBy() string {
	dir := " ASC"
	if k.Desc {
		dir = " DESC"
	}
	return " ORDER BY " + k.Key + dir + ", " + k.ID + dir
}
