package relationships

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// A cursor marks where the next page of a list starts: the sort key and id
// of the last row already shown (keyset pagination), so pages stay correct
// while rows are added and a deep page costs no more than the first. It is
// opaque to callers: base64url of "kind|key|id".
type cursor struct {
	kind byte // which list and ordering it belongs to
	key  string
	id   int64
}

// Cursor kinds. A cursor from one list is refused by another.
const (
	cursorInteraction  = 'i' // key: occurred_on
	cursorFollowUpOpen = 'o' // key: due_on
	cursorFollowUpDone = 'd' // key: done_at, Unix seconds
)

func (c cursor) String() string {
	raw := string(c.kind) + "|" + c.key + "|" + strconv.FormatInt(c.id, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// parseCursor decodes s, accepting only the given kinds. An empty s is the
// first page (ok false). Anything garbled is Invalid on the field "cursor".
func parseCursor(s string, kinds ...byte) (c cursor, ok bool, err error) {
	if s == "" {
		return cursor{}, false, nil
	}
	bad := func() (cursor, bool, error) {
		var fe apperr.FieldErrors
		fe.Add("cursor", "is not a page marker from this list; start again from the first page")
		return cursor{}, false, fe.Err()
	}
	raw, derr := base64.RawURLEncoding.DecodeString(s)
	if derr != nil {
		return bad()
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || len(parts[0]) != 1 {
		return bad()
	}
	c.kind, c.key = parts[0][0], parts[1]
	c.id, derr = strconv.ParseInt(parts[2], 10, 64)
	if derr != nil || c.id <= 0 {
		return bad()
	}
	known := false
	for _, k := range kinds {
		known = known || k == c.kind
	}
	if !known {
		return bad()
	}
	switch c.kind {
	case cursorInteraction, cursorFollowUpOpen:
		if !validDate(c.key) {
			return bad()
		}
	case cursorFollowUpDone:
		if _, perr := strconv.ParseInt(c.key, 10, 64); perr != nil {
			return bad()
		}
	}
	return c, true, nil
}
