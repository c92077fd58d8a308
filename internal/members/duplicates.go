package members

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

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
// platform with m, most reasons first. m need not be saved or even valid:
// a form can ask while the person is still typing, so unparseable values
// are just not matched. It returns an empty list when there are none.
func (s *Service) FindDuplicates(ctx context.Context, m Member) ([]Duplicate, error) {
	reasons := map[int64][]string{}
	note := func(query string, args []any, reason func(value string) string) error {
		return each(ctx, s.DB, query, append(args, m.ID), func(rows *sql.Rows) error {
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
