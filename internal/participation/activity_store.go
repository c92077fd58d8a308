package participation

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Filter narrows ListActivities. Zero fields match everything.
type Filter struct {
	MemberID int64
	Kind     string
	Source   string
	From, To time.Time // inclusive bounds on occurred_at
	Cursor   string
	Limit    int // default 50, at most 500
}

var cursorActivities = store.CursorList{Name: "activities", Key: store.IntKey}

const activitySelect = `SELECT a.id, a.member_id, COALESCE(NULLIF(m.preferred_name, ''), m.name), a.kind,
	COALESCE(k.label, a.kind), COALESCE(k.mode, ''), a.source, a.occurred_at, a.title, a.url, COALESCE(a.external_id, ''), a.created_at
	FROM activities a JOIN members m ON m.id = a.member_id LEFT JOIN activity_kinds k ON k.key = a.kind`

// ListActivities returns activities newest first, a page at a time; next
// is the cursor of the following page, "" on the last. Errors are Invalid
// naming "to" or "cursor".
func (s *Service) ListActivities(ctx context.Context, f Filter) (list []Activity, next string, err error) {
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		var fe apperr.FieldErrors
		fe.Add("to", "must not be before from")
		return nil, "", fe.Err()
	}
	cur, hasCursor, err := store.ParseCursor(f.Cursor, cursorActivities)
	if err != nil {
		return nil, "", err
	}
	limit := store.PageLimit(f.Limit)
	order := store.Keyset{Key: "a.occurred_at", ID: "a.id", Desc: true}
	w := &store.Where{}
	if f.MemberID != 0 {
		w.Add("a.member_id = ?", f.MemberID)
	}
	if f.Kind != "" {
		w.Add("a.kind = ?", f.Kind)
	}
	if f.Source != "" {
		w.Add("a.source = ?", f.Source)
	}
	if !f.From.IsZero() {
		w.Add("a.occurred_at >= ?", f.From.Unix())
	}
	if !f.To.IsZero() {
		w.Add("a.occurred_at <= ?", f.To.Unix())
	}
	if hasCursor {
		order.After(w, cur.IntKey(), cur.ID)
	}
	list, err = scanActivities(ctx, s.DB, activitySelect+w.SQL()+order.OrderBy()+" LIMIT ?", w.Args(limit+1))
	if err != nil {
		return nil, "", store.Wrap(err, "Could not list the activities.")
	}
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		next = store.Cursor{List: cursorActivities.Name, Key: strconv.FormatInt(last.OccurredAt.Unix(), 10), ID: last.ID}.String()
	}
	return list, next, nil
}

// MemberActivities returns member id's n most recent activities, for
// their page.
func (s *Service) MemberActivities(ctx context.Context, id int64, n int) ([]Activity, error) {
	list, err := scanActivities(ctx, s.DB, activitySelect+" WHERE a.member_id = ? ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?", []any{id, n})
	return list, store.Wrap(err, "Could not list the member's activities.")
}

func scanActivities(ctx context.Context, q store.Querier, query string, args []any) ([]Activity, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Activity{}
	for rows.Next() {
		var a Activity
		var at, created int64
		if err := rows.Scan(&a.ID, &a.MemberID, &a.MemberName, &a.Kind, &a.KindLabel, &a.Mode, &a.Source, &at, &a.Title, &a.URL,
			&a.ExternalID, &created); err != nil {
			return nil, err
		}
		a.OccurredAt, a.CreatedAt = time.Unix(at, 0).UTC(), time.Unix(created, 0).UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// LogActivity records one activity a team member typed in for member
// memberID, with source "manual" unless the item names another. Problems
// are Invalid naming the field ("kind", "occurred_at", "url" ...), and an
// external id already recorded for the source is Invalid on
// "external_id"; NotFound when the member does not exist. The audit entry
// is on the member.
func (s *Service) LogActivity(ctx context.Context, memberID int64, it Item) (Activity, error) {
	it.MemberID, it.MemberEmail = memberID, ""
	kinds, err := s.Kinds(ctx)
	if err != nil {
		return Activity{}, err
	}
	byKey := make(map[string]Kind, len(kinds))
	for _, k := range kinds {
		byKey[k.Key] = k
	}
	var r row
	var fe apperr.FieldErrors
	it.check(&r, s.now(), SourceManual, byKey, func(field, msg string) { fe.Add(field, "%s", msg) })
	if err := fe.Err(); err != nil {
		return Activity{}, err
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM members WHERE id = ?", memberID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundf("There is no member with id %d.", memberID)
		}
		var ext any
		if r.externalID != "" {
			ext = r.externalID
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM activities WHERE source = ? AND external_id = ?", r.source, ext).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				fe.Add("external_id", "is already recorded for source %s", r.source)
				return fe.Err()
			}
		}
		var err error
		id, err = tx.Insert(ctx, activityInsert+" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			memberID, r.kind, r.source, r.occurredAt, r.title, r.url, ext, actorUserID(ctx), s.now().Unix())
		if err != nil {
			return err
		}
		summary := fmt.Sprintf("Logged activity: %s on %s", byKey[r.kind].Label, time.Unix(r.occurredAt, 0).UTC().Format(time.DateOnly))
		if err := audit.Record(ctx, tx, s.now(), audit.Change{Entity: "member", EntityID: memberID, Action: "activity", Summary: summary}); err != nil {
			return err
		}
		return s.rederiveTx(ctx, tx, []int64{memberID})
	})
	if err != nil {
		return Activity{}, store.Wrap(err, "Could not log the activity.")
	}
	list, err := scanActivities(ctx, s.DB, activitySelect+" WHERE a.id = ?", []any{id})
	if err == nil && len(list) == 0 {
		err = fmt.Errorf("activity %d vanished", id)
	}
	if err != nil {
		return Activity{}, store.Wrap(err, "Could not log the activity.")
	}
	return list[0], nil
}
