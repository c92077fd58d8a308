package programming

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

const sessionColumns = `s.id, s.programme_id, p.title, s.title, s.starts_at, s.ends_at, s.time_zone, s.location,
	s.join_url, s.status, s.rrule, s.sequence, s.version, s.created_at, s.updated_at, s.pillar_id, COALESCE(ci.title, '')`

const sessionFrom = " FROM programme_sessions s JOIN programmes p ON p.id = s.programme_id LEFT JOIN content_items ci ON ci.id = s.pillar_id"

// CreateSession adds a session (or a recurring series, when in.RRule is
// set) to programme programmeID. Errors: NotFound for an unknown
// programme; Invalid naming the field: start, end (not after the start),
// time_zone (unknown), rrule, join_url, status, goals[i].goal_id ...
func (s *Service) CreateSession(ctx context.Context, programmeID int64, in SessionInput) (Session, error) {
	var fe apperr.FieldErrors
	p := in.prepare(&fe)
	if err := fe.Err(); err != nil {
		return Session{}, err
	}
	var out Session
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		prog, err := getProgramme(ctx, tx, programmeID, false)
		if err != nil {
			return err
		}
		if err := goals.CheckLinks(ctx, tx, tx.Dialect, &fe, "goals", p.Goals); err != nil {
			return err
		}
		if err := checkPillar(ctx, tx, &fe, p.PillarID); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		id, err := s.insertSession(ctx, tx, prog, p, "")
		if err != nil {
			return err
		}
		out, err = getSession(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return Session{}, store.Wrap(err, "Could not add the session.")
	}
	return out, nil
}

// insertSession stores p as a session of prog with its goals and audit
// entry; why, when set, ends the summary (" in the campaign of …").
func (s *Service) insertSession(ctx context.Context, tx *store.Tx, prog Programme, p parsedSession, why string) (int64, error) {
	now := s.now().Unix()
	id, err := tx.Insert(ctx, `INSERT INTO programme_sessions (programme_id, title, starts_at, ends_at, time_zone,
		location, join_url, status, rrule, sequence, version, created_at, updated_at, pillar_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?)`,
		prog.ID, p.Title, p.start.Unix(), p.end.Unix(), p.TimeZone, p.Location, p.JoinURL, string(p.Status), p.RRule, now, now, p.PillarID)
	if err != nil {
		return 0, err
	}
	if err := writeSessionGoals(ctx, tx, id, p.Goals); err != nil {
		return 0, err
	}
	what := "a session"
	if p.RRule != "" {
		what = "a recurring series"
	}
	summary := fmt.Sprintf("Added %s of %q starting %s%s", what, prog.Title, p.start.Format("2006-01-02 15:04 MST"), why)
	return id, s.record(ctx, tx, "session", id, "create", summary)
}

func writeSessionGoals(ctx context.Context, tx *store.Tx, id int64, links []goals.Link) error {
	if _, err := tx.Exec(ctx, "DELETE FROM session_goals WHERE session_id = ?", id); err != nil {
		return err
	}
	for _, g := range links {
		if _, err := tx.Exec(ctx, "INSERT INTO session_goals (session_id, goal_id, how) VALUES (?, ?, ?)", id, g.GoalID, g.How); err != nil {
			return err
		}
	}
	return nil
}

// GetSession returns one session with its exceptions and goals; NotFound
// when there is none.
func (s *Service) GetSession(ctx context.Context, id int64) (Session, error) {
	out, err := getSession(ctx, s.DB, id, false)
	if err != nil {
		return Session{}, store.Wrap(err, "Could not load the session.")
	}
	return out, nil
}

// ListSessions returns every session and series of a programme, by start.
// NotFound for an unknown programme.
func (s *Service) ListSessions(ctx context.Context, programmeID int64) ([]Session, error) {
	if ok, err := exists(ctx, s.DB, "programmes", programmeID); err != nil {
		return nil, store.Wrap(err, "Could not list sessions.")
	} else if !ok {
		return nil, apperr.NotFoundf("Programme not found.")
	}
	out, err := loadSessions(ctx, s.DB, "SELECT "+sessionColumns+sessionFrom+" WHERE s.programme_id = ? ORDER BY s.starts_at, s.id", programmeID)
	if err != nil {
		return nil, store.Wrap(err, "Could not list sessions.")
	}
	return out, nil
}

