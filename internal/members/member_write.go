package members

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Create validates and stores a new member and returns the stored record.
// ID, ArchivedAt and the timestamps of m are ignored. It fails with Invalid
// (fields named) for bad input and Internal when the database fails.
func (s *Service) Create(ctx context.Context, m Member) (Member, error) {
	m, err := Validate(m)
	if err != nil {
		return Member{}, err
	}
	now := s.now()
	var out Member
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := insertMember(ctx, tx, m, now)
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id,
			Action: "create", Summary: "Added " + m.Name}); err != nil {
			return err
		}
		out, err = getMember(ctx, tx, id)
		return err
	})
	return out, store.Wrap(err, "Could not save the member.")
}

// Get returns one member with everything recorded about them, or NotFound.
func (s *Service) Get(ctx context.Context, id int64) (Member, error) {
	m, err := getMember(ctx, s.DB, id)
	return m, store.Wrap(err, "Could not load the member.")
}

// GetMany returns the members with the given ids, keyed by id, with one
// query per table however many ids are asked for (in chunks of 500). Ids
// that do not exist are simply absent from the map.
func (s *Service) GetMany(ctx context.Context, ids []int64) (map[int64]Member, error) {
	ms, err := loadMany(ctx, s.DB, ids)
	if err != nil {
		return nil, store.Wrap(err, "Could not load the members.")
	}
	out := make(map[int64]Member, len(ms))
	for _, m := range ms {
		out[m.ID] = m
	}
	return out, nil
}

// Update replaces every editable field of member m.ID with m's (a full
// replace: an empty list clears it) and returns the stored record. It fails
// with Invalid for bad input and NotFound when the member does not exist.
// When nothing changed it writes nothing, not even updated_at.
func (s *Service) Update(ctx context.Context, m Member) (Member, error) {
	m, err := Validate(m)
	if err != nil {
		return Member{}, err
	}
	now := s.now()
	var out Member
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := getMember(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		changed := changedFields(old, m)
		if len(changed) == 0 {
			out = old
			return nil
		}
		if err := replaceMember(ctx, tx, m.ID, m, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: m.ID,
			Action: "update", Summary: "Updated " + m.Name + ": " + strings.Join(changed, ", ")}); err != nil {
			return err
		}
		out, err = getMember(ctx, tx, m.ID)
		return err
	})
	return out, store.Wrap(err, "Could not save the member.")
}

// Archive hides a member from the list without deleting anything, for
// people who have left but whose history matters. Archiving an archived
// member changes nothing. NotFound when the member does not exist.
func (s *Service) Archive(ctx context.Context, id int64) error {
	return s.setArchived(ctx, id, true)
}

// Unarchive brings an archived member back into the list.
func (s *Service) Unarchive(ctx context.Context, id int64) error {
	return s.setArchived(ctx, id, false)
}

func (s *Service) setArchived(ctx context.Context, id int64, archive bool) error {
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var name string
		var archivedAt sql.NullInt64
		err := tx.QueryRow(ctx, "SELECT name, archived_at FROM members WHERE id = ?", id).Scan(&name, &archivedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(id)
		}
		if err != nil || archivedAt.Valid == archive {
			return err
		}
		var at any
		action, summary := "unarchive", "Unarchived "+name
		if archive {
			at, action, summary = now.Unix(), "archive", "Archived "+name
		}
		if _, err := tx.Exec(ctx, "UPDATE members SET archived_at = ?, updated_at = ? WHERE id = ?", at, now.Unix(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, Action: action, Summary: summary})
	})
	return store.Wrap(err, "Could not change the member.")
}

// Delete removes a member and, through ON DELETE CASCADE, everything that
// hangs off them in every capability. Prefer Archive for people who have
// left; Delete is for mistakes and erasure requests. NotFound when the
// member does not exist.
func (s *Service) Delete(ctx context.Context, id int64) error {
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var name string
		err := tx.QueryRow(ctx, "SELECT name FROM members WHERE id = ?", id).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(id)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM members WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, Action: "delete", Summary: "Deleted " + name})
	})
	return store.Wrap(err, "Could not delete the member.")
}
