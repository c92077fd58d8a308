package programming

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/goals"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

const programmeColumns = `p.id, p.kind, p.custom_kind, p.title, p.description, p.audience_segment_id,
	p.audience_stages, p.format, p.modalities, p.timings, p.minutes_per_session, p.hours_per_month,
	p.skill_level, p.modes, p.accessibility, p.status, p.outcomes, p.notes, p.version, p.created_at, p.updated_at`

// CreateProgramme stores a new programme with its hosts and goal links.
// Errors are Invalid naming the field: kind, custom_kind, title, format,
// modalities, timings, modes, accessibility, skill_level, status,
// minutes_per_session, hours_per_month, audience.career_stages,
// audience.segment_id, hosts[i], goals[i].goal_id ...
func (s *Service) CreateProgramme(ctx context.Context, in ProgrammeInput) (Programme, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check(&fe)
	if err := fe.Err(); err != nil {
		return Programme{}, err
	}
	var out Programme
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := s.checkRefs(ctx, tx, in); err != nil {
			return err
		}
		now := s.now().Unix()
		id, err := tx.Insert(ctx, `INSERT INTO programmes (kind, custom_kind, title, description, audience_segment_id,
			audience_stages, format, modalities, timings, minutes_per_session, hours_per_month, skill_level, modes,
			accessibility, status, outcomes, notes, created_by, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
			append(programmeValues(in), actorUserID(ctx), now, now)...)
		if err != nil {
			return err
		}
		if err := writeProgrammeLinks(ctx, tx, id, in); err != nil {
			return err
		}
		if err := s.record(ctx, tx, "programme", id, "create", fmt.Sprintf("Added the %s %q", in.KindLabel(), in.Title)); err != nil {
			return err
		}
		out, err = getProgramme(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return Programme{}, store.Wrap(err, "Could not add the programme.")
	}
	return out, nil
}

func programmeValues(in ProgrammeInput) []any {
	var seg any
	if in.Audience.SegmentID != nil {
		seg = *in.Audience.SegmentID
	}
	return []any{string(in.Kind), in.CustomKind, in.Title, in.Description, seg, in.Audience.StagesColumn(),
		string(in.Format), joinList(in.Modalities, participation.Modalities()), joinList(in.Timings, participation.Timings()),
		in.MinutesPerSession, in.HoursPerMonth, string(in.SkillLevel), joinList(in.Modes, participation.Modes()),
		joinList(in.Accessibility, Accesses()), string(in.Status), in.Outcomes, in.Notes}
}

// checkRefs checks, inside tx, that the segment, hosts and goals named exist.
func (s *Service) checkRefs(ctx context.Context, tx *store.Tx, in ProgrammeInput) error {
	var fe apperr.FieldErrors
	if id := in.Audience.SegmentID; id != nil {
		if ok, err := exists(ctx, tx, "segments", *id); err != nil {
			return err
		} else if !ok {
			fe.Add("audience.segment_id", "there is no saved segment #%d", *id)
		}
	}
	for i, h := range in.Hosts {
		table, id, what := "members", h.MemberID, "member"
		if h.UserID > 0 {
			table, id, what = "users", h.UserID, "team user"
		}
		if ok, err := exists(ctx, tx, table, id); err != nil {
			return err
		} else if !ok {
			fe.Add(fmt.Sprintf("hosts[%d]", i), "there is no %s #%d", what, id)
		}
	}
	if err := goals.CheckLinks(ctx, tx, tx.Dialect, &fe, "goals", in.Goals); err != nil {
		return err
	}
	return fe.Err()
}

func exists(ctx context.Context, q store.Querier, table string, id int64) (bool, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE id = ?", id).Scan(&n)
	return n > 0, err
}

// writeProgrammeLinks replaces the programme's hosts and goal links.
func writeProgrammeLinks(ctx context.Context, tx *store.Tx, id int64, in ProgrammeInput) error {
	for _, q := range []string{"DELETE FROM programme_hosts WHERE programme_id = ?", "DELETE FROM programme_goals WHERE programme_id = ?"} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return err
		}
	}
	for i, h := range in.Hosts {
		var member, user any
		if h.MemberID > 0 {
			member = h.MemberID
		} else {
			user = h.UserID
		}
		if _, err := tx.Exec(ctx, "INSERT INTO programme_hosts (programme_id, position, member_id, user_id, role) VALUES (?, ?, ?, ?, ?)",
			id, i, member, user, string(h.Role)); err != nil {
			return err
		}
	}
	for _, g := range in.Goals {
		if _, err := tx.Exec(ctx, "INSERT INTO programme_goals (programme_id, goal_id, how) VALUES (?, ?, ?)", id, g.GoalID, g.How); err != nil {
			return err
		}
	}
	return nil
}

// GetProgramme returns one programme; NotFound when there is none.
func (s *Service) GetProgramme(ctx context.Context, id int64) (Programme, error) {
	p, err := getProgramme(ctx, s.DB, id, false)
	if err != nil {
		return Programme{}, store.Wrap(err, "Could not load the programme.")
	}
	return p, nil
}

func getProgramme(ctx context.Context, q store.Querier, id int64, lock bool) (Programme, error) {
	query := "SELECT " + programmeColumns + " FROM programmes p WHERE p.id = ?"
	if tx, ok := q.(*store.Tx); ok && lock {
		query += tx.ForUpdate()
	}
	list, err := loadProgrammes(ctx, q, query, id)
	if err != nil {
		return Programme{}, err
	}
	if len(list) == 0 {
		return Programme{}, apperr.NotFoundf("Programme not found.")
	}
	return list[0], nil
}

// loadProgrammes runs query (selecting programmeColumns) and fills in each
// programme's hosts and goals, in three queries whatever the number.
func loadProgrammes(ctx context.Context, q store.Querier, query string, args ...any) ([]Programme, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Programme{}
	for rows.Next() {
		var p Programme
		var seg sql.NullInt64
		var stages, modalities, timings, modes, access string
		var created, updated int64
		if err := rows.Scan(&p.ID, &p.Kind, &p.CustomKind, &p.Title, &p.Description, &seg, &stages, &p.Format,
			&modalities, &timings, &p.MinutesPerSession, &p.HoursPerMonth, &p.SkillLevel, &modes, &access,
			&p.Status, &p.Outcomes, &p.Notes, &p.Version, &created, &updated); err != nil {
			return nil, err
		}
		var segID *int64
		if seg.Valid {
			segID = &seg.Int64
		}
		p.Audience = members.ParseAudience(segID, stages)
		if p.Audience.CareerStages == nil {
			p.Audience.CareerStages = []members.CareerStage{}
		}
		p.Modalities = splitList[participation.Modality](modalities)
		p.Timings = splitList[participation.Timing](timings)
		p.Modes = splitList[participation.Mode](modes)
		p.Accessibility = splitList[Access](access)
		p.CreatedAt, p.UpdatedAt = store.UnixTime(created), store.UnixTime(updated)
		p.Hosts, p.HostNames, p.Goals = []HostInput{}, []HostPerson{}, []goals.Link{}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	byID := make(map[int64]*Programme, len(out))
	ids := make([]int64, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
		ids[i] = out[i].ID
	}
	if err := loadHosts(ctx, q, ids, byID); err != nil {
		return nil, err
	}
	if err := loadGoalLinks(ctx, q, "programme_goals", "programme_id", ids, func(id int64, l goals.Link) {
		byID[id].Goals = append(byID[id].Goals, l)
	}); err != nil {
		return nil, err
	}
	return out, nil
}

func loadHosts(ctx context.Context, q store.Querier, ids []int64, byID map[int64]*Programme) error {
	rows, err := q.Query(ctx, `SELECT h.programme_id, COALESCE(h.member_id, 0), COALESCE(h.user_id, 0), h.role,
		COALESCE(NULLIF(m.preferred_name, ''), m.name, u.name, '')
		FROM programme_hosts h LEFT JOIN members m ON m.id = h.member_id LEFT JOIN users u ON u.id = h.user_id
		WHERE h.programme_id IN (`+store.Placeholders(len(ids))+`) ORDER BY h.programme_id, h.position`, store.Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var h HostPerson
		if err := rows.Scan(&pid, &h.MemberID, &h.UserID, &h.Role, &h.Name); err != nil {
			return err
		}
		p := byID[pid]
		p.Hosts = append(p.Hosts, h.HostInput)
		p.HostNames = append(p.HostNames, h)
	}
	return rows.Err()
}

// loadGoalLinks reads the goal links of ids from table, with goal titles.
func loadGoalLinks(ctx context.Context, q store.Querier, table, key string, ids []int64, add func(int64, goals.Link)) error {
	rows, err := q.Query(ctx, "SELECT l."+key+", l.goal_id, l.how, g.title FROM "+table+" l JOIN goals g ON g.id = l.goal_id WHERE l."+key+
		" IN ("+store.Placeholders(len(ids))+") ORDER BY l."+key+", g.title, g.id", store.Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l goals.Link
		if err := rows.Scan(&id, &l.GoalID, &l.How, &l.Title); err != nil {
			return err
		}
		add(id, l)
	}
	return rows.Err()
}

// EditProgramme changes programme id as it stands now: inside one
// transaction holding its lock it reads the programme, hands it to change
// and stores what change returns, checked as a whole. When version is not
// 0 and the programme has moved on, nothing is written and the error is a
// Conflict listing what changed. Errors as for CreateProgramme, NotFound.
func (s *Service) EditProgramme(ctx context.Context, id, version int64, change func(Programme) (ProgrammeInput, error)) (Programme, error) {
	var out Programme
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getProgramme(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := programmeHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		in, err := change(old)
		if err != nil {
			return err
		}
		in.normalize()
		var fe apperr.FieldErrors
		in.check(&fe)
		if err := fe.Err(); err != nil {
			return err
		}
		if err := s.checkRefs(ctx, tx, in); err != nil {
			return err
		}
		if sameProgramme(old.ProgrammeInput, in) {
			// Saving an unchanged form writes nothing, so it does not make
			// a colleague's open form stale.
			out = old
			return nil
		}
		now := s.now()
		if err := programmeHistory.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		// Sessions without a title of their own take the programme's, and
		// so do their activities.
		var before map[attKey]Part
		if in.Title != old.Title {
			if before, err = s.beforeChange(ctx, tx, programmeScope(id)); err != nil {
				return err
			}
		}
		res, err := tx.Exec(ctx, `UPDATE programmes SET kind = ?, custom_kind = ?, title = ?, description = ?,
			audience_segment_id = ?, audience_stages = ?, format = ?, modalities = ?, timings = ?, minutes_per_session = ?,
			hours_per_month = ?, skill_level = ?, modes = ?, accessibility = ?, status = ?, outcomes = ?, notes = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			append(programmeValues(in), now.Unix(), id, old.Version)...)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, "programme"); err != nil {
			return err
		}
		if err := writeProgrammeLinks(ctx, tx, id, in); err != nil {
			return err
		}
		if in.Title != old.Title {
			if err := s.syncActivities(ctx, tx, programmeScope(id), before); err != nil {
				return err
			}
		}
		if err := s.record(ctx, tx, "programme", id, "update", fmt.Sprintf("Updated the %s %q", in.KindLabel(), in.Title)); err != nil {
			return err
		}
		out, err = getProgramme(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return Programme{}, store.Wrap(err, "Could not update the programme.")
	}
	return out, nil
}

func sameProgramme(a, b ProgrammeInput) bool {
	return reflect.DeepEqual(programmeValues(a), programmeValues(b)) && slices.Equal(a.Hosts, b.Hosts) &&
		slices.EqualFunc(a.Goals, b.Goals, func(x, y goals.Link) bool { return x.GoalID == y.GoalID && x.How == y.How })
}

// DeleteProgramme removes a programme with its sessions. When version is
// not 0 and the programme has changed since, nothing is deleted (Conflict).
// NotFound for an unknown id.
func (s *Service) DeleteProgramme(ctx context.Context, id, version int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getProgramme(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := programmeHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		before, err := s.beforeChange(ctx, tx, programmeScope(id))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM programmes WHERE id = ?", id); err != nil {
			return err
		}
		if err := s.syncActivities(ctx, tx, programmeScope(id), before); err != nil {
			return err
		}
		return s.recordDeleted(ctx, tx, "programme", id, old.Title, fmt.Sprintf("Deleted the %s %q and its sessions", old.KindLabel(), old.Title))
	})
	return store.Wrap(err, "Could not delete the programme.")
}
