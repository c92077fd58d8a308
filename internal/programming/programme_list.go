package programming

import (
	"context"
	"strconv"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// ProgrammeFilter narrows the programme list; zero values match all.
type ProgrammeFilter struct {
	Kind   Kind
	Status Status
	Cursor string
	Limit  int
}

var cursorProgramme = store.CursorList{Name: "programmes", Key: store.IntKey}

// ListProgrammes returns programmes newest first, a page at a time, and
// the cursor of the next page ("" on the last). Errors: Invalid on kind,
// status or cursor.
func (s *Service) ListProgrammes(ctx context.Context, f ProgrammeFilter) ([]Programme, string, error) {
	var fe apperr.FieldErrors
	var w store.Where
	if f.Kind != "" {
		if !f.Kind.Valid() {
			fe.Add("kind", "choose one of %s", names(Kinds()))
		}
		w.Add("p.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			fe.Add("status", "choose one of %s", names(Statuses()))
		}
		w.Add("p.status = ?", string(f.Status))
	}
	cur, hasCursor, err := store.ParseCursor(f.Cursor, cursorProgramme)
	if err != nil {
		return nil, "", err
	}
	if err := fe.Err(); err != nil {
		return nil, "", err
	}
	if hasCursor {
		w.Add("p.id < ?", cur.ID)
	}
	limit := store.PageLimit(f.Limit)
	list, err := loadProgrammes(ctx, s.DB, "SELECT "+programmeColumns+" FROM programmes p"+w.SQL()+
		" ORDER BY p.id DESC LIMIT "+strconv.Itoa(limit+1), w.Args()...)
	if err != nil {
		return nil, "", store.Wrap(err, "Could not list programmes.")
	}
	next := ""
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = store.Cursor{List: cursorProgramme.Name, Key: strconv.FormatInt(last.ID, 10), ID: last.ID}.String()
	}
	return list, next, nil
}
