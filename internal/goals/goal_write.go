package goals

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/versions"
)

// List returns every goal with its indicators: the active ones first, in
// the order they were set, then the retired ones, latest retired first.
func (s *Service) List(ctx context.Context) ([]Goal, error) {
	gs, err := loadGoals(ctx, s.DB, s.DB.Dialect, "")
	return gs, store.Wrap(err, "Could not list the goals.")
}

// Get returns one goal with its indicators, or NotFound.
func (s *Service) Get(ctx context.Context, id int64) (Goal, error) {
	g, err := getGoal(ctx, s.DB, s.DB.Dialect, id)
	return g, store.Wrap(err, "Could not load the goal.")
}

// Create validates and stores a new goal with its indicators and returns
// it as stored. ID, Version, OwnerName and the timestamps of g are
// ignored; a goal created retired is given today as its retirement date
// unless it has one. Errors: Invalid naming the field (a title another
// goal has, ignoring case, is reported on "title"; an unknown owner on
// "owner_user_id").
func (s *Service) Create(ctx context.Context, g Goal) (Goal, error) {
	var fe apperr.FieldErrors
	Check(&g, s.Today(), &fe)
	if err := fe.Err(); err != nil {
		return Goal{}, err
	}
	now := s.now()
	var out Goal
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := checkRefs(ctx, tx, &g, 0); err != nil {
			return err
		}
		id, err := tx.Insert(ctx, `INSERT INTO goals (title, description, why, owner_user_id, status, retired_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, g.Title, g.Description, g.Why, nullID(g.OwnerUserID), string(g.Status), g.RetiredOn,
			now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		if err := writeIndicators(ctx, tx, id, g.Indicators); err != nil {
			return err
		}
		if err := s.record(ctx, tx, id, "create", "Set the goal "+g.Title); err != nil {
			return err
		}
		out, err = getGoal(ctx, tx, tx.Dialect, id)
		return err
	})
	return out, s.wrap(err, g.Title, "Could not save the goal.")
}

// Update replaces every editable field of goal g.ID, its indicators
// included (a full replace), made against g.Version when it is not 0.
// Errors as for Edit.
func (s *Service) Update(ctx context.Context, g Goal) (Goal, error) {
	return s.Edit(ctx, g.ID, g.Version, func(Goal) (Goal, error) { return g, nil })
}

// Edit changes goal id as it stands now: in one transaction holding its
// write lock, it reads the goal, hands it to change and stores what change
// returns, checked as a whole. Setting the status to retired dates the
// retirement today unless a date is given; setting it back to active
// clears the date. When version is not 0 the edit is refused with
// Conflict (apperr.Stale listing what changed since) unless the goal is
// still at that version. Errors: NotFound; Invalid naming the field, or
// from change; Conflict. An edit that changes nothing writes nothing.
func (s *Service) Edit(ctx context.Context, id, version int64, change func(current Goal) (Goal, error)) (Goal, error) {
	today, now := s.Today(), s.now()
	var out Goal
	var title string
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := lockGoal(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := history.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		cur := old
		cur.Indicators = slices.Clone(old.Indicators)
		g, err := change(cur)
		if err != nil {
			return err
		}
		if g.Status == Retired && old.Status == Active && g.RetiredOn == old.RetiredOn {
			g.RetiredOn = "" // retired now: dated today, not on a stale value
		}
		var fe apperr.FieldErrors
		Check(&g, today, &fe)
		if err := fe.Err(); err != nil {
			return err
		}
		title = g.Title
		if err := checkRefs(ctx, tx, &g, id); err != nil {
			return err
		}
		diff := changed(old, g)
		if len(diff) == 0 {
			out = old
			return nil
		}
		if err := history.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE goals SET title = ?, description = ?, why = ?, owner_user_id = ?, status = ?,
			retired_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			g.Title, g.Description, g.Why, nullID(g.OwnerUserID), string(g.Status), g.RetiredOn, now.Unix(), id, old.Version)
		if err != nil {
			return err
		}
		if err := versions.Updated(res, entity); err != nil {
			return err
		}
		if err := writeIndicators(ctx, tx, id, g.Indicators); err != nil {
			return err
		}
		action, summary := "update", "Updated the goal "+g.Title+": "+strings.Join(diff, ", ")
		switch {
		case old.Status == Active && g.Status == Retired:
			action, summary = "retire", "Retired the goal "+g.Title+" on "+g.RetiredOn
		case old.Status == Retired && g.Status == Active:
			action, summary = "reactivate", "Took up the goal "+g.Title+" again"
		}
		if err := s.record(ctx, tx, id, action, summary); err != nil {
			return err
		}
		out, err = getGoal(ctx, tx, tx.Dialect, id)
		return err
	})
	return out, s.wrap(err, title, "Could not save the goal.")
}

// Retire marks goal id as no longer pursued from today, made against
// version when it is not 0. What served it keeps serving it. Retiring a
// retired goal changes nothing. Errors as for Edit.
func (s *Service) Retire(ctx context.Context, id, version int64) (Goal, error) {
	return s.Edit(ctx, id, version, func(g Goal) (Goal, error) {
		g.Status = Retired
		return g, nil
	})
}

// Reactivate takes a retired goal up again. Errors as for Edit.
func (s *Service) Reactivate(ctx context.Context, id, version int64) (Goal, error) {
	return s.Edit(ctx, id, version, func(g Goal) (Goal, error) {
		g.Status = Active
		return g, nil
	})
}

// Delete removes a goal that nothing serves, made against version when it
// is not 0. A goal that a programme, session or content item still serves
// is refused with Conflict naming them (retire it instead): the links keep
// the plans' history honest. Errors: NotFound; Conflict (changed since
// version, or still served).
func (s *Service) Delete(ctx context.Context, id, version int64) error {
	g, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	serving, err := s.contributions(ctx, id, firstDay, lastDay)
	if err != nil {
		return err
	}
	if len(serving) > 0 {
		return stillServed(g.Title, serving)
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := lockGoal(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := history.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM goals WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), audit.Change{Entity: entity, EntityID: id, EntityName: old.Title,
			Action: "delete", Summary: "Deleted the goal " + old.Title})
	})
	if store.IsForeignKeyViolation(err) {
		// A link made between reading the sources and deleting, or from a
		// capability that registered no source: the database refuses.
		return apperr.Wrap(err, apperr.Conflict, "The goal %q still has programming or content serving it, so it was not deleted. Retire it instead, or unlink what serves it first.", g.Title)
	}
	return store.Wrap(err, "Could not delete the goal.")
}

// stillServed is the Conflict for deleting a goal that items serve.
func stillServed(title string, cs []Contribution) error {
	const named = 5
	names := make([]string, 0, named)
	for _, c := range cs[:min(len(cs), named)] {
		names = append(names, fmt.Sprintf("the %s %q", c.Kind, c.Title))
	}
	list := strings.Join(names, ", ")
	if more := len(cs) - named; more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	verb, them := "serves", "it"
	if len(cs) > 1 {
		verb, them = "serve", "them"
	}
	return apperr.New(apperr.Conflict, "The goal %q was not deleted: %s still %s it. Retire the goal instead, or unlink %s first.",
		title, list, verb, them)
}

// wrap reports a failed save: a title taken by a goal saved at the same
// moment (the unique index) is named on the field, as checkRefs would.
func (s *Service) wrap(err error, title, msg string) error {
	if store.IsUniqueViolation(err) {
		var fe apperr.FieldErrors
		fe.Add("title", "another goal is already called %q", title)
		return fe.Err()
	}
	return store.Wrap(err, msg)
}
