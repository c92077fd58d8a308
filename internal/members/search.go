package members

import (
	"maps"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// conds is the one place member queries are put together: it collects
// WHERE conditions with their arguments in order, so placeholders and
// values can never drift apart. Only fixed SQL fragments go in cond;
// everything a person typed goes in args.
type conds struct {
	sql  []string
	args []any
}

func (c *conds) add(cond string, args ...any) {
	c.sql = append(c.sql, cond)
	c.args = append(c.args, args...)
}

// in adds "expr IN (?, ...)" for a non-empty list.
func in[T any](c *conds, expr string, values []T) {
	if len(values) == 0 {
		return
	}
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	c.add(expr+" IN ("+placeholders(len(args))+")", args...)
}

func (c *conds) where() string {
	if len(c.sql) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.sql, " AND ")
}

// filterConds translates a normalised filter into conditions on members m.
func filterConds(d store.Dialect, f Filter) *conds {
	c := &conds{}
	switch f.Archived {
	case "":
		c.add("m.archived_at IS NULL")
	case ArchivedOnly:
		c.add("m.archived_at IS NOT NULL")
	}
	if q := store.FullTextQuery(d, searchTerms(f.Q)); q != "" {
		if d == store.Postgres {
			c.add("m.search_vector @@ to_tsquery('simple', ?)", q)
		} else {
			c.add("m.id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)", q)
		}
	}
	in(c, "m.status", f.Status)
	in(c, "m.career_stage", f.CareerStage)
	in(c, "m.country", f.Country)
	in(c, "m.id", f.IDs)
	for _, l := range []struct {
		kind string
		tags []string
	}{{kindTag, f.Tags}, {kindInterest, f.Interests}, {kindExpertise, f.Expertise}, {kindLanguage, f.Languages}} {
		for _, t := range l.tags {
			c.add("EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.kind = ? AND t.tag_key = ?)", l.kind, tagKey(t))
		}
	}
	if f.Name != "" {
		like := containsPattern(f.Name)
		c.add(`(m.sort_name LIKE ? ESCAPE '\' OR m.preferred_key LIKE ? ESCAPE '\')`, like, like)
	}
	if f.Pronouns != "" {
		c.add("m.pronouns_key = ?", pronounsKey(f.Pronouns))
	}
	if f.Affiliation != "" {
		addContains(c, d, "affiliation_key", f.Affiliation, f.commonSubstr["affiliation_key"])
	}
	if f.JobTitle != "" {
		addContains(c, d, "job_title_key", f.JobTitle, f.commonSubstr["job_title_key"])
	}
	in(c, "m.timezone", f.TimeZone)
	if f.Source != "" {
		c.add("m.source = ?", f.Source)
	}
	if f.Email != "" {
		// IN rather than EXISTS: an address is selective, and the index on
		// member_emails.email then finds the member without a scan.
		c.add("m.id IN (SELECT e.member_id FROM member_emails e WHERE e.email = ?)", f.Email)
	}
	if f.ORCID != "" {
		c.add("m.orcid = ?", f.ORCID)
	}
	for _, r := range []struct {
		expr     string
		from, to string
	}{
		{"m.joined_on", f.JoinedFrom, f.JoinedTo},
		{"m.consent_on", f.ConsentFrom, f.ConsentTo},
	} {
		if r.from != "" {
			c.add(r.expr+" >= ?", r.from)
		}
		if r.to != "" {
			c.add(r.expr+" <= ?", r.to)
		}
	}
	// Timestamps are Unix seconds: a date range is [its first day's start,
	// the day after its last day) in UTC, on the created and updated indexes.
	for _, r := range []struct {
		expr     string
		from, to string
	}{
		{"m.created_at", f.CreatedFrom, f.CreatedTo},
		{"m.updated_at", f.UpdatedFrom, f.UpdatedTo},
	} {
		if r.from != "" {
			c.add(r.expr+" >= ?", dayStart(r.from))
		}
		if r.to != "" {
			c.add(r.expr+" < ?", dayStart(r.to)+24*60*60)
		}
	}
	in(c, "m.pref_modality", f.Modality)
	in(c, "m.pref_timing", f.Timing)
	if f.MinHours != nil {
		c.add("m.pref_hours >= ?", *f.MinHours)
	}
	if f.MaxHours != nil {
		c.add("m.pref_hours <= ?", *f.MaxHours)
	}
	in(c, "m.consent_basis", f.ConsentBasis)
	if f.HasEmail != nil {
		c.add(not(!*f.HasEmail) + "EXISTS (SELECT 1 FROM member_emails e WHERE e.member_id = m.id)")
	}
	if f.HasORCID != nil {
		c.add("m.orcid IS " + not(*f.HasORCID) + "NULL")
	}
	if f.ConsentContact != nil {
		c.add("m.consent_contact = ?", *f.ConsentContact)
	}
	for _, name := range slices.Sorted(maps.Keys(f.CustomFields)) {
		if v := f.CustomFields[name]; v == AnyValue {
			c.add("m.id IN (SELECT x.member_id FROM member_fields x WHERE x.name_key = ?)", fieldKey(name))
		} else {
			c.add("m.id IN (SELECT x.member_id FROM member_fields x WHERE x.name_key = ? AND x.value_key = ?)",
				fieldKey(name), fieldKey(v))
		}
	}
	if f.Platform != "" {
		c.add("EXISTS (SELECT 1 FROM member_identities i WHERE i.member_id = m.id AND i.platform = ?)", f.Platform)
	}
	if f.KeyOnly {
		c.add("EXISTS (SELECT 1 FROM key_members k WHERE k.member_id = m.id)")
	}
	return c
}

func not(b bool) string {
	if b {
		return "NOT "
	}
	return ""
}

// containsPattern is the LIKE pattern for "contains s", folded as the
// *_key columns it is matched against are.
func containsPattern(s string) string { return "%" + escapeLike(foldKey(s)) + "%" }

// escapeLike makes % and _ in what a person typed match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// sortKey is one way of ordering the list: the SQL expression it orders by
// (always followed by m.id, so the order is total) and its direction.
type sortKey struct {
	sort    string // as in Filter.Sort, with "-" when descending
	expr    string
	numeric bool
	desc    bool
}

// sortKeys' expressions match the indexes in the members migration
// exactly, so each sort reads an index instead of sorting the table.
var sortKeys = map[string]sortKey{
	"name":    {expr: "m.sort_name"},
	"joined":  {expr: "COALESCE(m.joined_on, '')"},
	"created": {expr: "m.created_at", numeric: true},
	"updated": {expr: "m.updated_at", numeric: true},
}

// parseSort returns the sort for a normalised Filter.Sort.
func parseSort(s string) sortKey {
	k, ok := sortKeys[strings.TrimPrefix(s, "-")]
	if !ok {
		k, s = sortKeys["name"], "name"
	}
	k.sort, k.desc = s, strings.HasPrefix(s, "-")
	return k
}

// after adds the keyset condition for rows that come after cursor cur.
// The row-value comparison alone is exact; the redundant bound on the sort
// key lets SQLite seek into an index on an expression (joined) rather than
// scan it from the start.
func (k sortKey) after(c *conds, cur cursor) {
	op := ">"
	if k.desc {
		op = "<"
	}
	key := cur.keyArg(k)
	c.add("("+k.expr+", m.id) "+op+" (?, ?) AND "+k.expr+" "+op+"= ?", key, cur.ID, key)
}

func (k sortKey) orderBy() string {
	dir := " ASC"
	if k.desc {
		dir = " DESC"
	}
	return " ORDER BY " + k.expr + dir + ", m.id" + dir
}
