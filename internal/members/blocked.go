package members

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
)

// Refusal says why one of the members handed to Create or CreateBatch may
// not be stored: Index is its place in the batch (0 for Create), Field
// the field at fault ("emails"), Message the reason.
type Refusal struct {
	Index   int
	Field   string
	Message string
}

// BlockCheck tells which of ms may not be stored. Privacy provides it:
// a person erased at their request is on a block list, and adding them
// again (by hand or by an import) is refused. It runs inside the create's
// transaction.
type BlockCheck func(ctx context.Context, q store.Querier, ms []Member) ([]Refusal, error)

// checkBlocked runs s.Blocked, when set, and turns its refusals into one
// Invalid error naming each member's field ("emails", or
// "members[3].emails" in a batch).
func (s *Service) checkBlocked(ctx context.Context, q store.Querier, ms []Member, batch bool) error {
	if s.Blocked == nil || len(ms) == 0 {
		return nil
	}
	refusals, err := s.Blocked(ctx, q, ms)
	if err != nil || len(refusals) == 0 {
		return err
	}
	var fe apperr.FieldErrors
	for _, r := range refusals {
		field := r.Field
		if batch {
			field = fmt.Sprintf("members[%d].%s", r.Index, r.Field)
		}
		fe.Add(field, "%s", r.Message)
	}
	return fe.Err()
}

// added is what an edit gives member old that it did not have: the
// emails, identities and ORCID iD the block list is checked against, so an
// erased person's address cannot come back by editing someone else, while
// a member already holding an address (erased from another record) can
// still be edited.
func added(old, m Member) Member {
	var out Member
	for _, e := range m.Emails {
		if !slices.ContainsFunc(old.Emails, func(o Email) bool { return strings.EqualFold(o.Address, e.Address) }) {
			out.Emails = append(out.Emails, e)
		}
	}
	for _, x := range m.Identities {
		if !slices.ContainsFunc(old.Identities, func(o Identity) bool { return sameIdentity(o, x) }) {
			out.Identities = append(out.Identities, x)
		}
	}
	if !strings.EqualFold(m.ORCID, old.ORCID) {
		out.ORCID = m.ORCID
	}
	return out
}

// RowsOf returns every row that belongs to member id in every table a
// merge records (the member, their emails, tags, identities, fields,
// versions, and the rows other capabilities registered: interactions they
// took part in, follow-ups, attendance, activities ...), table by table,
// column name to value. Privacy's access export is built from it. Read in
// one transaction, so the tables agree with each other.
func (s *Service) RowsOf(ctx context.Context, id int64) (map[string][]map[string]any, error) {
	out := map[string][]map[string]any{}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		rs, err := snapshot(ctx, tx, s.memberTables(), id)
		if err != nil {
			return err
		}
		for t, rows := range rs {
			for _, r := range rows {
				out[t] = append(out[t], map[string]any(r))
			}
		}
		return nil
	})
	return out, store.Wrap(err, "Could not read the member's records.")
}

// Tables lists every table with rows belonging to members, and the
// columns naming the member, as merges record them.
func (s *Service) Tables() []MemberTable { return s.memberTables() }
