package programming

import (
	"context"
	"database/sql"
	"slices"
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
	// Goals are the goals the programme itself serves, in the order they
	// were linked (titles left out).
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

// AuditFacts returns the programmes that run in [from, to): a session
// starts before to, and the last occurrence starts at or after from or a
// series of it repeats without end. Each comes with its occurrences in
// [from, to) and the goals it and those sessions serve. Programmes over
// before from are AuditFactsBefore's. It reads in five queries however
// many programmes there are: the programmes with the span of their
// sessions, their goal links, and the series and the sessions in the
// period with their exceptions and goals. A series is expanded by its own
// rule (Session.Occurrences).
func (s *Service) AuditFacts(ctx context.Context, from, to time.Time) ([]AuditFacts, error) {
	out, err := s.auditFacts(ctx, from, to,
		"x.first_start < ? AND (x.last_single >= ? OR x.first_series < ?)", []any{to.Unix(), from.Unix(), to.Unix()},
		func(f *AuditFacts) bool { return f.runsIn(from, to) })
	return out, store.Wrap(err, "Could not read the programming for the audit.")
}

// AuditBefore says which of the programmes over before the audited
// period the audit reads: those not cancelled that serve one of Goals
// (their sessions in the period serve nothing, as they have none). Nothing
// else from before the period can change a finding. All reads every
// programme AuditFacts leaves out instead, cancelled ones and those with
// no session included: the whole past, which the tests compare the
// selective read with.
type AuditBefore struct {
	Goals []int64
	All   bool
}

// AuditFactsBefore returns the programmes want asks for among those whose
// sessions were all over before from (the last occurrence starts before
// it, and no series repeats without end), read as AuditFacts reads them
// for the audited period [from, to).
func (s *Service) AuditFactsBefore(ctx context.Context, from, to time.Time, want AuditBefore) ([]AuditFacts, error) {
	cond, args := "x.first_start IS NULL OR x.first_start < ?", []any{to.Unix()}
	if !want.All {
		if len(want.Goals) == 0 {
			return []AuditFacts{}, nil
		}
		in, arg := store.AnyOfCond(s.DB.Dialect, "goal_id", want.Goals)
		cond = "x.first_start < ? AND p.status <> '" + string(Cancelled) + "' AND p.id IN (SELECT programme_id FROM programme_goals WHERE " + in + ")"
		args = []any{from.Unix(), arg}
	}
	out, err := s.auditFacts(ctx, from, to, cond, args, func(f *AuditFacts) bool { return !f.runsIn(from, to) })
	return out, store.Wrap(err, "Could not read the programming for the audit.")
}

// runsIn reports whether the programme, read by auditFacts for the period
// [from, to), runs in it.
func (f *AuditFacts) runsIn(from, to time.Time) bool {
	return !f.First.IsZero() && f.First.Before(to) && (f.Ongoing || !f.Last.Before(from))
}

// auditFacts reads the programmes matching cond (over p, the programme,
// and x, the span of its sessions) with args, and returns those keep
// keeps once their series are expanded.
func (s *Service) auditFacts(ctx context.Context, from, to time.Time, cond string, args []any, keep func(*AuditFacts) bool) ([]AuditFacts, error) {
	rows, err := s.DB.Query(ctx, `SELECT p.id, p.kind, p.custom_kind, p.title, p.status, p.audience_segment_id,
		p.audience_stages, p.modalities, p.timings, p.modes, p.minutes_per_session, p.hours_per_month, x.first_start, x.last_single
		FROM programmes p LEFT JOIN (SELECT programme_id, MIN(starts_at) AS first_start,
			MAX(CASE WHEN rrule = '' THEN starts_at END) AS last_single, MIN(CASE WHEN rrule <> '' THEN starts_at END) AS first_series
			FROM programme_sessions GROUP BY programme_id) x ON x.programme_id = p.id
		WHERE `+cond+` ORDER BY p.id`, args...)
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
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].ID
	}
	// In the order they were written: the unary plus keeps the engine off
	// the (programme_id, goal_id) key, which would give them by goal.
	// Titles are left out: the audit names goals itself.
	in, arg := store.AnyOfCond(s.DB.Dialect, "+programme_id", ids)
	rows, err = s.DB.Query(ctx, `SELECT programme_id, goal_id, how FROM programme_goals WHERE `+in, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l goals.Link
		if err := rows.Scan(&id, &l.GoalID, &l.How); err != nil {
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
	in, arg = store.AnyOfCond(s.DB.Dialect, "s.programme_id", ids)
	sessions, err := loadSessions(ctx, s.DB, "SELECT "+sessionColumns+sessionFrom+
		` WHERE s.starts_at < ? AND (s.rrule <> '' OR s.starts_at >= ?) AND `+in+` ORDER BY s.starts_at, s.id`, to.Unix(), from.Unix(), arg)
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
	return slices.DeleteFunc(out, func(f AuditFacts) bool { return !keep(&f) }), nil
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
