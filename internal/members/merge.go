package members

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/audit"
	"github.com/trellis-community/trellis/internal/store"
)

// Merge folds member dropID into member keepID, for two records of one
// person, and returns the kept record. In one transaction it:
//   - unions emails, tags, identities and custom fields (the kept member's
//     values win where both have one; the kept primary email stays primary);
//   - fills the kept member's empty fields from the dropped one (consent as
//     a whole, since a basis without its date means little);
//   - appends the dropped member's notes under a heading;
//   - keeps the earlier joined_on;
//   - runs the MergeHooks, so other capabilities move their rows;
//   - deletes the dropped member and records "merge" in the audit log;
//   - keeps a MergeRecord with every row of both members as they were, so
//     UndoMerge can bring both back exactly.
//
// It fails with Invalid when keepID == dropID or the merged record breaks a
// limit (notes too long), NotFound when either member is missing, and with
// the hook's error when a hook fails; any failure leaves both untouched.
func (s *Service) Merge(ctx context.Context, keepID, dropID int64) (Member, error) {
	if keepID == dropID {
		return Member{}, apperr.New(apperr.Invalid, "A member cannot be merged with themselves.")
	}
	now := s.now()
	var out Member
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := lockMembers(ctx, tx, keepID, dropID); err != nil {
			return err
		}
		keep, err := getMember(ctx, tx, keepID)
		if err != nil {
			return err
		}
		drop, err := getMember(ctx, tx, dropID)
		if err != nil {
			return err
		}
		merged, err := Validate(mergeRecords(keep, drop))
		if err != nil {
			return err
		}
		tables := s.memberTables()
		before, err := snapshot(ctx, tx, tables, keepID, dropID)
		if err != nil {
			return err
		}
		if err := replaceMember(ctx, tx, keepID, merged, now); err != nil {
			return err
		}
		for _, hook := range s.MergeHooks {
			if err := hook(ctx, tx, keepID, dropID); err != nil {
				return fmt.Errorf("merge hook: %w", err)
			}
		}
		if err := s.NoteChanged(ctx, tx, []int64{keepID, dropID}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM members WHERE id = ?", dropID); err != nil {
			return err
		}
		after, err := snapshot(ctx, tx, tables, keepID)
		if err != nil {
			return err
		}
		if err := recordMerge(ctx, tx, now, keep, drop, before, after); err != nil {
			return err
		}
		summary := fmt.Sprintf("Merged %s (#%d) into %s (#%d)", drop.Name, dropID, keep.Name, keepID)
		for _, id := range []int64{keepID, dropID} {
			// On both: the dropped member's history ends here, and says where it went.
			if err := audit.Record(ctx, tx, now, audit.Change{Entity: entity, EntityID: id, Action: "merge",
				Summary: summary}); err != nil {
				return err
			}
		}
		out, err = getMember(ctx, tx, keepID)
		return err
	})
	return out, store.Wrap(err, "Could not merge the members.")
}

// mergeRecords combines two records of one person, keep taking precedence.
// The result still needs Validate, which also drops repeats in the lists.
func mergeRecords(keep, drop Member) Member {
	m := keep
	fill := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	fill(&m.PreferredName, drop.PreferredName)
	fill(&m.Pronouns, drop.Pronouns)
	fill(&m.Affiliation, drop.Affiliation)
	fill(&m.JobTitle, drop.JobTitle)
	fill(&m.ORCID, drop.ORCID)
	fill(&m.Country, drop.Country)
	fill(&m.TimeZone, drop.TimeZone)
	fill(&m.Source, drop.Source)
	fill(&m.Preferences.Modality, drop.Preferences.Modality)
	fill(&m.Preferences.Timing, drop.Preferences.Timing)
	if m.CareerStage == StageUnknown {
		m.CareerStage = drop.CareerStage
	}
	if m.Preferences.HoursPerMonth == nil {
		m.Preferences.HoursPerMonth = drop.Preferences.HoursPerMonth
	}
	if m.Consent == (Consent{}) {
		m.Consent = drop.Consent
	}
	if m.JoinedOn == "" || (drop.JoinedOn != "" && drop.JoinedOn < m.JoinedOn) {
		m.JoinedOn = drop.JoinedOn
	}

	m.Emails = slices.Clone(keep.Emails)
	for _, e := range drop.Emails {
		// Only the kept record's primary stays primary, unless it had none.
		e.Primary = e.Primary && len(keep.Emails) == 0
		m.Emails = append(m.Emails, e)
	}
	m.Emails = dedupeEmails(m.Emails)
	for i, l := range tagLists(&m) {
		*l.tags = append(slices.Clone(*l.tags), *tagLists(&drop)[i].tags...)
	}
	m.Identities = append(slices.Clone(keep.Identities), drop.Identities...)
	m.Identities = dedupeIdentities(m.Identities)
	m.CustomFields = maps.Clone(drop.CustomFields)
	if m.CustomFields == nil {
		m.CustomFields = map[string]string{}
	}
	maps.Copy(m.CustomFields, keep.CustomFields)
	if drop.Notes != "" {
		heading := fmt.Sprintf("## Merged from %s (#%d)", drop.Name, drop.ID)
		if m.Notes != "" {
			m.Notes += "\n\n"
		}
		m.Notes += heading + "\n\n" + drop.Notes
	}
	return m
}

// dedupeEmails keeps the first of each address.
func dedupeEmails(in []Email) []Email {
	var out []Email
	for _, e := range in {
		if !slices.ContainsFunc(out, func(o Email) bool { return o.Address == e.Address }) {
			out = append(out, e)
		}
	}
	return out
}

// dedupeIdentities keeps the first of each platform and handle.
func dedupeIdentities(in []Identity) []Identity {
	var out []Identity
	for _, x := range in {
		if !slices.ContainsFunc(out, func(o Identity) bool { return sameIdentity(o, x) }) {
			out = append(out, x)
		}
	}
	return out
}

// lockMembers locks the members' rows until the transaction ends, on
// PostgreSQL, so two merges (or a merge and an undo) of the same people
// run one after the other and each sees what the other did: the second
// merge of a pair then finds the dropped member gone. In id order, so two
// transactions never wait for each other. SQLite has one writer anyway.
func lockMembers(ctx context.Context, tx *store.Tx, ids ...int64) error {
	if tx.Dialect != store.Postgres {
		return nil
	}
	_, err := tx.Exec(ctx, "SELECT id FROM members WHERE id IN ("+store.Placeholders(len(ids))+") ORDER BY id FOR UPDATE",
		int64sToAny(ids)...)
	return err
}

func int64sToAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
