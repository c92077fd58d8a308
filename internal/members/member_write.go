package members

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
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
		if err := s.checkBlocked(ctx, tx, []Member{m}, false); err != nil {
			return err
		}
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
// replace: an empty list clears it) and returns the stored record. When
// m.Version is not 0 (a form sends the version it showed) the update is
// made only if the member is still at that version. It fails with Invalid
// for bad input, NotFound when the member does not exist, and Conflict
// (apperr.Stale listing what changed) when the member moved on. When
// nothing changed it writes nothing, not even updated_at or the version.
func (s *Service) Update(ctx context.Context, m Member) (Member, error) {
	if _, err := Validate(m); err != nil {
		return Member{}, err
	}
	return s.Edit(ctx, m.ID, m.Version, func(Member) (Member, error) { return m, nil })
}

// Edit changes member id as it stands now: in one transaction that holds
// the member's write lock, it reads the current record, hands it to change
// and stores what change returns, validated as a whole. Because change
// always sees the latest record, concurrent edits of different fields (or
// different custom-field keys) all survive. When version is not 0 the edit
// is refused with Conflict (apperr.Stale listing what changed since) unless
// the member is still at that version. Errors: NotFound; Invalid from
// change or validation; Conflict. An edit that changes nothing writes
// nothing.
func (s *Service) Edit(ctx context.Context, id, version int64, change func(current Member) (Member, error)) (Member, error) {
	now := s.now()
	var out Member
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		old, err := lockMember(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := history.Check(ctx, tx, id, version, old.Version, old.fields()); err != nil {
			return err
		}
		// change gets its own copy: were it to share old's lists and maps,
		// its changes would show in old too, and look like no change.
		m, err := change(old.clone())
		if err != nil {
			return err
		}
		m.ID = id
		if m, err = Validate(m); err != nil {
			return err
		}
		changed := changedFields(old, m)
		if len(changed) == 0 {
			out = old
			return nil
		}
		if err := s.checkBlocked(ctx, tx, []Member{added(old, m)}, false); err != nil {
			return err
		}
		if err := rewriteMember(ctx, tx, old, m, now); err != nil {
			return err
		}
		if err := s.NoteChanged(ctx, tx, []int64{id}); err != nil {
			return err
		}
		// A person changed these fields: a later import must not
		// overwrite them (imports report a conflict instead).
		if err := RecordFieldSources(ctx, tx, id, changed, SourceManual, 0, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id,
			Action: "update", Summary: "Updated " + m.Name + ": " + strings.Join(changed, ", ")}); err != nil {
			return err
		}
		out, err = getMember(ctx, tx, id)
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
		old, err := lockMember(ctx, tx, id)
		if err != nil || (old.ArchivedAt != nil) == archive {
			return err
		}
		name := old.Name
		var at any
		action, summary := "unarchive", "Unarchived "+name
		if archive {
			at, action, summary = now.Unix(), "archive", "Archived "+name
		}
		// archived_at is part of the record a person sees, so it moves the
		// version on like any other change.
		if err := history.Keep(ctx, tx, id, old.Version, old.fields(), now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE members SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
			at, now.Unix(), id); err != nil {
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
	return s.DeleteAt(ctx, id, 0)
}

// DeleteAt is Delete made against a version of the member: when version is
// not 0 and the member has changed since, nothing is deleted and the error
// is a Conflict listing what changed, so no one deletes a record whose
// latest edits they never saw.
func (s *Service) DeleteAt(ctx context.Context, id, version int64) error {
	now := s.now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var name string
		var current int64
		err := tx.QueryRow(ctx, "SELECT name, version FROM members WHERE id = ?"+tx.ForUpdate(), id).Scan(&name, &current)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(id)
		}
		if err != nil {
			return err
		}
		if version != 0 && version != current {
			m, err := getMember(ctx, tx, id)
			if err != nil {
				return err
			}
			return history.Check(ctx, tx, id, version, m.Version, m.fields())
		}
		if err := s.NoteChanged(ctx, tx, []int64{id}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM members WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, EntityName: name, Action: "delete", Summary: "Deleted " + name})
	})
	return store.Wrap(err, "Could not delete the member.")
}

// clone returns a copy of m sharing no list, map or pointer with it.
func (m Member) clone() Member {
	m.Emails = slices.Clone(m.Emails)
	m.Expertise = slices.Clone(m.Expertise)
	m.Interests = slices.Clone(m.Interests)
	m.Languages = slices.Clone(m.Languages)
	m.Tags = slices.Clone(m.Tags)
	m.Identities = slices.Clone(m.Identities)
	m.CustomFields = maps.Clone(m.CustomFields)
	if h := m.Preferences.HoursPerMonth; h != nil {
		m.Preferences.HoursPerMonth = new(*h)
	}
	if a := m.ArchivedAt; a != nil {
		m.ArchivedAt = new(*a)
	}
	return m
}
