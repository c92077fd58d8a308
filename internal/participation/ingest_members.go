package participation

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// memberIndex resolves the members a batch names, remembering what it
// found for the rest of the batch (so it holds at most the community's
// members, however long the batch).
//
// It asks about a chunk's new ids and emails in one query each, as a set,
// rather than one at a time or a row per member: on PostgreSQL each query
// is a network round trip, and on SQLite reading a result row back through
// database/sql cost more than the lookup itself. For ids the answer is
// only the ones that name no member (none, in a good batch); for emails,
// one string of position:member pairs.
//
// A big batch names most of the community by id. Looking each member up
// then reads most of the members table, whose rows are wide (a few
// hundred members a page): at 100,000 members that was a third of a
// batch's time. Past allAfter ids, memberIndex reads every member's id
// instead, in one scan of a narrow index, and asks nothing more.
//
// Emails go the same way: past allAfter of them, every member's emails are
// read at once (a string of length-prefixed pairs, as for ids), and the
// email that is not among them names no member.
type memberIndex struct {
	ids         map[int64]bool   // member id: exists
	emails      map[string]int64 // email: member id, 0 for none, -1 for several
	asked       int              // ids looked up one by one so far
	askedEmails int              // emails looked up one by one so far
	all         []int64          // every member's id, ascending, once read
	allEmails   bool             // emails holds every member's emails
}

// allAfter is how many ids a batch looks up one by one before it reads
// them all.
const allAfter = 2000

func newMemberIndex() *memberIndex {
	return &memberIndex{ids: map[int64]bool{}, emails: map[string]int64{}}
}