func getSession(ctx context.Context, q store.Querier, id int64, lock bool) (Session, error) {
	query := "SELECT " + sessionColumns + sessionFrom + " WHERE s.id = ?"
	if tx, ok := q.(*store.Tx); ok && lock && tx.Dialect == store.Postgres {
		query += " FOR UPDATE OF s"
	}
	list, err := loadSessions(ctx, q, query, id)
	if err != nil {
		return Session{}, err
	}
	if len(list) == 0 {
		return Session{}, apperr.NotFoundf("Session not found.")
	}
	return list[0], nil
}

// loadSessions runs query (selecting sessionColumns) and fills in each
// session's exceptions and goals.
func loadSessions(ctx context.Context, q store.Querier, query string, args ...any) ([]Session, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var x Session
		var start, end, created, updated int64
		var pillar sql.NullInt64
		if err := rows.Scan(&x.ID, &x.ProgrammeID, &x.Programme, &x.Title, &start, &end, &x.TimeZone, &x.Location,
			&x.JoinURL, &x.Status, &x.RRule, &x.Sequence, &x.Version, &created, &updated, &pillar, &x.PillarTitle); err != nil {
			return nil, err
		}
		if pillar.Valid {
			x.PillarID = &pillar.Int64
		}
		loc := zone(x.TimeZone)
		x.Start, x.End = time.Unix(start, 0).In(loc), time.Unix(end, 0).In(loc)
		x.CreatedAt, x.UpdatedAt = store.UnixTime(created), store.UnixTime(updated)
		x.Exceptions, x.Goals = []Exception{}, []goals.Link{}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	byID := make(map[int64]*Session, len(out))
	ids := make([]int64, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
		ids[i] = out[i].ID
	}
	if err := loadExceptions(ctx, q, ids, byID); err != nil {
		return nil, err
	}
	if err := loadGoalLinks(ctx, q, "session_goals", "session_id", ids, func(id int64, l goals.Link) {
		byID[id].Goals = append(byID[id].Goals, l)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// zone loads a stored zone; one the server no longer knows reads as UTC.
// Zones are kept once loaded: time.LoadLocation reads the zone database
// every time, and a calendar or an audit reads thousands of sessions.
func zone(name string) *time.Location {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	zones.Store(name, loc)
	return loc
}

var zones sync.Map // zone name → *time.Location

// EditSession changes session id as it stands now, like EditProgramme.
// A change of start, end, time zone, rule or status raises its sequence.
// Errors as for CreateSession, NotFound, Conflict.
func (s *Service) EditSession(ctx context.Context, id, version int64, change func(Session) (SessionInput, error)) (Session, error) {
	var out Session
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getSession(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := sessionHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		in, err := change(old)
		if err != nil {
			return err
		}
		var fe apperr.FieldErrors
		p := in.prepare(&fe)
		if err := fe.Err(); err != nil {
			return err
		}
		if err := goals.CheckLinks(ctx, tx, tx.Dialect, &fe, "goals", p.Goals); err != nil {
			return err
		}
		if err := checkPillar(ctx, tx, &fe, p.PillarID); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		timing := !p.start.Equal(old.Start) || !p.end.Equal(old.End) || p.TimeZone != old.TimeZone ||
			p.RRule != old.RRule || p.Status != old.Status
		same := !timing && p.Title == old.Title && p.Location == old.Location && p.JoinURL == old.JoinURL &&
			samePillar(p.PillarID, old.PillarID) &&
			slices.EqualFunc(p.Goals, old.Goals, func(a, b goals.Link) bool { return a.GoalID == b.GoalID && a.How == b.How })
		if same {
			out = old
			return nil
		}
		// The lists' activities follow the session's title and dates.
		before, err := s.beforeChange(ctx, tx, sessionScope(id))
		if err != nil {
			return err
		}
		if err := keepAttendance(ctx, tx, old, p); err != nil {
			return err
		}
		seq := old.Sequence
		if timing {
			seq++
		}
		now := s.now()
		if err := sessionHistory.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE programme_sessions SET title = ?, starts_at = ?, ends_at = ?, time_zone = ?,
			location = ?, join_url = ?, status = ?, rrule = ?, sequence = ?, updated_at = ?, pillar_id = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			p.Title, p.start.Unix(), p.end.Unix(), p.TimeZone, p.Location, p.JoinURL, string(p.Status), p.RRule, seq,
			now.Unix(), p.PillarID, id, old.Version)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, "session"); err != nil {
			return err
		}
		if p.RRule == "" || !p.start.Equal(old.Start) || p.RRule != old.RRule || p.TimeZone != old.TimeZone {
			// Exceptions name occurrences of the old series by their
			// start; keep only those the new series still has.
			if err := s.pruneExceptions(ctx, tx, id, p.RRule, p.start.In(p.loc), old.Exceptions); err != nil {
				return err
			}
		}
		if err := writeSessionGoals(ctx, tx, id, p.Goals); err != nil {
			return err
		}
		if err := s.syncActivities(ctx, tx, sessionScope(id), before); err != nil {
			return err
		}
		summary := fmt.Sprintf("Updated the session of %q starting %s", old.Programme, p.start.Format("2006-01-02 15:04 MST"))
		if p.Status == SessionCancelled && old.Status != SessionCancelled {
			summary = fmt.Sprintf("Cancelled the session of %q starting %s", old.Programme, p.start.Format("2006-01-02 15:04 MST"))
		}
		if err := s.record(ctx, tx, "session", id, "update", summary); err != nil {
			return err
		}
		out, err = getSession(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return Session{}, store.Wrap(err, "Could not update the session.")
	}
	return out, nil
}

func (s *Service) pruneExceptions(ctx context.Context, tx *store.Tx, id int64, rule string, start time.Time, list []Exception) error {
	for _, e := range list {
		if rule != "" && isOccurrence(rule, start, e.OriginalStart) {
			continue
		}
		if _, err := tx.Exec(ctx, "DELETE FROM session_exceptions WHERE session_id = ? AND original_start = ?", id, e.OriginalStart.Unix()); err != nil {
			return err
		}
	}
	return nil
}

// DeleteSession removes a session or a whole series, with the lists of
// who registered and came. NotFound, Conflict
// when version is not 0 and the session has changed since.
func (s *Service) DeleteSession(ctx context.Context, id, version int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getSession(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := sessionHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		before, err := s.beforeChange(ctx, tx, sessionScope(id))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM programme_sessions WHERE id = ?", id); err != nil {
			return err
		}
		if err := s.syncActivities(ctx, tx, sessionScope(id), before); err != nil {
			return err
		}
		return s.recordDeleted(ctx, tx, "session", id, old.Name(),
			fmt.Sprintf("Deleted the session of %q starting %s", old.Programme, old.Start.Format("2006-01-02 15:04 MST")))
	})
	return store.Wrap(err, "Could not delete the session.")
}

// fields is the session as a person reads it, for stale edits.
func (x Session) fields() versions.Fields {
	var f versions.Fields
	f.Add("title", x.Title)
	f.Add("start", x.Start.Format(time.RFC3339))
	f.Add("end", x.End.Format(time.RFC3339))
	f.Add("time_zone", x.TimeZone)
	f.Add("location", x.Location)
	f.Add("join_url", x.JoinURL)
	f.Add("status", string(x.Status))
	f.Add("rrule", x.RRule)
	ex := make([]string, len(x.Exceptions))
	for i, e := range x.Exceptions {
		ex[i] = string(e.Action) + " " + e.OriginalStart.Format(time.RFC3339)
	}
	f.Add("exceptions", strings.Join(ex, ", "))
	gs := make([]string, len(x.Goals))
	for i, g := range x.Goals {
		gs[i] = g.Title
	}
	f.Add("goals", strings.Join(gs, ", "))
	f.Add("pillar", x.PillarTitle)
	f.Add("sequence", strconv.Itoa(x.Sequence))
	return f
}
