package relationships

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/text"
)

// Group is a stakeholder group a key member belongs to. Five are built in
// (Leadership, Funders, Champions, Partners, Advisory board) and cannot be
// deleted; a community adds its own.
type Group struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Builtin bool   `json:"builtin"`
}

// maxGroupName keeps group names short enough for a filter chip.
const maxGroupName = 80

// ListGroups returns every stakeholder group, built-in ones first in their
// usual order, then the community's own in the order they were added.
func (s *Service) ListGroups(ctx context.Context) ([]Group, error) {
	rows, err := s.DB.Query(ctx, "SELECT id, name, builtin FROM stakeholder_groups ORDER BY position, id")
	if err != nil {
		return nil, apperr.Internalf(err, "Could not list stakeholder groups.")
	}
	defer rows.Close()
	out := []Group{}
	for rows.Next() {
		var g Group
		if err := rows.Scan(&g.ID, &g.Name, &g.Builtin); err != nil {
			return nil, apperr.Internalf(err, "Could not list stakeholder groups.")
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Internalf(err, "Could not list stakeholder groups.")
	}
	return out, nil
}

// CreateGroup adds a stakeholder group. The name is required (field "name")
// and must differ, ignoring case, from every other group's (Conflict).
func (s *Service) CreateGroup(ctx context.Context, name string) (Group, error) {
	name = strings.TrimSpace(name)
	var fe apperr.FieldErrors
	text.Check(&fe, "name", name)
	switch {
	case name == "":
		fe.Add("name", "is required")
	case utf8.RuneCountInString(name) > maxGroupName:
		fe.Add("name", "must be at most %d characters", maxGroupName)
	}
	if err := fe.Err(); err != nil {
		return Group{}, err
	}
	g := Group{Name: name}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM stakeholder_groups WHERE LOWER(name) = LOWER(?)", name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Conflict, "There is already a stakeholder group called %q.", name)
		}
		var pos int
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM stakeholder_groups").Scan(&pos); err != nil {
			return err
		}
		var err error
		g.ID, err = tx.Insert(ctx, "INSERT INTO stakeholder_groups (name, builtin, position) VALUES (?, ?, ?)", name, false, pos)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, "stakeholder_group", g.ID, "create", fmt.Sprintf("Added the stakeholder group %q", name))
	})
	if err != nil {
		if store.IsUniqueViolation(err) {
			return Group{}, apperr.Wrap(err, apperr.Conflict, "There is already a stakeholder group called %q.", name)
		}
		return Group{}, store.Wrap(err, "Could not add the stakeholder group.")
	}
	return g, nil
}

// DeleteGroup removes a group the community added; key members simply stop
// belonging to it. Built-in groups are Invalid to delete; an unknown id is
// NotFound.
func (s *Service) DeleteGroup(ctx context.Context, id int64) error {
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var g Group
		err := tx.QueryRow(ctx, "SELECT id, name, builtin FROM stakeholder_groups WHERE id = ?", id).Scan(&g.ID, &g.Name, &g.Builtin)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("Stakeholder group not found.")
		}
		if err != nil {
			return err
		}
		if g.Builtin {
			return apperr.New(apperr.Invalid, "%q is a built-in stakeholder group and cannot be deleted.", g.Name)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM stakeholder_groups WHERE id = ?", id); err != nil {
			return err
		}
		return s.recordDeleted(ctx, tx, "stakeholder_group", id, g.Name, fmt.Sprintf("Deleted the stakeholder group %q", g.Name))
	})
	return store.Wrap(err, "Could not delete the stakeholder group.")
}
