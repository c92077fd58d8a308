package members

import (
	"context"
	"database/sql"

	"github.com/trellis-community/trellis/internal/store"
)

// eachPage is how many members Each reads at a time.
const eachPage = 1000

// Each calls fn with every member matching f (f.Sort aside) in id order,
// reading a page at a time by id, for exports: a whole community streams
// in the memory of one page. Walking the primary key costs a fraction of
// the name order List keeps (which reads rows scattered over the table).
// It stops at fn's first error and returns it; a bad filter is Invalid.
// It is not one snapshot: a member added while it runs, with an id past
// the page being read, is included.
func (s *Service) Each(ctx context.Context, f Filter, fn func(Member) error) error {
	f, err := f.Normalise()
	if err != nil {
		return err
	}
	if err := s.markCommonSubstrings(ctx, &f); err != nil {
		return store.Wrap(err, "Could not read the members.")
	}
	var after int64
	ms := make([]Member, 0, eachPage)
	for {
		c := filterConds(s.DB.Dialect, f)
		c.Add("m.id > ?", after)
		ms = ms[:0]
		err := store.EachRow(ctx, s.DB, "SELECT "+memberColumns+" FROM members m"+c.SQL()+" ORDER BY m.id LIMIT ?", c.Args(eachPage),
			func(rows *sql.Rows) error {
				m, err := scanMember(rows)
				ms = append(ms, m)
				return err
			})
		if err == nil {
			err = attach(ctx, s.DB, ms)
		}
		if err != nil {
			return store.Wrap(err, "Could not read the members.")
		}
		for _, m := range ms {
			if err := fn(m); err != nil {
				return err
			}
		}
		if len(ms) < eachPage {
			return nil
		}
		after = ms[len(ms)-1].ID
	}
}
