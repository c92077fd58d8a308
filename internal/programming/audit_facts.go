package programming

import (
	"context"
	"database/sql"
	"time"

	"github.com/teambition/rrule-go"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
)

// AuditFacts is a programme as the content and programming audit reads
// it: what it offers, who it is for, when it runs and which goals it and
// its sessions in the audited period serve.
type AuditFacts struct {
	ID                int64
	Kind              Kind
	CustomKind        string
	Title             string
	Status            Status
	Audience          members.Audience
	Modalities        []participation.Modality
	Timings           []participation.Timing
	Modes             []participation.Mode
	MinutesPerSession int
	HoursPerMonth     int
	// Goals are the goals the programme itself serves.
	Goals []goals.Link
	// First is the start of its earliest session, Last the start of its
	// latest occurrence (a finite series' last, moves included); both zero
	// when it has no session. Ongoing is set when a series of it repeats
	// without end.
	First, Last time.Time
	Ongoing     bool
	// Occurrences are those starting in the period, by start, cancelled
	// ones marked, moved ones at their new time.
	Occurrences []Occurrence
	// SessionGoals are the goals served by the sessions that have an
	// occurrence in the period which is not cancelled.
	SessionGoals []goals.Link
}

// KindLabel is the programme's kind as the UI shows it.
func (f AuditFacts) KindLabel() string {
	return ProgrammeInput{Kind: f.Kind, CustomKind: f.CustomKind}.KindLabel()
}

// AuditFacts returns every programme whose first session starts before to,
// or that has no session yet, with its occurrences in [from, to). It reads
// in five queries however many programmes there are: the programmes with
// the span of their sessions, their goal links, and the series and the
// sessions in the period with their exceptions and goals. A series is
// expanded by its own rule (Session.Occurrences).
func (s *Service) AuditFacts(ctx context.Context, from, to time.Time) ([]AuditFacts, error) {
	out, err := s.auditFacts(ctx, from, to)
	return out, store.Wrap(err, "Could not read the programming for the audit.")
}

func (s *Service) auditFacts(ctx context.Context, from, to time.Time) ([]AuditFacts, error) {
	rows, err := s.DB.Query(ctx, `SELECT p.id, p.kind, p.custom_kind, p.title, p.status, p.audience_segment_id,
		p.audience_stages, p.modalities, p.timings, p.modes, p.minutes_per_session, p.hours_per_month, x.first_start, x.last_single
		FROM programmes p LEFT JOIN (SELECT programme_id, MIN(starts_at) AS first_start,
			MAX(CASE WHEN rrule = '' THEN starts_at END) AS last_single
			FROM programme_sessions GROUP BY programme_id) x ON x.programme_id = p.id
		WHERE x.first_start IS NULL OR x.first_start < ? ORDER BY p.id`, to.Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditFacts
	at := map[int64]int{}
	for rows.Next() {
		var f AuditFacts
		var seg, first, lastSingle sql.NullInt64
		var stages, modalities, timings, modes string
		if err := rows.Scan(&f.ID, &f.Kind, &f.CustomKind, &f.Title, &f.Status, &seg, &stages, &modalities, &timings,
			&modes, &f.MinutesPerSession, &f.HoursPerMonth, &first, &lastSingle); err != nil {
			return nil, err
		}
		var segID *int64
		if seg.Valid {
			segID = &seg.Int64
		}
		f.Audience = members.ParseAudience(segID, stages)
		f.Modalities = splitList[participation.Modality](modalities)
		f.Timings = splitList[participation.Timing](timings)
		f.Modes = splitList[participation.Mode](modes)
		if first.Valid {
			f.First = time.Unix(first.Int64, 0).In(s.location())
		}
		if lastSingle.Valid {
			f.Last = time.Unix(lastSingle.Int64, 0).In(s.location())
		}
		at[f.ID] = len(out)
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	rows, err = s.DB.Query(ctx, `SELECT l.programme_id, l.goal_id, l.how, g.title FROM programme_goals l
		JOIN goals g ON g.id = l.goal_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l goals.Link
		if err := rows.Scan(&id, &l.GoalID, &l.How, &l.Title); err != nil {
			return nil, err
		}
		if i, ok := at[id]; ok {
			out[i].Goals = append(out[i].Goals, l)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// Every series that started before the period's end (its last
	// occurrence and those in the period need its rule), and the single
	// sessions in the period.
	sessions, err := loadSessions(ctx, s.DB, "SELECT "+sessionColumns+sessionFrom+
		` WHERE s.starts_at < ? AND (s.rrule <> '' OR s.starts_at >= ?) ORDER BY s.starts_at, s.id`, to.Unix(), from.Unix())
	if err != nil {
		return nil, err
	}
	for _, x := range sessions {
		i, ok := at[x.ProgrammeID]
		if !ok {
			continue
		}
		f := &out[i]
		if x.Recurring() {
			last, ongoing := x.lastStart()
			f.Ongoing = f.Ongoing || ongoing
			if last.After(f.Last) {
				f.Last = last.In(s.location())
			}
		}
		served := false
		for _, o := range x.Occurrences(from, to) {
			f.Occurrences = append(f.Occurrences, o)
			served = served || !o.Cancelled
		}
		if served {
			f.SessionGoals = append(f.SessionGoals, x.Goals...)
		}
	}
	return out, nil
}

// lastStart is the start of a series' last occurrence, a later move
// included, or ongoing when its rule has no end. A rule that cannot be
// read counts as the first start alone, as expand does.
func (x Session) lastStart() (last time.Time, ongoing bool) {
	last = x.Start
	opt, err := rrule.StrToROptionInLocation(x.RRule, x.Start.Location())
	if err != nil {
		return last, false
	}
	if opt.Count == 0 && opt.Until.IsZero() {
		return last, true
	}
	end := x.Start.AddDate(100, 0, 0)
	if !opt.Until.IsZero() {
		end = opt.Until.Add(time.Second)
	}
	if all := expand(x.RRule, x.Start, x.Start, end); len(all) > 0 {
		last = all[len(all)-1]
	}
	for _, e := range x.Exceptions {
		if e.Action == Move && e.Start != nil && e.Start.After(last) {
			last = *e.Start
		}
	}
	return last, false
}
