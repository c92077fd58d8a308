package members

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/store"
)

// Duplicate is another member who may be the same person, with the reasons
// in words ("same email ada@example.org").
type Duplicate struct {
	Member  Member   `json:"member"`
	Reasons []string `json:"reasons"`
}

// FindDuplicates returns the other members (any but m.ID, archived ones
// included) who share an email address, the ORCID iD or an identity on a
// platform with m, who have the same name once case, accents and word
// order are set aside, or a name a typo or two away at the same
// affiliation; most reasons first. Pairs someone marked "not the same
// person" (MarkDistinct) are left out. m need not be saved or even valid:
// a form can ask while the person is still typing, so unparseable values
// are just not matched. It returns an empty list when there are none.
func (s *Service) FindDuplicates(ctx context.Context, m Member) ([]Duplicate, error) {
	reasons := map[int64][]string{}
	note := func(query string, args []any, reason func(value string) string) error {
		return store.EachRow(ctx, s.DB, query, append(args, m.ID), func(rows *sql.Rows) error {
			var id int64
			var value string
			if err := rows.Scan(&id, &value); err != nil {
				return err
			}
			if r := reason(value); !slices.Contains(reasons[id], r) {
				reasons[id] = append(reasons[id], r)
			}
			return nil
		})
	}
	var emails []any
	for _, e := range m.Emails {
		if a := strings.ToLower(strings.TrimSpace(e.Address)); a != "" {
			emails = append(emails, a)
		}
	}
	if len(emails) > 0 {
		err := note("SELECT member_id, email FROM member_emails WHERE email IN ("+store.Placeholders(len(emails))+
			") AND member_id <> ? ORDER BY email", emails, func(v string) string { return "same email " + v })
		if err != nil {
			return nil, store.Wrap(err, "Could not look for duplicates.")
		}
	}
	if orcid, problem := parseORCID(m.ORCID); problem == "" {
		err := note("SELECT id, orcid FROM members WHERE orcid = ? AND id <> ?", []any{orcid},
			func(v string) string { return "same ORCID iD " + v })
		if err != nil {
			return nil, store.Wrap(err, "Could not look for duplicates.")
		}
	}
	var pairs []string
	var handles []any
	for _, x := range m.Identities {
		platform := strings.ToLower(strings.TrimSpace(x.Platform))
		key := handleKey(strings.TrimSpace(x.Handle))
		if platform != "" && key != "" {
			pairs = append(pairs, "(platform = ? AND handle_key = ?)")
			handles = append(handles, platform, key)
		}
	}
	if len(pairs) > 0 {
		err := note("SELECT member_id, platform || ' identity ' || handle FROM member_identities WHERE ("+
			strings.Join(pairs, " OR ")+") AND member_id <> ? ORDER BY platform, handle_key", handles,
			func(v string) string { return "same " + v })
		if err != nil {
			return nil, store.Wrap(err, "Could not look for duplicates.")
		}
	}
	if err := s.noteNames(ctx, m, func(id int64, r string) {
		if !slices.Contains(reasons[id], r) {
			reasons[id] = append(reasons[id], r)
		}
	}); err != nil {
		return nil, store.Wrap(err, "Could not look for duplicates.")
	}
	if m.ID != 0 && len(reasons) > 0 {
		distinct, err := distinctFrom(ctx, s.DB, m.ID)
		if err != nil {
			return nil, store.Wrap(err, "Could not look for duplicates.")
		}
		for _, id := range distinct {
			delete(reasons, id)
		}
	}
	ids := make([]int64, 0, len(reasons))
	for id := range reasons {
		ids = append(ids, id)
	}
	found, err := loadMany(ctx, s.DB, ids)
	if err != nil {
		return nil, store.Wrap(err, "Could not look for duplicates.")
	}
	out := make([]Duplicate, 0, len(found))
	for _, d := range found {
		out = append(out, Duplicate{Member: d, Reasons: reasons[d.ID]})
	}
	slices.SortFunc(out, func(a, b Duplicate) int {
		return cmp.Or(cmp.Compare(len(b.Reasons), len(a.Reasons)), cmp.Compare(a.Member.ID, b.Member.ID))
	})
	return out, nil
}

// closeNameScan caps the names of one affiliation compared with a new one.
// Even a large university rarely has more members in one community; past
// this, the close-name check looks at the first ones by name and the exact
// name check (by index) still sees everyone.
const closeNameScan = 5000

// noteNames reports members with m's name (by nameKey, through its index)
// and members of m's affiliation whose name is close to m's.
func (s *Service) noteNames(ctx context.Context, m Member, note func(id int64, reason string)) error {
	key := nameKey(m.Name)
	if key == "" {
		return nil
	}
	name := strings.Join(strings.Fields(m.Name), " ")
	err := store.EachRow(ctx, s.DB, "SELECT id, name FROM members WHERE name_key = ? AND id <> ? ORDER BY id",
		[]any{key, m.ID}, func(rows *sql.Rows) error {
			var id int64
			var other string
			if err := rows.Scan(&id, &other); err != nil {
				return err
			}
			if other == name {
				note(id, "same name")
			} else {
				note(id, "same name, written “"+other+"”")
			}
			return nil
		})
	if err != nil {
		return err
	}
	affiliation := strings.Join(strings.Fields(m.Affiliation), " ")
	if affiliation == "" {
		return nil
	}
	// Only ids and keys, which the index holds: a large affiliation is read
	// from the index alone, and names are fetched for the few close ones.
	// A key more than nearNameEdits characters longer or shorter cannot be
	// near: leaving those out in SQL saves sending most of the affiliation.
	var near []any
	n := utf8.RuneCountInString(key)
	err = store.EachRow(ctx, s.DB, `SELECT id, name_key FROM members WHERE affiliation_key = ? AND id <> ?
		AND name_key <> ? AND LENGTH(name_key) BETWEEN ? AND ? ORDER BY name_key, id LIMIT ?`,
		[]any{foldKey(affiliation), m.ID, key, n - nearNameEdits, n + nearNameEdits, closeNameScan},
		func(rows *sql.Rows) error {
			var id int64
			var otherKey string
			if err := rows.Scan(&id, &otherKey); err != nil {
				return err
			}
			if nearName(key, otherKey) {
				near = append(near, id)
			}
			return nil
		})
	if err != nil || len(near) == 0 {
		return err
	}
	return store.EachRow(ctx, s.DB, "SELECT id, name FROM members WHERE id IN ("+store.Placeholders(len(near))+") ORDER BY id",
		near, func(rows *sql.Rows) error {
			var id int64
			var other string
			if err := rows.Scan(&id, &other); err != nil {
				return err
			}
			note(id, "similar name “"+other+"” at the same affiliation, "+affiliation)
			return nil
		})
}
