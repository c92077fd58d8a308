package members

import "github.com/trellis-community/trellis/internal/store"

// Page sizes for List: every list's (see store.PageLimit).
const (
	DefaultLimit = store.DefaultPageLimit
	MaxLimit     = store.MaxPageLimit
)

// Page asks for one page of a list. Limit defaults to DefaultLimit and is
// capped at MaxLimit. Cursor is "" for the first page, then the Next of the
// previous result.
type Page struct {
	Limit  int    `json:"limit"`
	Cursor string `json:"cursor"`
}

func (p Page) limit() int { return store.PageLimit(p.Limit) }

// ListResult is one page of members. Next is the cursor of the following
// page, "" on the last one.
type ListResult struct {
	Members []Member `json:"members"`
	Next    string   `json:"next"`
}
