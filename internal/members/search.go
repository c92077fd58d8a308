package members

import (
	"maps"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/store"
)

// filterConds translates a normalised filter into conditions on members m.
func filterConds(d store.Dialect, f Filter) *store.Where {
	c := &store.Where{}
	switch f.Archived {
	case "":
		c.Add("m.archived_at IS NULL")
	case ArchivedOnly:
		c.Add("m.archived_at IS NOT NULL")
	}
	if q := store.FullTextQuery(d, searchTerms(f.Q)); q != "" {
		if d == store.Postgres {
			c.Add("m.search_vector @@ to_tsquery('simple', ?)", q)
		} else if f.commonSearch {
			// The unary + keeps SQLite from looking members up by the
			// matches' ids, so that it reads them in the page's order.
			c.Add("+m.id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)", q)
		} else {
			c.Add("m.id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ?)", q)
		}
	}
	store.In(c, "m.status", f.Status)
	store.In(c, "m.career_stage", f.CareerStage)
	store.In(c, "m.country", f.Country)
	store.AnyOf(c, d, "m.id", f.IDs)
	for _, l := range []struct {
		kind string
		tags []string
	}{{kindTag, f.Tags}, {kindInterest, f.Interests}, {kindExpertise, f.Expertise}, {kindLanguage, f.Languages}} {
		hasAll(c, d, l.kind, l.tags)
	}
	if f.Name != "" {
		like := containsPattern(f.Name)
		c.Add(`(m.sort_name LIKE ? ESCAPE '\' OR m.preferred_key LIKE ? ESCAPE '\')`, like, like)
	}
	if f.Pronouns != "" {
		c.Add("m.pronouns_key = ?", pronounsKey(f.Pronouns))
	}
	if f.Affiliation != "" {
		addContains(c, d, "affiliation_key", f.Affiliation, f.commonSubstr["affiliation_key"] || f.substrMerge != nil)
	}
	if f.JobTitle != "" {
		addContains(c, d, "job_title_key", f.JobTitle, f.commonSubstr["job_title_key"] || f.substrMerge != nil)
	}
	store.In(c, "m.timezone", f.TimeZone)
	if f.Source != "" {
		c.Add("m.source = ?", f.Source)
	}
	if f.Email != "" {
		// IN rather than EXISTS: an address is selective, and the index on
		// member_emails.email then finds the member without a scan.
		c.Add("m.id IN (SELECT e.member_id FROM member_emails e WHERE e.email = ?)", f.Email)
	}
	if f.ORCID != "" {
		c.Add("m.orcid = ?", f.ORCID)
	}
	for _, r := range []struct {
		expr     string
		from, to string
	}{
		{"m.joined_on", f.JoinedFrom, f.JoinedTo},
		{"m.consent_on", f.ConsentFrom, f.ConsentTo},
	} {
		if r.from != "" {
			c.Add(r.expr+" >= ?", r.from)
		}
		if r.to != "" {
			c.Add(r.expr+" <= ?", r.to)
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
			c.Add(r.expr+" >= ?", dayStart(r.from))
		}
		if r.to != "" {
			c.Add(r.expr+" < ?", dayStart(r.to)+24*60*60)
		}
	}
	store.In(c, "m.pref_modality", f.Modality)
	store.In(c, "m.pref_timing", f.Timing)
	if f.MinHours != nil {
		c.Add("m.pref_hours >= ?", *f.MinHours)
	}
	if f.MaxHours != nil {
		c.Add("m.pref_hours <= ?", *f.MaxHours)
	}
	store.In(c, "m.consent_basis", f.ConsentBasis)
	if f.HasEmail != nil {
		c.Add(not(!*f.HasEmail) + "EXISTS (SELECT 1 FROM member_emails e WHERE e.member_id = m.id)")
	}
	if f.HasORCID != nil {
		c.Add("m.orcid IS " + not(*f.HasORCID) + "NULL")
	}
	if f.ConsentContact != nil {
		c.Add("m.consent_contact = ?", *f.ConsentContact)
	}
	for _, name := range slices.Sorted(maps.Keys(f.CustomFields)) {
		if v := f.CustomFields[name]; v == AnyValue {
			c.Add("m.id IN (SELECT x.member_id FROM member_fields x WHERE x.name_key = ?)", fieldKey(name))
		} else {
			c.Add("m.id IN (SELECT x.member_id FROM member_fields x WHERE x.name_key = ? AND x.value_key = ?)",
				fieldKey(name), fieldKey(v))
		}
	}
	if f.Platform != "" {
		c.Add("EXISTS (SELECT 1 FROM member_identities i WHERE i.member_id = m.id AND i.platform = ?)", f.Platform)
	}
	if f.KeyOnly {
		c.Add("EXISTS (SELECT 1 FROM key_members k WHERE k.member_id = m.id)")
	}
	return c
}

// hasAll adds "has every one of tags, of this kind" as one subquery
// however many tags there are: the members holding any of them, kept when
// they hold as many as were asked for. One EXISTS per tag made PostgreSQL
// plan a join per tag, which took 24 s for 200 tags and minutes beyond;
// this shape costs one index range per tag. The primary key (member_id,
// kind, tag_key) means a member counts each tag once, so COUNT(*) is the
// number of distinct tags matched.
func hasAll(c *store.Where, d store.Dialect, kind string, tags []string) {
	switch len(tags) {
	case 0:
		return
	case 1:
		c.Add("EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.kind = ? AND t.tag_key = ?)", kind, tagKey(tags[0]))
		return
	}
	keys := make([]string, len(tags))
	for i, t := range tags {
		keys[i] = tagKey(t)
	}
	cond, arg := store.AnyOfCond(d, "t.tag_key", keys)
	c.Add("m.id IN (SELECT t.member_id FROM member_tags t WHERE t.kind = ? AND "+cond+
		" GROUP BY t.member_id HAVING COUNT(*) = ?)", kind, arg, len(keys))
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

// keyset is the ordering the list reads its index in.
func (k sortKey) keyset() store.Keyset {
	return store.Keyset{Key: k.expr, ID: "m.id", Desc: k.desc}
}

// cursorList is the page cursor's list name for this sort, so a cursor
// from a list sorted another way is refused.
func (k sortKey) cursorList() store.CursorList {
	kind := store.TextKey
	if k.numeric {
		kind = store.IntKey
	}
	return store.CursorList{Name: "m" + k.sort, Key: kind}
}

// after adds the keyset condition for rows that come after cursor cur.
func (k sortKey) after(c *store.Where, cur store.Cursor) {
	var key any = cur.Key
	if k.numeric {
		key = cur.IntKey()
	}
	k.keyset().After(c, key, cur.ID)
}

func (k sortKey) orderBy() string { return k.keyset().OrderBy() }
