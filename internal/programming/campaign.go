package programming

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// Sessions in campaigns: a pillar's campaign (content) plans sessions
// through the hooks below, which the app wires into content.Service.

// defaultCallTime is when a planned session starts, in the community's
// zone, when its programme has no session yet to take the time from.
const defaultCallTime = "16:00"

// defaultMinutes is how long a planned session lasts when neither the
// template nor the programme says.
const defaultMinutes = 60

// CampaignKinds are the programme kinds a campaign template's session
// entries may name.
func CampaignKinds() []content.SessionKind {
	out := []content.SessionKind{}
	for _, k := range Kinds() {
		out = append(out, content.SessionKind{Value: string(k), Label: k.Label()})
	}
	return out
}

// usual is how a programme's sessions usually run, from its latest one.
type usual struct {
	clock, zone, location, joinURL string
	minutes                        int
}

// usualOf reads prog's latest session; without one, sessions start at
// 16:00 in the community's zone and last as the programme says, else an
// hour.
func (s *Service) usualOf(ctx context.Context, tx *store.Tx, prog Programme) (usual, error) {
	u := usual{clock: defaultCallTime, zone: s.location().String(), minutes: prog.MinutesPerSession}
	var start, end int64
	var zoneName string
	err := tx.QueryRow(ctx, `SELECT starts_at, ends_at, time_zone, location, join_url FROM programme_sessions
		WHERE programme_id = ? ORDER BY starts_at DESC, id DESC LIMIT 1`, prog.ID).Scan(&start, &end, &zoneName, &u.location, &u.joinURL)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return usual{}, err
	default:
		u.zone, u.clock = zoneName, time.Unix(start, 0).In(zone(zoneName)).Format("15:04")
		if u.minutes == 0 {
			u.minutes = int((end - start) / 60)
		}
	}
	if u.minutes <= 0 {
		u.minutes = defaultMinutes
	}
	return u, nil
}

// resolveProgramme finds the programme plan names: its own, or the
// community's programme of its kind that is planned or open, the one with
// the latest session first. found is false when the kind has none.
func resolveProgramme(ctx context.Context, tx *store.Tx, plan content.SessionPlan, fe *apperr.FieldErrors) (prog Programme, found bool, err error) {
	prefix := fmt.Sprintf("entries[%d].", plan.Entry)
	if plan.ProgrammeID != nil {
		prog, err = getProgramme(ctx, tx, *plan.ProgrammeID, true)
		switch {
		case apperr.Is(err, apperr.NotFound):
			fe.Add(prefix+"programme_id", "there is no programme #%d any more; choose another in the template", *plan.ProgrammeID)
			return prog, false, nil
		case err != nil:
			return prog, false, err
		case prog.Status == Completed || prog.Status == Cancelled:
			fe.Add(prefix+"programme_id", "the programme “%s” is %s; choose another in the template", prog.Title, prog.Status)
			return prog, false, nil
		}
		return prog, true, nil
	}
	if !Kind(plan.ProgrammeKind).Valid() {
		fe.Add(prefix+"programme_kind", "%q is not a kind of programme", plan.ProgrammeKind)
		return prog, false, nil
	}
	var id int64
	err = tx.QueryRow(ctx, `SELECT p.id FROM programmes p LEFT JOIN programme_sessions s ON s.programme_id = p.id
		WHERE p.kind = ? AND p.status IN (?, ?) GROUP BY p.id
		ORDER BY MAX(s.starts_at) IS NULL, MAX(s.starts_at) DESC, p.id LIMIT 1`,
		plan.ProgrammeKind, string(Planned), string(Open)).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return prog, false, nil
	case err != nil:
		return prog, false, err
	}
	// Locked, so the programme cannot go while its session is written.
	prog, err = getProgramme(ctx, tx, id, true)
	return prog, err == nil, err
}

// sessionOf turns plan into a checked session of prog, naming problems
// after the template entry's fields.
func (s *Service) sessionOf(ctx context.Context, tx *store.Tx, pillarID int64, prog Programme, plan content.SessionPlan, fe *apperr.FieldErrors) (parsedSession, error) {
	prefix := fmt.Sprintf("entries[%d].", plan.Entry)
	u, err := s.usualOf(ctx, tx, prog)
	if err != nil {
		return parsedSession{}, err
	}
	clock, zoneName, minutes := u.clock, u.zone, u.minutes
	if plan.StartTime != "" {
		clock = plan.StartTime
	}
	if plan.TimeZone != "" {
		zoneName = plan.TimeZone
	}
	if plan.DurationMinutes != 0 {
		minutes = plan.DurationMinutes
	}
	resolved, err := members.ResolveTimeZone(zoneName)
	if err != nil {
		fe.Add(prefix+"time_zone", "%s", err.Error())
		return parsedSession{}, nil
	}
	loc, err := time.LoadLocation(resolved)
	if err != nil {
		fe.Add(prefix+"time_zone", "%q is not a time zone this server knows", resolved)
		return parsedSession{}, nil
	}
	start, err := time.ParseInLocation("2006-01-02 15:04", plan.On+" "+clock, loc)
	if err != nil {
		fe.Add(prefix+"start_time", "must be a time of day, HH:MM")
		return parsedSession{}, nil
	}
	end := start.Add(time.Duration(minutes) * time.Minute)
	in := SessionInput{Title: plan.Title, Start: start.Format(time.RFC3339), End: end.Format(time.RFC3339), TimeZone: resolved,
		Location: u.location, JoinURL: u.joinURL, Status: Scheduled, Goals: plan.Goals, PillarID: &pillarID}
	var sfe apperr.FieldErrors
	p := in.prepare(&sfe)
	field := map[string]string{"title": "title_pattern", "start": "start_time", "end": "duration_minutes", "time_zone": "time_zone"}
	for k, msg := range sfe {
		if f, ok := field[k]; ok {
			k = f
		}
		fe.Add(prefix+k, "%s", msg)
	}
	return p, nil
}

