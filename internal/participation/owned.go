package participation

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Owned is an activity another part of Trellis keeps in step with its own
// records (attendance at a session, with source "programming"): that part
// names it by ExternalID and rewrites it whenever the record changes.
type Owned struct {
	MemberID   int64
	Kind       string // a built-in kind: kinds are never deleted
	OccurredAt time.Time
	Title      string
	URL        string // a path inside Trellis or a web address
	ExternalID string
}

// ownedUpdate rewrites an owned activity in place when its record
// changed, and leaves it untouched (no write at all) when nothing did.
const ownedUpdate = ` ON CONFLICT (source, external_id) DO UPDATE SET member_id = excluded.member_id, kind = excluded.kind,
	occurred_at = excluded.occurred_at, title = excluded.title, url = excluded.url
	WHERE activities.member_id <> excluded.member_id OR activities.kind <> excluded.kind
	OR activities.occurred_at <> excluded.occurred_at OR activities.title <> excluded.title OR activities.url <> excluded.url`

// PutOwned brings source's owned activities in line with their records,
// inside the transaction tx that changes those records, so the two never
// drift apart: it removes the activities whose external ids are in gone
// and inserts each of put, or updates the one already stored under its
// external id. The caller vouches for put (existing members, built-in
// kinds, one entry per external id). No audit entry: the change to the
// record carries one. The standing of every member whose activities
// changed is re-derived in tx too, and they are marked for a roll-up of
// their months in the figures over time (MarkForRollUp).
func (s *Service) PutOwned(ctx context.Context, tx *store.Tx, source string, gone []string, put []Owned) error {
	touched := map[int64]bool{}
	for i := 0; i < len(gone); i += 5000 {
		cond, arg := store.AnyOfCond(tx.Dialect, "external_id", gone[i:min(i+5000, len(gone))])
		rows, err := tx.Query(ctx, "DELETE FROM activities WHERE source = ? AND "+cond+" RETURNING member_id", source, arg)
		if err != nil {
			return fmt.Errorf("remove %s activities: %w", source, err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("remove %s activities: %w", source, err)
			}
			touched[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("remove %s activities: %w", source, err)
		}
	}
	for _, o := range put {
		touched[o.MemberID] = true
	}
	if len(put) == 0 {
		return s.afterOwned(ctx, tx, touched)
	}
	by, at := actorUserID(ctx), s.now().Unix()
	seq := func(yield func([]any) bool) {
		vals := make([]any, len(incomingColumns))
		for _, o := range put {
			vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6], vals[7], vals[8] =
				o.MemberID, o.Kind, source, o.OccurredAt.Unix(), o.Title, o.URL, o.ExternalID, by, at
			if !yield(vals) {
				return
			}
		}
	}
	if _, err := tx.InsertManyThen(ctx, activityInsert, ownedUpdate, len(incomingColumns), seq); err != nil {
		return fmt.Errorf("write %s activities: %w", source, err)
	}
	return s.afterOwned(ctx, tx, touched)
}

// afterOwned re-derives the standing of the members whose owned
// activities changed and marks them for a roll-up, inside tx.
func (s *Service) afterOwned(ctx context.Context, tx *store.Tx, touched map[int64]bool) error {
	ids := slices.Sorted(maps.Keys(touched))
	if err := s.rederiveTx(ctx, tx, ids); err != nil {
		return err
	}
	return s.MarkForRollUp(ctx, tx, ids)
}