// resolve fills each row's member id from its email, and records an item
// problem for a member id or email that names no member (or an email two
// members share).
func (m *memberIndex) resolve(ctx context.Context, tx *store.Tx, rows []row, p *problems) error {
	var ids []int64
	var emails []string
	for i := range rows {
		r := &rows[i]
		if r.email != "" {
			if _, ok := m.emails[r.email]; !ok {
				m.emails[r.email] = 0
				emails = append(emails, r.email)
			}
		} else if _, ok := m.ids[r.memberID]; !ok {
			m.ids[r.memberID] = true
			ids = append(ids, r.memberID)
		}
	}
	if err := m.lookupIDs(ctx, tx, ids); err != nil {
		return fmt.Errorf("look up members: %w", err)
	}
	if err := m.lookupEmails(ctx, tx, emails); err != nil {
		return fmt.Errorf("look up members by email: %w", err)
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

// lookupIDs marks those of ids (already marked as existing) that name no
// member.
func (m *memberIndex) lookupIDs(ctx context.Context, tx *store.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if m.all == nil && m.asked+len(ids) > allAfter {
		if err := m.readAllIDs(ctx, tx); err != nil {
			return err
		}
	}
	if m.all != nil {
		for _, id := range ids {
			if _, found := slices.BinarySearch(m.all, id); !found {
				m.ids[id] = false
			}
		}
		return nil
	}
	m.asked += len(ids)
	var arg any = ids
	query := `SELECT COALESCE(string_agg(i::text, ','), '') FROM unnest(?::bigint[]) i
		WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id = i)`
	if tx.Dialect == store.SQLite {
		b := make([]byte, 0, len(ids)*8)
		b = append(b, '[')
		for i, id := range ids {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, id, 10)
		}
		arg = string(append(b, ']'))
		query = `SELECT COALESCE(group_concat(j.value), '') FROM json_each(?) j
			WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.id = j.value)`
	}
	var missing string
	if err := tx.QueryRow(ctx, query, arg).Scan(&missing); err != nil {
		return err
	}
	return eachInt(missing, func(id int64) { m.ids[id] = false })
}

// readAllIDs reads every member's id into m.all, as one string: a row per
// member through database/sql would cost more than the scan.
func (m *memberIndex) readAllIDs(ctx context.Context, tx *store.Tx) error {
	query := "SELECT COALESCE(string_agg(id::text, ','), '') FROM members"
	if tx.Dialect == store.SQLite {
		query = "SELECT COALESCE(group_concat(id), '') FROM members"
	}
	var list string
	if err := tx.QueryRow(ctx, query).Scan(&list); err != nil {
		return err
	}
	all := make([]int64, 0, strings.Count(list, ",")+1)
	if err := eachInt(list, func(id int64) { all = append(all, id) }); err != nil {
		return err
	}
	slices.Sort(all)
	m.all = all
	return nil
}

// lookupEmails records the member each of emails belongs to.
func (m *memberIndex) lookupEmails(ctx context.Context, tx *store.Tx, emails []string) error {
	if len(emails) == 0 {
		return nil
	}
	if !m.allEmails && m.askedEmails+len(emails) > allAfter {
		return m.readAllEmails(ctx, tx)
	}
	m.askedEmails += len(emails)
	// Each pair is the email's position in emails, from 0, and a member.
	var arg any = emails
	query := `SELECT COALESCE(string_agg((j.i - 1)::text || ':' || e.member_id::text, ','), '')
		FROM unnest(?::text[]) WITH ORDINALITY j(email, i) JOIN member_emails e ON e.email = j.email`
	if tx.Dialect == store.SQLite {
		b, err := json.Marshal(emails)
		if err != nil {
			return err
		}
		arg = string(b)
		query = `SELECT COALESCE(group_concat(j.key || ':' || e.member_id), '')
			FROM json_each(?) j JOIN member_emails e ON e.email = j.value`
	}
	var pairs string
	if err := tx.QueryRow(ctx, query, arg).Scan(&pairs); err != nil {
		return err
	}
	for pairs != "" {
		var pair string
		pair, pairs, _ = strings.Cut(pairs, ",")
		pos, member, ok := strings.Cut(pair, ":")
		i, err1 := strconv.Atoi(pos)
		id, err2 := strconv.ParseInt(member, 10, 64)
		if !ok || err1 != nil || err2 != nil || i < 0 || i >= len(emails) {
			return fmt.Errorf("unexpected email match %q", pair)
		}
		if prev := m.emails[emails[i]]; prev != 0 && prev != id {
			id = -1
		}
		m.emails[emails[i]] = id
	}
	return nil
}

// readAllEmails reads every member's emails into m.emails, in one string
// of "member:length:email" entries back to back (the length, in bytes,
// says where the email ends, whatever it holds). Emails m.emails held
// that none of them matched keep their 0: no member.
func (m *memberIndex) readAllEmails(ctx context.Context, tx *store.Tx) error {
	query := "SELECT COALESCE(string_agg(member_id::text || ':' || octet_length(email)::text || ':' || email, ''), '') FROM member_emails"
	if tx.Dialect == store.SQLite {
		query = "SELECT COALESCE(group_concat(member_id || ':' || length(CAST(email AS BLOB)) || ':' || email, ''), '') FROM member_emails"
	}
	var list string
	if err := tx.QueryRow(ctx, query).Scan(&list); err != nil {
		return err
	}
	for list != "" {
		member, rest, ok1 := strings.Cut(list, ":")
		size, rest, ok2 := strings.Cut(rest, ":")
		id, err1 := strconv.ParseInt(member, 10, 64)
		n, err2 := strconv.Atoi(size)
		if !ok1 || !ok2 || err1 != nil || err2 != nil || n < 0 || n > len(rest) {
			return fmt.Errorf("unexpected email entry near %.40q", list)
		}
		email := rest[:n]
		list = rest[n:]
		if prev := m.emails[email]; prev != 0 && prev != id {
			id = -1
		}
		m.emails[email] = id
	}
	m.allEmails = true
	return nil
}

// eachInt calls fn with each of the comma-separated whole numbers in s.
func eachInt(s string, fn func(int64)) error {
	for s != "" {
		var n string
		n, s, _ = strings.Cut(s, ",")
		v, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return fmt.Errorf("unexpected id %q", n)
		}
		fn(v)
	}
	return nil
}
