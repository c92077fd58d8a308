package programming

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// BulkProgramme is one programme of a bulk load (the benchmark
// community), with its sessions and series, created by CreatedBy (a team
// user, or 0) at CreatedAt.
type BulkProgramme struct {
	ProgrammeInput
	Sessions  []SessionInput
	CreatedBy int64
	CreatedAt time.Time
}

// WriteBulk stores ps inside tx, a bulk transaction (store.DB.InBulkTx),
// table by table with COPY on PostgreSQL and multi-row inserts on SQLite:
// the path for a benchmark community with a year of programming, where
// CreateProgramme and CreateSession take a transaction each. Every
// programme and session is checked as those check them, before anything
// is written; problems come back as one Invalid error naming
// "programmes[3].sessions[1].rrule". Hosts and goals are left to the
// foreign keys, and no audit entry is written: the caller records the
// load as one act and analyses BulkTables afterwards.
func WriteBulk(ctx context.Context, tx *store.Tx, ps []BulkProgramme) error {
	var fe apperr.FieldErrors
	progs := make([]ProgrammeInput, len(ps))
	sessions := make([][]parsedSession, len(ps))
	nSessions := 0
	for i := range ps {
		in := ps[i].ProgrammeInput
		in.normalize()
		var pfe apperr.FieldErrors
		in.check(&pfe)
		addAll(&fe, fmt.Sprintf("programmes[%d].", i), pfe)
		for j, s := range ps[i].Sessions {
			var sfe apperr.FieldErrors
			sessions[i] = append(sessions[i], s.prepare(&sfe))
			addAll(&fe, fmt.Sprintf("programmes[%d].sessions[%d].", i, j), sfe)
		}
		progs[i] = in
		nSessions += len(ps[i].Sessions)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	ids, err := tx.ReserveIDs(ctx, "programmes", len(ps))
	if err != nil {
		return err
	}
	sessionIDs, err := tx.ReserveIDs(ctx, "programme_sessions", nSessions)
	if err != nil {
		return err
	}
	cols := []string{"id", "kind", "custom_kind", "title", "description", "audience_segment_id", "audience_stages", "format",
		"modalities", "timings", "minutes_per_session", "hours_per_month", "skill_level", "modes", "accessibility", "status",
		"outcomes", "notes", "created_by", "version", "created_at", "updated_at"}
	if _, err := tx.CopyRows(ctx, "programmes", cols, func(yield func([]any) bool) {
		for i, in := range progs {
			var by any
			if ps[i].CreatedBy > 0 {
				by = ps[i].CreatedBy
			}
			at := ps[i].CreatedAt.Unix()
			if !yield(append(append([]any{ids[i]}, programmeValues(in)...), by, 1, at, at)) {
				return
			}
		}
	}); err != nil {
		return err
	}
	each := func(rows func(i int, yield func([]any) bool) bool) iter.Seq[[]any] {
		return func(yield func([]any) bool) {
			for i := range progs {
				if !rows(i, yield) {
					return
				}
			}
		}
	}
	if _, err := tx.CopyRows(ctx, "programme_hosts", []string{"programme_id", "position", "member_id", "user_id", "role"},
		each(func(i int, yield func([]any) bool) bool {
			for k, h := range progs[i].Hosts {
				var member, user any
				if h.MemberID > 0 {
					member = h.MemberID
				} else {
					user = h.UserID
				}
				if !yield([]any{ids[i], k, member, user, string(h.Role)}) {
					return false
				}
			}
			return true
		})); err != nil {
		return err
	}
	if _, err := tx.CopyRows(ctx, "programme_goals", []string{"programme_id", "goal_id", "how"},
		each(func(i int, yield func([]any) bool) bool {
			for _, g := range progs[i].Goals {
				if !yield([]any{ids[i], g.GoalID, g.How}) {
					return false
				}
			}
			return true
		})); err != nil {
		return err
	}
	// Sessions take their ids in order, programme by programme.
	first := make([]int, len(progs))
	for i, n := 1, 0; i < len(progs); i++ {
		n += len(sessions[i-1])
		first[i] = n
	}
	if _, err := tx.CopyRows(ctx, "programme_sessions", []string{"id", "programme_id", "title", "starts_at", "ends_at", "time_zone",
		"location", "join_url", "status", "rrule", "sequence", "version", "created_at", "updated_at"},
		each(func(i int, yield func([]any) bool) bool {
			at := ps[i].CreatedAt.Unix()
			for k, p := range sessions[i] {
				if !yield([]any{sessionIDs[first[i]+k], ids[i], p.Title, p.start.Unix(), p.end.Unix(), p.TimeZone,
					p.Location, p.JoinURL, string(p.Status), p.RRule, 0, 1, at, at}) {
					return false
				}
			}
			return true
		})); err != nil {
		return err
	}
	_, err = tx.CopyRows(ctx, "session_goals", []string{"session_id", "goal_id", "how"},
		each(func(i int, yield func([]any) bool) bool {
			for k, p := range sessions[i] {
				for _, g := range p.Goals {
					if !yield([]any{sessionIDs[first[i]+k], g.GoalID, g.How}) {
						return false
					}
				}
			}
			return true
		}))
	return err
}

// BulkTables are the tables WriteBulk fills, for store.DB.DeferIndexes and
// store.DB.Analyze.
func BulkTables() []string {
	return []string{"programmes", "programme_hosts", "programme_goals", "programme_sessions", "session_goals"}
}

// addAll adds each of from's problems to fe, its field under prefix.
func addAll(fe *apperr.FieldErrors, prefix string, from apperr.FieldErrors) {
	for field, msg := range from {
		fe.Add(prefix+field, "%s", msg)
	}
}
