package participation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/clock"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

var lifecycleHistory = versions.History{Noun: "lifecycle stage", Table: "lifecycle_stage_versions", Key: "lifecycle_stage_id"}

const lifecycleColumns = "id, model, stage, since, notes, version, created_at, updated_at"

func scanLifecycle(sc interface{ Scan(...any) error }) (LifecycleEntry, error) {
	var e LifecycleEntry
	var created, updated int64
	err := sc.Scan(&e.ID, &e.Model, &e.Stage, &e.Since, &e.Notes, &e.Version, &created, &updated)
	e.CreatedAt, e.UpdatedAt = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	m, st, _ := lifecycleStage(e.Model, e.Stage)
	e.ModelLabel, e.StageLabel, e.StageAbout = m.Label, st.Label, st.About
	return e, err
}

func (e LifecycleEntry) fields() versions.Fields {
	var f versions.Fields
	f.Add("model", e.Model)
	f.Add("stage", e.Stage)
	f.Add("since", e.Since)
	f.Add("notes", e.Notes)
	return f
}

// todayDate is the community's date today, YYYY-MM-DD.
func (s *Service) todayDate() string { return clock.Today(s.now(), s.location()) }

// LifecycleEntries lists every recorded stage, the latest first (by the
// date it began, then by when it was recorded).
func (s *Service) LifecycleEntries(ctx context.Context) ([]LifecycleEntry, error) {
	rows, err := s.DB.Query(ctx, "SELECT "+lifecycleColumns+" FROM lifecycle_stages ORDER BY since DESC, id DESC")
	if err != nil {
		return nil, store.Wrap(err, "Could not list the lifecycle stages.")
	}
	defer rows.Close()
	out := []LifecycleEntry{}
	for rows.Next() {
		e, err := scanLifecycle(rows)
		if err != nil {
			return nil, store.Wrap(err, "Could not list the lifecycle stages.")
		}
		out = append(out, e)
	}
	return out, store.Wrap(rows.Err(), "Could not list the lifecycle stages.")
}

// LifecycleEntry returns entry id, or NotFound.
func (s *Service) LifecycleEntry(ctx context.Context, id int64) (LifecycleEntry, error) {
	e, err := getLifecycle(ctx, s.DB, id, "")
	return e, store.Wrap(err, "Could not load the lifecycle stage.")
}

func getLifecycle(ctx context.Context, q store.Querier, id int64, lock string) (LifecycleEntry, error) {
	e, err := scanLifecycle(q.QueryRow(ctx, "SELECT "+lifecycleColumns+" FROM lifecycle_stages WHERE id = ?"+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return LifecycleEntry{}, apperr.NotFoundf("There is no lifecycle stage %d.", id)
	}
	return e, err
}

// AddLifecycle records that the community entered a stage, for writers.
// Invalid names the field (model, stage, since, notes).
func (s *Service) AddLifecycle(ctx context.Context, in LifecycleInput) (LifecycleEntry, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check(&fe, s.todayDate())
	if err := fe.Err(); err != nil {
		return LifecycleEntry{}, err
	}
	now := s.now()
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(ctx, "INSERT INTO lifecycle_stages (model, stage, since, notes, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			in.Model, in.Stage, in.Since, in.Notes, actorUserID(ctx), now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		m, st, _ := lifecycleStage(in.Model, in.Stage)
		return audit.Record(ctx, tx, now, audit.Change{Entity: "lifecycle_stage", EntityID: id, EntityName: st.Label, Action: "create",
			Summary: fmt.Sprintf("Recorded the community's lifecycle stage: %s (%s) since %s", st.Label, m.Label, in.Since)})
	})
	if err != nil {
		return LifecycleEntry{}, store.Wrap(err, "Could not record the lifecycle stage.")
	}
	return s.LifecycleEntry(ctx, id)
}

// EditLifecycle changes entry id, for writers. version is the version the
// edit was made on (0: as it stands); a colleague's change since is
// Conflict listing what they changed. Invalid names the field; NotFound.
// An edit that changes nothing writes nothing.
func (s *Service) EditLifecycle(ctx context.Context, id, version int64, in LifecycleInput) (LifecycleEntry, error) {
	in.normalize()
	var fe apperr.FieldErrors
	in.check(&fe, s.todayDate())
	if err := fe.Err(); err != nil {
		return LifecycleEntry{}, err
	}
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getLifecycle(ctx, tx, id, tx.ForUpdate())
		if err != nil {
			return err
		}
		if err := lifecycleHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		next := old
		next.Model, next.Stage, next.Since, next.Notes = in.Model, in.Stage, in.Since, in.Notes
		diff := versions.Diff(toFieldMap(old.fields()), next.fields())
		if len(diff) == 0 {
			return nil
		}
		if err := lifecycleHistory.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE lifecycle_stages SET model = ?, stage = ?, since = ?, notes = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
			in.Model, in.Stage, in.Since, in.Notes, now.Unix(), id, old.Version)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, "lifecycle stage"); err != nil {
			return err
		}
		names := make([]string, len(diff))
		for i, c := range diff {
			names[i] = c.Field
		}
		_, st, _ := lifecycleStage(in.Model, in.Stage)
		return audit.Record(ctx, tx, now, audit.Change{Entity: "lifecycle_stage", EntityID: id, EntityName: st.Label, Action: "update",
			Summary: "Changed the lifecycle stage " + st.Label + " since " + in.Since + ": " + strings.Join(names, ", ")})
	})
	if err != nil {
		return LifecycleEntry{}, store.Wrap(err, "Could not save the lifecycle stage.")
	}
	return s.LifecycleEntry(ctx, id)
}

// DeleteLifecycle removes entry id (a mistake), for writers, with the same
// version check as EditLifecycle. NotFound; Conflict.
func (s *Service) DeleteLifecycle(ctx context.Context, id, version int64) error {
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getLifecycle(ctx, tx, id, tx.ForUpdate())
		if err != nil {
			return err
		}
		if err := lifecycleHistory.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM lifecycle_stages WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: "lifecycle_stage", EntityID: id, EntityName: old.StageLabel, Action: "delete",
			Summary: fmt.Sprintf("Removed the lifecycle stage %s (%s) since %s", old.StageLabel, old.ModelLabel, old.Since)})
	})
	return store.Wrap(err, "Could not remove the lifecycle stage.")
}

func toFieldMap(f versions.Fields) map[string]string {
	m := make(map[string]string, len(f))
	for _, x := range f {
		m[x.Name] = x.Value
	}
	return m
}
