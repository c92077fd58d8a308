package programming

import (
	"context"
	"time"

	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
)

// HostedSessions lists the occurrences held in [from, to) (cancelled ones
// left out) and whether each was hosted by a member rather than staff: a
// member is among its programme's hosts or facilitators, or recorded with
// the role host in that occurrence's attendance. It feeds participation's
// member-led share. The period follows Occurrences' limits.
func (s *Service) HostedSessions(ctx context.Context, from, to time.Time) ([]participation.HostedSession, error) {
	occ, err := s.Occurrences(ctx, from, to, 0)
	if err != nil {
		return nil, err
	}
	memberProgrammes := map[int64]bool{}
	rows, err := s.DB.Query(ctx, "SELECT DISTINCT programme_id FROM programme_hosts WHERE member_id IS NOT NULL")
	if err != nil {
		return nil, store.Wrap(err, "Could not read programme hosts.")
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, store.Wrap(err, "Could not read programme hosts.")
		}
		memberProgrammes[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, store.Wrap(err, "Could not read programme hosts.")
	}
	// Occurrences are named by their original start, which may lie up to
	// a month outside the period when moved.
	hosted := map[OccurrenceKey]bool{}
	rows, err = s.DB.Query(ctx, "SELECT DISTINCT session_id, occurrence_start FROM session_attendance WHERE role = 'host' AND occurrence_start >= ? AND occurrence_start < ?",
		from.Add(-32*24*time.Hour).Unix(), to.Add(32*24*time.Hour).Unix())
	if err != nil {
		return nil, store.Wrap(err, "Could not read session hosts.")
	}
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, store.Wrap(err, "Could not read session hosts.")
		}
		hosted[OccurrenceKey{id, at}] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, store.Wrap(err, "Could not read session hosts.")
	}
	out := []participation.HostedSession{}
	for _, o := range occ {
		if o.Cancelled {
			continue
		}
		out = append(out, participation.HostedSession{Start: o.Start, MemberHosted: memberProgrammes[o.ProgrammeID] || hosted[o.Key()]})
	}
	return out, nil
}
