package members

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Segment is a saved filter with a name, such as "Early career in Africa"
// or "Funders without consent". Query is the filter as a URL query, ready
// to append to the members list's address.
type Segment struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Filter    Filter    `json:"filter"`
	Query     string    `json:"query"`
	CreatedAt time.Time `json:"created_at"`
	// Problem is set, and Filter left empty, when the saved filter breaks
	// a rule made after it was saved (more tags than MaxFilterTags): the
	// segment can still be listed, read and deleted, but not opened.
	Problem string `json:"problem,omitempty"`
}

// MaxSegmentName caps a segment's name.
const MaxSegmentName = 100

// CreateSegment saves f under name. The filter is stored in canonical form,
// so two segments with the same conditions have the same Query. It fails
// with Invalid for a bad name or filter and Conflict when another segment
// already has the name.
func (s *Service) CreateSegment(ctx context.Context, name string, f Filter) (Segment, error) {
	var fe apperr.FieldErrors
	name = text(&fe, "name", name, MaxSegmentName, false)
	if name == "" {
		fe.Add("name", "is required")
	}
	if err := fe.Err(); err != nil {
		return Segment{}, err
	}
	f, err := f.Normalise()
	if err != nil {
		return Segment{}, err
	}
	now := s.now()
	seg := Segment{Name: name, Filter: f, Query: f.Values().Encode(), CreatedAt: now}
	var createdBy any
	if a := audit.ActorFrom(ctx); a.UserID != 0 {
		createdBy = a.UserID
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		seg.ID, err = tx.Insert(ctx, "INSERT INTO segments (name, query, created_by, created_at) VALUES (?, ?, ?, ?)",
			seg.Name, seg.Query, createdBy, now.Unix())
		if store.IsUniqueViolation(err) {
			return &apperr.Error{Code: apperr.Conflict, Message: "There is already a segment called " + name + ".",
				Fields: map[string]string{"name": "is already taken"}, Err: err}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: "segment", EntityID: seg.ID, Action: "create",
			Summary: "Saved segment " + name})
	})
	if err != nil {
		return Segment{}, store.Wrap(err, "Could not save the segment.")
	}
	return seg, nil
}

// ListSegments returns every segment, by name.
func (s *Service) ListSegments(ctx context.Context) ([]Segment, error) {
	out := []Segment{}
	err := store.EachRow(ctx, s.DB, "SELECT id, name, query, created_at FROM segments ORDER BY name, id", nil,
		func(rows *sql.Rows) error {
			seg, err := scanSegment(rows)
			out = append(out, seg)
			return err
		})
	if err != nil {
		return nil, store.Wrap(err, "Could not load the segments.")
	}
	return out, nil
}

// GetSegment returns one segment, or NotFound.
func (s *Service) GetSegment(ctx context.Context, id int64) (Segment, error) {
	seg, err := scanSegment(s.DB.QueryRow(ctx, "SELECT id, name, query, created_at FROM segments WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Segment{}, apperr.NotFoundf("There is no segment with id %d.", id)
	}
	return seg, store.Wrap(err, "Could not load the segment.")
}

// DeleteSegment forgets a saved filter; the members it matched are not
// touched. NotFound when it does not exist.
func (s *Service) DeleteSegment(ctx context.Context, id int64) error {
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "SELECT name FROM segments WHERE id = ?", id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("There is no segment with id %d.", id)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM segments WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: "segment", EntityID: id, EntityName: name, Action: "delete",
			Summary: "Deleted segment " + name})
	})
	return store.Wrap(err, "Could not delete the segment.")
}

// scanSegment reads id, name, query, created_at and parses the query back
// into its Filter.
func scanSegment(sc scanner) (Segment, error) {
	var seg Segment
	var created int64
	if err := sc.Scan(&seg.ID, &seg.Name, &seg.Query, &created); err != nil {
		return Segment{}, err
	}
	seg.CreatedAt = store.UnixTime(created)
	v, err := url.ParseQuery(seg.Query)
	if err == nil {
		seg.Filter, err = ParseFilter(v)
	}
	if err != nil {
		// Stored queries come from Filter.Values, so this means a rule
		// changed under a saved segment. One such segment must not break
		// every list of segments, so it is kept, saying what is wrong.
		seg.Filter, seg.Problem = Filter{}, segmentProblem(seg.Name, err)
	}
	return seg, nil
}

// segmentProblem says why a saved segment can no longer be opened.
func segmentProblem(name string, err error) string {
	msg := "its filter can no longer be read"
	if ae, ok := errors.AsType[*apperr.Error](err); ok && ae.Code == apperr.Invalid {
		msg = ae.Message
	}
	return fmt.Sprintf("Segment %q was saved under older rules and cannot be opened (%s). Delete it and save the filter again.", name, msg)
}