// PlanCampaignSessions creates the sessions a campaign template plans for
// pillar pillarID, inside the template's transaction tx; it is
// content.Service.PlanSessions. Every plan is checked before any is
// written: a programme that is gone or ended, an unknown kind or zone, a
// bad time refuse them all, naming entries[i].<field>. A plan naming a
// kind the community has no programme of is left out, with a note.
func (s *Service) PlanCampaignSessions(ctx context.Context, tx *store.Tx, pillarID int64, plans []content.SessionPlan) (content.SessionsPlanned, error) {
	var fe apperr.FieldErrors
	var out content.SessionsPlanned
	type planned struct {
		prog Programme
		p    parsedSession
	}
	var todo []planned
	for _, plan := range plans {
		prog, found, err := resolveProgramme(ctx, tx, plan, &fe)
		if err != nil {
			return out, err
		}
		if !found {
			if plan.ProgrammeID == nil && Kind(plan.ProgrammeKind).Valid() {
				out.Notes = append(out.Notes, fmt.Sprintf("“%s” was not planned: there is no %s programme yet; add one, then plan the session from its page.",
					plan.Title, strings.ToLower(Kind(plan.ProgrammeKind).Label())))
			}
			continue
		}
		p, err := s.sessionOf(ctx, tx, pillarID, prog, plan, &fe)
		if err != nil {
			return out, err
		}
		if err := checkPillar(ctx, tx, &fe, p.PillarID); err != nil {
			return out, err
		}
		todo = append(todo, planned{prog, p})
	}
	if err := fe.Err(); err != nil {
		return content.SessionsPlanned{}, err
	}
	var title string
	if err := tx.QueryRow(ctx, "SELECT title FROM content_items WHERE id = ?", pillarID).Scan(&title); err != nil {
		return out, err
	}
	for _, t := range todo {
		if _, err := s.insertSession(ctx, tx, t.prog, t.p, fmt.Sprintf(" in the campaign of “%s”", title)); err != nil {
			return out, err
		}
		out.Created++
	}
	return out, nil
}

// CampaignSessions lists the sessions in pillar pillarID's campaign, by
// start; it is content.Service.Sessions.
func (s *Service) CampaignSessions(ctx context.Context, pillarID int64) ([]content.CampaignSession, error) {
	list, err := loadSessions(ctx, s.DB, "SELECT "+sessionColumns+sessionFrom+" WHERE s.pillar_id = ? ORDER BY s.starts_at, s.id", pillarID)
	if err != nil {
		return nil, store.Wrap(err, "Could not load the campaign's sessions.")
	}
	out := make([]content.CampaignSession, len(list))
	for i, x := range list {
		out[i] = content.CampaignSession{ID: x.ID, Title: x.Name(), Programme: x.Programme,
			Path: "/programmes/" + strconv.FormatInt(x.ProgrammeID, 10) + "#session-" + strconv.FormatInt(x.ID, 10),
			On:   x.Start.Format("2006-01-02"), Start: x.Start, End: x.End, TimeZone: x.TimeZone,
			Recurring: x.Recurring(), Status: string(x.Status)}
	}
	return out, nil
}

// ProgrammeChoice is a programme a campaign template's session entry may
// name.
type ProgrammeChoice struct {
	ID     int64
	Title  string
	Kind   Kind
	Status Status
}

// ProgrammeChoices lists every programme that is planned or open, by
// title, for the campaign templates' form.
func (s *Service) ProgrammeChoices(ctx context.Context) ([]ProgrammeChoice, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, title, kind, status FROM programmes WHERE status IN (?, ?) ORDER BY lower(title), id",
		string(Planned), string(Open))
	if err != nil {
		return nil, store.Wrap(err, "Could not list the programmes.")
	}
	defer rows.Close()
	out := []ProgrammeChoice{}
	for rows.Next() {
		var c ProgrammeChoice
		if err := rows.Scan(&c.ID, &c.Title, &c.Kind, &c.Status); err != nil {
			return nil, store.Wrap(err, "Could not list the programmes.")
		}
		out = append(out, c)
	}
	return out, store.Wrap(rows.Err(), "Could not list the programmes.")
}
