package members

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	textrule "github.com/trellis-community/trellis/internal/text"
)

// Page sizes for List.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Page asks for one page of a list. Limit defaults to DefaultLimit and is
// capped at MaxLimit. Cursor is "" for the first page, then the Next of the
// previous result.
type Page struct {
	Limit  int    `json:"limit"`
	Cursor string `json:"cursor"`
}

func (p Page) limit() int {
	switch {
	case p.Limit <= 0:
		return DefaultLimit
	case p.Limit > MaxLimit:
		return MaxLimit
	}
	return p.Limit
}

// ListResult is one page of members. Next is the cursor of the following
// page, "" on the last one.
type ListResult struct {
	Members []Member `json:"members"`
	Next    string   `json:"next"`
}

// cursor is where a page ended: the sort it belongs to, the last row's sort
// key and its id. Keyset pagination resumes strictly after (Key, ID), so
// rows added or removed meanwhile never shift a page the way OFFSET would.
type cursor struct {
	Sort string `json:"s"`
	Key  string `json:"k"` // decimal for numeric sorts
	ID   int64  `json:"i"`
}

// encode makes the cursor opaque and URL-safe.
func (c cursor) encode() string {
	b, _ := json.Marshal(c) // a struct of strings and ints cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor made by encode for the sort s. Anything else
// (garbled, edited, or from a list sorted another way) is an Invalid error
// naming "cursor".
func decodeCursor(raw string, s sortKey) (cursor, error) {
	bad := func(why string) (cursor, error) {
		var fe apperr.FieldErrors
		fe.Add("cursor", "%s; start again from the first page", why)
		return cursor{}, fe.Err()
	}
	if len(raw) > 1024 {
		return bad("is not a page cursor")
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil {
		return bad("is not a page cursor")
	}
	// The key goes into the query as it is: bytes that are not UTF-8
	// (which json.Unmarshal would quietly replace) or an escaped NUL would
	// fail on PostgreSQL, so a cursor holding them is one we never made.
	var c cursor
	if !utf8.Valid(b) || json.Unmarshal(b, &c) != nil || c.ID <= 0 || !textrule.Valid(c.Key) {
		return bad("is not a page cursor")
	}
	if c.Sort != s.sort {
		return bad("belongs to a list sorted another way")
	}
	if s.numeric {
		if _, err := strconv.ParseInt(c.Key, 10, 64); err != nil {
			return bad("is not a page cursor")
		}
	}
	return c, nil
}

// keyArg is the cursor's sort key as the query compares it.
func (c cursor) keyArg(s sortKey) any {
	if s.numeric {
		n, _ := strconv.ParseInt(c.Key, 10, 64) // checked by decodeCursor
		return n
	}
	return c.Key
}
