package participation

import (
	"context"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// memberIndex resolves the members a batch names, a few hundred per query
// rather than one query per item (on PostgreSQL each query is a network
// round trip), remembering what it found for the rest of the batch.
type memberIndex struct {
	ids    map[int64]bool   // member id: exists
	emails map[string]int64 // email: member id, 0 for none, -1 for several
}

// lookupBatch bounds the ids or emails in one IN list.
const lookupBatch = 500

func newMemberIndex() *memberIndex {
	return &memberIndex{ids: map[int64]bool{}, emails: map[string]int64{}}
}

// resolve fills each row's member id from its email, and records an item
// problem for a member id or email that names no member (or an email two
// members share).
func (m *memberIndex) resolve(ctx context.Context, tx *store.Tx, rows []row, p *problems) error {
	var ids []any
	var emails []any
	for i := range rows {
		r := &rows[i]
		if r.email != "" {
			if _, ok := m.emails[r.email]; !ok {
				m.emails[r.email] = 0
				emails = append(emails, r.email)
			}
		} else if _, ok := m.ids[r.memberID]; !ok {
			m.ids[r.memberID] = false
			ids = append(ids, r.memberID)
		}
	}
	if err := inBatches(ctx, tx, "SELECT id, id FROM members WHERE id IN", ids, func(_ string, id int64) {
		m.ids[id] = true
	}); err != nil {
		return err
	}
	if err := inBatches(ctx, tx, "SELECT email, member_id FROM member_emails WHERE email IN", emails, func(email string, id int64) {
		if prev := m.emails[email]; prev != 0 && prev != id {
			id = -1
		}
		m.emails[email] = id
	}); err != nil {
		return err
	}
	for i := range rows {
		r := &rows[i]
		switch {
		case r.email == "":
			if !m.ids[r.memberID] {
				p.add(ItemError{Index: r.pos, Line: r.line, Field: "member_id", Message: "names no member"})
			}
		case m.emails[r.email] == 0:
			p.add(ItemError{Index: r.pos, Line: r.line, Field: "member_email", Message: "is not the email of any member"})
		case m.emails[r.email] < 0:
			p.add(ItemError{Index: r.pos, Line: r.line, Field: "member_email", Message: "belongs to more than one member; send member_id instead"})
		default:
			r.memberID = m.emails[r.email]
		}
	}
	return nil
}

// inBatches runs query + " (?, ?, ...)" over args a batch at a time and
// hands each result row (a text or id key, and an id) to found.
func inBatches(ctx context.Context, tx *store.Tx, query string, args []any, found func(string, int64)) error {
	for len(args) > 0 {
		n := min(len(args), lookupBatch)
		rows, err := tx.Query(ctx, query+" ("+strings.TrimSuffix(strings.Repeat("?, ", n), ", ")+")", args[:n]...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var key any
			var id int64
			if err := rows.Scan(&key, &id); err != nil {
				rows.Close()
				return err
			}
			s, _ := key.(string)
			if b, ok := key.([]byte); ok {
				s = string(b)
			}
			found(s, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}
