package relationships

import "github.com/trellis-community/trellis/internal/store"

// The lists' page cursors (see store.Cursor). A cursor from one list is
// refused by another.
var (
	cursorInteraction  = store.CursorList{Name: "i", Key: store.DateKey} // key: occurred_on
	cursorFollowUpOpen = store.CursorList{Name: "o", Key: store.DateKey} // key: due_on
	cursorFollowUpDone = store.CursorList{Name: "d", Key: store.IntKey}  // key: done_at, Unix seconds
)
