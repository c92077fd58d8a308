package members

import (
	"cmp"
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// childTable describes one table holding a member's repeated values, so
// inserting, deleting and batch-preparing them is written once.
type childTable struct {
	name string
	cols []string // member_id first
	rows func(id int64, m *Member) [][]any
}

var childTables = []childTable{
	{"member_emails", []string{"member_id", "email", "is_primary", "position"}, func(id int64, m *Member) (out [][]any) {
		for i, e := range m.Emails {
			out = append(out, []any{id, e.Address, e.Primary, i})
		}
		return out
	}},
	{"member_tags", []string{"member_id", "kind", "tag", "tag_key"}, func(id int64, m *Member) (out [][]any) {
		for _, l := range tagLists(m) {
			for _, t := range *l.tags {
				out = append(out, []any{id, l.kind, t, tagKey(t)})
			}
		}
		return out
	}},
	{"member_identities", []string{"member_id", "platform", "handle", "handle_key"}, func(id int64, m *Member) (out [][]any) {
		for _, x := range m.Identities {
			out = append(out, []any{id, x.Platform, x.Handle, handleKey(x.Handle)})
		}
		return out
	}},
	{"member_fields", []string{"member_id", "name", "value", "name_key", "value_key"}, func(id int64, m *Member) (out [][]any) {
		for _, k := range slices.Sorted(maps.Keys(m.CustomFields)) {
			out = append(out, []any{id, k, m.CustomFields[k], fieldKey(k), fieldKey(m.CustomFields[k])})
		}
		return out
	}},
}

// insertSQL returns a multi-row INSERT for n rows of the table.
func (t childTable) insertSQL(n int) string {
	row := "(" + store.Placeholders(len(t.cols)) + ")"
	return "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// insertChildren writes a member's child rows with one statement per
// table, which matters on PostgreSQL where each statement is a round trip.
func insertChildren(ctx context.Context, tx *store.Tx, id int64, m Member) error {
	for _, t := range childTables {
		rows := t.rows(id, &m)
		if len(rows) == 0 {
			continue
		}
		args := make([]any, 0, len(rows)*len(t.cols))
		for _, r := range rows {
			args = append(args, r...)
		}
		if _, err := tx.Exec(ctx, t.insertSQL(len(rows)), args...); err != nil {
			return err
		}
	}
	return nil
}

func deleteChildren(ctx context.Context, tx *store.Tx, id int64) error {
	for _, t := range childTables {
		if _, err := tx.Exec(ctx, "DELETE FROM "+t.name+" WHERE member_id = ?", id); err != nil {
			return err
		}
	}
	return nil
}

// attach fills in the emails, tags, identities and custom fields of ms with
// one query per table for each chunk of members: never one per member.
// Every list and map is non-nil afterwards, so JSON shows [] and {}.
func attach(ctx context.Context, q store.Querier, ms []Member) error {
	for start := 0; start < len(ms); start += chunkSize {
		if err := attachChunk(ctx, q, ms[start:min(start+chunkSize, len(ms))]); err != nil {
			return err
		}
	}
	return nil
}

// childrenSQL reads a chunk's emails, tags, identities and custom fields
// as one statement: reading them with a statement each cost four
// executions a page, and on PostgreSQL four round trips. Each row says
// which table it comes from (0 to 3); from is childrenOf's, and each
// branch takes its own copy of the ids.
func childrenSQL(from func(table string) string) string {
	return "SELECT 0, member_id, email, '', is_primary, position" + from("member_emails") +
		" UNION ALL SELECT 1, member_id, kind, tag, FALSE, 0" + from("member_tags") +
		" UNION ALL SELECT 2, member_id, platform, handle, FALSE, 0" + from("member_identities") +
		" UNION ALL SELECT 3, member_id, name, value, FALSE, 0" + from("member_fields")
}

func attachChunk(ctx context.Context, q store.Querier, ms []Member) error {
	byID := make(map[int64]*Member, len(ms))
	args := make([]any, len(ms))
	for i := range ms {
		m := &ms[i]
		m.Emails, m.Identities, m.CustomFields = []Email{}, []Identity{}, map[string]string{}
		for _, l := range tagLists(m) {
			*l.tags = []string{}
		}
		byID[m.ID] = m
		args[i] = m.ID
	}
	from, ids := childrenOf(dialectOf(q), args)
	args = make([]any, 0, 4*len(ids))
	for range 4 {
		args = append(args, ids...)
	}
	// A member's emails are kept in their position's order, which the
	// rows do not come in.
	type email struct {
		m   *Member
		pos int
		e   Email
	}
	var emails []email
	// Scan destinations, shared by every row.
	var (
		table   int
		id      int64
		a, b    string
		primary bool
		pos     int
	)
	err := store.EachRow(ctx, q, childrenSQL(from), args, func(r *sql.Rows) error {
		if err := r.Scan(&table, &id, &a, &b, &primary, &pos); err != nil {
			return err
		}
		m := byID[id]
		switch table {
		case 0:
			emails = append(emails, email{m, pos, Email{Address: a, Primary: primary}})
		case 1:
			for _, l := range tagLists(m) {
				if l.kind == a {
					*l.tags = append(*l.tags, b)
				}
			}
		case 2:
			m.Identities = append(m.Identities, Identity{Platform: a, Handle: b})
		case 3:
			m.CustomFields[a] = b
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortStableFunc(emails, func(x, y email) int {
		if x.m != y.m {
			return cmp.Compare(x.m.ID, y.m.ID)
		}
		return cmp.Compare(x.pos, y.pos)
	})
	for _, e := range emails {
		e.m.Emails = append(e.m.Emails, e.e)
	}
	// Order in Go, not SQL: PostgreSQL's collation may not sort as Go does,
	// and a record must read back exactly as Validate returned it.
	for i := range ms {
		for _, l := range tagLists(&ms[i]) {
			sortTags(*l.tags)
		}
		slices.SortFunc(ms[i].Identities, compareIdentities)
	}
	return nil
}

// childrenOf returns the FROM clause that reads a child table's rows for
// the members ids (as query arguments) name, and the arguments it takes.
// On PostgreSQL it looks each member up in turn, which reads the table's
// member_id index whatever the planner's statistics say: with plain
// "member_id IN (...)" on a table that had not been analysed since a bulk
// load, it guessed that 50 ids would match a quarter of 719,000 tags and
// read them all (70-100 ms a page instead of under one).
func childrenOf(d store.Dialect, ids []any) (from func(table string) string, args []any) {
	if d == store.Postgres {
		list := make([]int64, len(ids))
		for i, id := range ids {
			list[i] = id.(int64)
		}
		return func(table string) string {
			return " FROM unnest(CAST(? AS BIGINT[])) AS p(id) CROSS JOIN LATERAL (SELECT * FROM " + table +
				" c WHERE c.member_id = p.id OFFSET 0) AS t" // OFFSET 0 keeps the lookup per member
		}, []any{list}
	}
	ids = padIDs(ids)
	in := " WHERE member_id IN (" + store.Placeholders(len(ids)) + ")"
	return func(table string) string { return " FROM " + table + in }, ids
}

// padIDs lengthens a list of ids to the next of a few lengths (idLengths)
// by repeating its last id, which an IN (...) reads as the same set: the
// queries' text then takes a few shapes rather than one per page length,
// and SQLite's statement cache (store.stmtCache) keeps each prepared. A
// page of the default length is read as it is.
func padIDs(ids []any) []any {
	if len(ids) == 0 {
		return ids
	}
	n := len(ids)
	if i := slices.IndexFunc(idLengths, func(l int) bool { return l >= len(ids) }); i >= 0 {
		n = idLengths[i]
	}
	out := make([]any, n)
	copy(out, ids)
	for i := len(ids); i < n; i++ {
		out[i] = ids[len(ids)-1]
	}
	return out
}

// idLengths are the lengths padIDs gives lists of ids, up to chunkSize.
var idLengths = []int{8, 16, 32, DefaultLimit, 100, 200, chunkSize}

// dialectOf is the engine behind q.
func dialectOf(q store.Querier) store.Dialect {
	switch v := q.(type) {
	case *store.DB:
		return v.Dialect
	case *store.Tx:
		return v.Dialect
	}
	return store.SQLite
}
