package imports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
)

// batchSize is how many records are matched and written together: one
// lookup per key kind and one bulk write per table for each batch, so the
// number of statements does not grow with the rows, and memory holds one
// batch, whatever the file's length.
const batchSize = 5000

// batchActivities bounds the activities (and records) of a batch: a
// platform's file streams a record per message or post, most of them
// Again records of people already placed, cheap to match.
const batchActivities = 50_000

// loader writes the records of one run, batch by batch, inside the run's
// transaction.
type loader struct {
	tx      *store.Tx
	now     time.Time
	runID   int64
	file    string
	counts  Counts
	issues  []Issue
	touched map[int64]bool // members a row of this run matched, created or changed
	created map[int64]bool // members this run created
	writers map[string]*writer
	// blocked refuses people erased at their request (privacy's block
	// list); nil refuses no one.
	blocked members.BlockCheck
	reviews []reviewPair // every uncertain match, for the review queue (issues are capped)
	att     *attending   // the session an attendance kind's records attended; nil for other kinds
	search  *searchFill  // SQLite: the search triggers a run took out; nil while they are in
	activityLoad
}

// writer returns the run's writer for table.
func (l *loader) writer(table string, cols []string) *writer {
	if l.writers == nil {
		l.writers = map[string]*writer{}
	}
	w, ok := l.writers[table]
	if !ok {
		w = newWriter(table, cols)
		l.writers[table] = w
	}
	return w
}

func (l *loader) close() {
	for _, w := range l.writers {
		w.close()
	}
}

// staged is a valid record, normalised, with the keys it is matched by.
type staged struct {
	rec    int // the record's index in its batch
	line   int
	m      members.Member
	fields []string
	name   string // name match key, only when there is no email or ORCID iD
	again  bool   // only carries activities for a person given earlier (Record.Again)
	digest string // rowDigest of the row as read; "" once another row is folded into it
	id     int64  // the member the row became or updated; 0 while unknown or when refused
}

func (l *loader) issue(i Issue) {
	i.File = l.file
	switch i.Kind {
	case IssueRefused:
		l.counts.Refused++
	case IssueConflict:
		l.counts.Conflicts++
	case IssueReview:
		l.counts.Review++
	}
	if len(l.issues) < maxIssues {
		l.issues = append(l.issues, i)
	}
}

// flush matches a batch against the community and writes it.
func (l *loader) flush(ctx context.Context, batch []Record) error {
	if len(batch) == 0 {
		return nil
	}
	rows := make([]staged, 0, len(batch))
	for ri, rec := range batch {
		m, fe := members.Normalise(rec.Member)
		if rec.Again {
			// Only what the person is matched by: a record the file gave
			// for them earlier said whatever was wrong with it.
			if len(fe) == 0 && len(identityKeys(m)) > 0 {
				rows = append(rows, staged{rec: ri, line: rec.Line, m: m, again: true})
			}
			continue
		}
		for f, msg := range rec.Problems {
			fe.Add(f, "%s", msg)
		}
		if len(fe) > 0 {
			var parts []string
			for _, f := range slices.Sorted(maps.Keys(fe)) {
				parts = append(parts, f+": "+fe[f])
			}
			l.issue(Issue{Line: rec.Line, Kind: IssueRefused, Field: slices.Min(slices.Collect(maps.Keys(fe))), Message: strings.Join(parts, "; ")})
			continue
		}
		st := staged{rec: ri, line: rec.Line, m: m, fields: rec.Fields, digest: rowDigest(m, rec.Fields)}
		// A platform account recognises a person as surely as an email:
		// two Meetup members who share a name are two people.
		if len(m.Emails) == 0 && m.ORCID == "" && len(identityKeys(m)) == 0 {
			st.name = members.NameMatchKey(m)
		}
		rows = append(rows, st)
	}
	rows, err := l.refuseBlocked(ctx, rows)
	if err != nil {
		return err
	}
	owners, err := l.lookup(ctx, rows)
	if err != nil {
		return err
	}

	// Plan: each row is new, folded into an earlier new row of this batch
	// (the same person twice in the file), or matched to a member.
	var fresh []*staged
	freshBy := map[string]int{} // match key -> index in fresh
	folded := map[int]int{}     // record index -> index in fresh of the row it was folded into
	var order []int64
	matched := map[int64][]*staged{}
	var again []*staged
	gaining := map[string]int64{} // keys of matched rows their member lacks, for Again rows
	for i := range rows {
		st := &rows[i]
		keys := matchKeys(st)
		var id int64
		for _, k := range keys {
			if id = owners[k]; id != 0 {
				break
			}
		}
		if st.again {
			// Placed as the member holding the identity, in the community
			// or made by this run (an earlier batch, or this one), and
			// nothing else.
			for _, k := range keys {
				if id != 0 {
					break
				}
				id = gaining[k]
			}
			st.id = id
			if id == 0 {
				for _, k := range keys {
					if j, ok := freshBy[k]; ok {
						folded[st.rec] = j
						break
					}
				}
			}
			again = append(again, st)
			continue
		}
		if id != 0 {
			if _, ok := matched[id]; !ok {
				order = append(order, id)
			}
			// The row may give the member the identity its later records
			// are matched by (a Slack account for a member found by email).
			for _, k := range keys {
				if _, ok := gaining[k]; !ok && owners[k] == 0 {
					gaining[k] = id
				}
			}
			st.id = id
			matched[id] = append(matched[id], st)
			continue
		}
		j, dup := -1, false
		for _, k := range keys {
			if j, dup = freshBy[k]; dup {
				break
			}
		}
		if dup {
			first := fresh[j]
			_, diffs := combine(&first.m, &st.m, st.fields, func(string) bool { return false })
			first.fields = union(first.fields, st.fields)
			first.digest = ""
			l.merged(st.line, first.line, 0, diffs)
			folded[st.rec] = j
			for _, k := range keys {
				if _, ok := freshBy[k]; !ok {
					freshBy[k] = j
				}
			}
			continue
		}
		for _, k := range keys {
			freshBy[k] = len(fresh)
		}
		fresh = append(fresh, st)
	}
	if err := l.update(ctx, order, matched); err != nil {
		return err
	}
	for _, st := range again {
		// The person's own row in this batch was refused: so is what
		// they did.
		if m, ok := matched[st.id]; ok && m[0].id == 0 {
			st.id = 0
		}
	}
	if err := l.create(ctx, fresh); err != nil {
		return err
	}
	ids := placed(len(batch), rows, fresh, folded)
	if err := l.attend(ctx, batch, ids); err != nil {
		return err
	}
	return l.writeActivities(ctx, batch, ids)
}

// placed gives, for each record of a batch, the member it became, was
// matched to or was folded into, and 0 for a refused record: what a
// record carries besides the person (activities, attendance) is written
// for that member.
func placed(n int, rows []staged, fresh []*staged, folded map[int]int) []int64 {
	ids := make([]int64, n)
	for _, st := range rows {
		ids[st.rec] = st.id
	}
	for rec, j := range folded {
		ids[rec] = fresh[j].id
	}
	return ids
}

// matchKeys are the keys a row is recognised by, strongest first.
func matchKeys(st *staged) []string {
	var keys []string
	for _, e := range st.m.Emails {
		keys = append(keys, "e:"+e.Address)
	}
	if st.m.ORCID != "" {
		keys = append(keys, "o:"+st.m.ORCID)
	}
	keys = append(keys, identityKeys(st.m)...)
	if st.name != "" {
		keys = append(keys, "n:"+st.name)
	}
	return keys
}

func union(a, b []string) []string {
	for _, x := range b {
		if !slices.Contains(a, x) {
			a = append(a, x)
		}
	}
	return a
}

func (l *loader) merged(line, into int, id int64, diffs []kept) {
	l.counts.Merged++
	msg := fmt.Sprintf("the same person as line %d: merged into it", into)
	if into == 0 {
		msg = "the same person as an earlier row of this file: merged into it"
	}
	for _, d := range diffs {
		msg += fmt.Sprintf("; kept %s %q over %q", d.field, d.has, d.new)
	}
	l.issue(Issue{Line: line, Kind: IssueMerged, MemberID: id, Message: msg})
}

// lookup finds the members already in the community (or created earlier
// in this run) that the rows' emails, ORCID iDs and, for rows with
// neither, names at an affiliation belong to: one query per kind of key.
// A name that several members share matches none of them.
func (l *loader) lookup(ctx context.Context, rows []staged) (map[string]int64, error) {
	var emails, orcids, names []string
	for i := range rows {
		for _, e := range rows[i].m.Emails {
			emails = append(emails, e.Address)
		}
		if o := rows[i].m.ORCID; o != "" {
			orcids = append(orcids, o)
		}
		if rows[i].name != "" {
			names = append(names, rows[i].name)
		}
	}
	owners := map[string]int64{}
	scan := func(prefix string) func(*sql.Rows) error {
		return func(r *sql.Rows) error {
			var k string
			var id int64
			if err := r.Scan(&k, &id); err != nil {
				return err
			}
			// The lowest id wins when a key is shared, so a re-run picks
			// the same member.
			if cur, ok := owners[prefix+k]; !ok || id < cur {
				owners[prefix+k] = id
			}
			return nil
		}
	}
	if err := l.each(ctx, "SELECT email, member_id FROM member_emails WHERE email", emails, "", scan("e:")); err != nil {
		return nil, err
	}
	if err := l.each(ctx, "SELECT orcid, id FROM members WHERE orcid", orcids, "", scan("o:")); err != nil {
		return nil, err
	}
	if err := l.lookupIdentities(ctx, rows, owners); err != nil {
		return nil, err
	}
	if len(names) > 0 {
		keys := make([]string, len(names))
		for i, n := range names {
			keys[i], _, _ = strings.Cut(n, "|")
		}
		count := map[string]int{}
		ids := map[string]int64{}
		err := l.each(ctx, "SELECT name_key, affiliation_key, id FROM members WHERE name_key", keys, "", func(r *sql.Rows) error {
			var nk, ak string
			var id int64
			if err := r.Scan(&nk, &ak, &id); err != nil {
				return err
			}
			count[nk+"|"+ak]++
			ids[nk+"|"+ak] = id
			return nil
		})
		if err != nil {
			return nil, err
		}
		for k, n := range count {
			if n == 1 {
				owners["n:"+k] = ids[k]
			}
		}
	}
	return owners, nil
}

// each runs "query IN (keys)" (= ANY on PostgreSQL) with the keys,
// de-duplicated, and calls fn for every row.
func (l *loader) each(ctx context.Context, query string, keys []string, tail string, fn func(*sql.Rows) error) error {
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if l.tx.Dialect == store.Postgres {
		return store.EachRow(ctx, l.tx, query+" = ANY(CAST(? AS TEXT[]))"+tail, []any{keys}, fn)
	}
	// One JSON array rather than a placeholder per key: the statement is
	// the same for every batch, prepared once.
	list, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	return store.EachRow(ctx, l.tx, query+" IN (SELECT value FROM json_each(?))"+tail, []any{string(list)}, fn)
}

// create writes the batch's new members with one bulk write per table
// (COPY on PostgreSQL), and notes each in import_changes for undo.
func (l *loader) create(ctx context.Context, fresh []*staged) error {
	if len(fresh) == 0 {
		return nil
	}
	for _, st := range fresh {
		if st.m.Source == "" {
			st.m.Source = "import"
		}
		// A row folded into another may now hold a list twice over in
		// different case: normalise the whole again (cheap, and rare).
		m, fe := members.Normalise(st.m)
		if len(fe) > 0 {
			return fmt.Errorf("line %d: merged record invalid: %v", st.line, fe.Err())
		}
		st.m = m
	}
	ids, err := l.tx.ReserveIDs(ctx, "members", len(fresh))
	if err != nil {
		return err
	}
	if l.tx.Dialect == store.SQLite {
		// Never reuse the id of a member merged away (members.NewIDFloor).
		floor, err := members.NewIDFloor(ctx, l.tx)
		if err != nil {
			return err
		}
		if floor > ids[0] {
			for i := range ids {
				ids[i] = floor + int64(i)
			}
		}
	}
	// On SQLite the new ids are consecutive (ReserveIDs), so a batch's
	// members are indexed for search by one range (see search_fill.go).
	quiet := l.tx.Dialect == store.SQLite && ids[len(ids)-1]-ids[0] == int64(len(ids)-1)
	if quiet && l.search == nil {
		if l.search, err = quietSearchTriggers(ctx, l.tx); err != nil {
			return err
		}
	}
	if err := l.writer("members", members.StoredColumns()).write(ctx, l.tx, func(yield func([]any) bool) {
		for i, st := range fresh {
			if !yield(members.StoredValues(ids[i], st.m, l.now)) {
				return
			}
		}
	}); err != nil {
		return err
	}
	if l.search != nil {
		if !quiet {
			return fmt.Errorf("new member ids %d..%d are not consecutive", ids[0], ids[len(ids)-1])
		}
		if err := l.search.add(ctx, l.tx, ids[0], ids[len(ids)-1]); err != nil {
			return err
		}
	}
	for _, t := range members.ChildTables() {
		if err := l.writer(t.Name, t.Cols).write(ctx, l.tx, func(yield func([]any) bool) {
			for i, st := range fresh {
				for _, row := range t.Rows(ids[i], &st.m) {
					if !yield(row) {
						return
					}
				}
			}
		}); err != nil {
			return err
		}
	}
	if err := l.writer("import_changes", []string{"run_id", "member_id", "action", "version_after", "row_digest"}).write(ctx, l.tx, func(yield func([]any) bool) {
		for i, id := range ids {
			var digest any
			if d := fresh[i].digest; d != "" {
				digest = d
			}
			if !yield([]any{l.runID, id, "created", int64(1), digest}) {
				return
			}
		}
	}); err != nil {
		return err
	}
	for i, id := range ids {
		l.touched[id], l.created[id] = true, true
		fresh[i].id = id
	}
	l.counts.Created += int64(len(fresh))
	return l.review(ctx, fresh, ids)
}

// review puts new members whose name (folded, in any word order) is
// already someone else's in the run's review queue: an uncertain match is
// imported as its own member, never merged or held back in silence, and a
// manager merges the two or marks them not the same person from the log.
// A later import of the same rows matches the new member by email, so the
// decision holds.
func (l *loader) review(ctx context.Context, fresh []*staged, ids []int64) error {
	keys := make([]string, 0, len(fresh))
	for _, st := range fresh {
		k, _, _ := strings.Cut(members.NameMatchKey(st.m), "|")
		keys = append(keys, k)
	}
	type other struct {
		id   int64
		name string
	}
	byKey := map[string][]other{}
	err := l.each(ctx, "SELECT name_key, id, name FROM members WHERE name_key", slices.Clone(keys), "", func(r *sql.Rows) error {
		var k string
		var o other
		if err := r.Scan(&k, &o.id, &o.name); err != nil {
			return err
		}
		byKey[k] = append(byKey[k], o)
		return nil
	})
	if err != nil {
		return err
	}
	for i, st := range fresh {
		var best other
		for _, o := range byKey[keys[i]] {
			// The earliest other member: the one most likely meant.
			if o.id != ids[i] && (best.id == 0 || o.id < best.id) {
				best = o
			}
		}
		if best.id != 0 && keys[i] != "" {
			l.reviews = append(l.reviews, reviewPair{member: ids[i], other: best.id, line: st.line})
			l.issue(Issue{Line: st.line, Kind: IssueReview, MemberID: ids[i], OtherID: best.id,
				Message: fmt.Sprintf("may be the same person as %s (#%d): same name, no shared email or ORCID iD; imported as a new member", best.name, best.id)})
		}
	}
	return nil
}

// before is what an update replaced, kept for its undo.
type before struct {
	Member  members.Member `json:"member"`
	Sources []fieldSource  `json:"sources"`
}

type fieldSource struct {
	Field  string `json:"field"`
	Source string `json:"source"`
	RunID  int64  `json:"run_id"`
	At     int64  `json:"at"`
}

// update applies the rows matched to members already in the community.
// The first row for a member in a run is compared with it: values the
// member lacks are filled in, values an import wrote are replaced, and
// values a person wrote are kept and reported as conflicts. Further rows
// for the same member in the run are folded in as merges, the first row
// winning, so a file is read the same way every time.
func (l *loader) update(ctx context.Context, order []int64, matched map[int64][]*staged) error {
	order, err := l.skipStanding(ctx, order, matched)
	if err != nil {
		return err
	}
	if len(order) == 0 {
		return nil
	}
	cur, err := members.LoadTx(ctx, l.tx, order)
	if err != nil {
		return err
	}
	byID := make(map[int64]members.Member, len(cur))
	for _, m := range cur {
		byID[m.ID] = m
	}
	sources, byImport, err := l.provenance(ctx, order)
	if err != nil {
		return err
	}
	for _, id := range order {
		old, ok := byID[id]
		if !ok {
			return fmt.Errorf("member %d matched but not found", id)
		}
		m := clone(old)
		first := !l.touched[id]
		var fields []string
		whole := first && len(matched[id]) == 1 // the member will hold this one row's values
		// Someone set "no" by hand: an empty consent is otherwise filled in
		// like any empty field, and a "yes" from a file must never undo a
		// person's "no".
		src, ok := sources[id]["consent"]
		keepNo := ok && src.Source == members.SourceManual && old.Consent == (members.Consent{})
		for k, st := range matched[id] {
			if keepNo && st.m.Consent.Contact && slices.Contains(st.fields, "consent") && first && k == 0 {
				l.issue(Issue{Line: st.line, Kind: IssueConflict, MemberID: id, Field: "consent",
					Message: fmt.Sprintf("consent was edited by hand: kept %q, the file has %q", "no", consentText(st.m.Consent))})
			}
			if !first || k > 0 {
				_, diffs := combine(&m, &st.m, withoutConsent(st.fields, keepNo && st.m.Consent.Contact), func(string) bool { return false })
				l.merged(st.line, 0, id, diffs)
				continue
			}
			manual := func(f string) bool {
				if src, ok := sources[id][f]; ok {
					return src.Source == members.SourceManual
				}
				return !byImport[id]
			}
			_, diffs := combine(&m, &st.m, withoutConsent(st.fields, keepNo && st.m.Consent.Contact), func(f string) bool { return !manual(f) })
			whole = whole && len(diffs) == 0 && !(keepNo && st.m.Consent.Contact && slices.Contains(st.fields, "consent"))
			for _, d := range diffs {
				l.issue(Issue{Line: st.line, Kind: IssueConflict, MemberID: id, Field: d.field,
					Message: fmt.Sprintf("%s was edited by hand: kept %q, the file has %q", d.field, d.has, d.new)})
			}
		}
		l.touched[id] = true
		m, fe := members.Normalise(m)
		if len(fe) > 0 {
			// What the rows add would break the record (a 21st email):
			// refuse them, leave the member as it is.
			l.issue(Issue{Line: matched[id][0].line, Kind: IssueRefused, MemberID: id, Message: "would make the member invalid: " + fe.Err().Error()})
			for _, st := range matched[id] {
				st.id = 0
			}
			continue
		}
		fields = members.ChangedFields(old, m)
		if len(fields) == 0 {
			if first {
				l.counts.Unchanged++
			}
			continue
		}
		if first {
			l.counts.Updated++
		}
		version, err := members.RewriteTx(ctx, l.tx, old, m, l.now)
		if err != nil {
			return err
		}
		if err := members.RecordFieldSources(ctx, l.tx, id, fields, members.SourceImport, l.runID, l.now); err != nil {
			return err
		}
		var prior any
		if !l.created[id] {
			b := before{Member: old}
			for _, f := range slices.Sorted(maps.Keys(sources[id])) {
				b.Sources = append(b.Sources, sources[id][f])
			}
			js, err := json.Marshal(b)
			if err != nil {
				return err
			}
			prior = string(js)
		}
		// The first change of a member in a run keeps what it was before;
		// a later one only moves version_after on.
		// The row's digest only when the member now holds what that one
		// row says; a later change in the run (a row folded in) clears it.
		var digest any
		if whole && matched[id][0].digest != "" {
			digest = matched[id][0].digest
		}
		if _, err := l.tx.Exec(ctx, `INSERT INTO import_changes (run_id, member_id, action, version_after, before, row_digest) VALUES (?, ?, 'updated', ?, ?, ?)
			ON CONFLICT (run_id, member_id) DO UPDATE SET version_after = excluded.version_after, row_digest = excluded.row_digest`, l.runID, id, version, prior, digest); err != nil {
			return err
		}
	}
	return nil
}

// provenance reads where the fields of the members ids came from, and
// which of them an import created (and no undo removed since).
func (l *loader) provenance(ctx context.Context, ids []int64) (map[int64]map[string]fieldSource, map[int64]bool, error) {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = fmt.Sprint(id)
	}
	sources := map[int64]map[string]fieldSource{}
	byImport := map[int64]bool{}
	for _, chunk := range slices.Collect(slices.Chunk(ids, 500)) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := " IN (" + store.Placeholders(len(chunk)) + ")"
		rows, err := l.tx.Query(ctx, "SELECT member_id, field, source, COALESCE(run_id, 0), at FROM member_field_sources WHERE member_id"+in, args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			var fs fieldSource
			if err := rows.Scan(&id, &fs.Field, &fs.Source, &fs.RunID, &fs.At); err != nil {
				rows.Close()
				return nil, nil, err
			}
			if sources[id] == nil {
				sources[id] = map[string]fieldSource{}
			}
			sources[id][fs.Field] = fs
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		rows, err = l.tx.Query(ctx, `SELECT c.member_id FROM import_changes c JOIN import_runs r ON r.id = c.run_id
			WHERE c.action = 'created' AND (r.status = 'done' OR r.id = ?) AND c.member_id`+in, append([]any{l.runID}, args...)...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, nil, err
			}
			byImport[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return sources, byImport, nil
}

// withoutConsent leaves "consent" out of fields when drop is set.
func withoutConsent(fields []string, drop bool) []string {
	if !drop || !slices.Contains(fields, "consent") {
		return fields
	}
	return slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == "consent" })
}

// clone copies m sharing no list or map with it.
func clone(m members.Member) members.Member {
	m.Emails = slices.Clone(m.Emails)
	m.Expertise = slices.Clone(m.Expertise)
	m.Interests = slices.Clone(m.Interests)
	m.Languages = slices.Clone(m.Languages)
	m.Tags = slices.Clone(m.Tags)
	m.Identities = slices.Clone(m.Identities)
	m.CustomFields = maps.Clone(m.CustomFields)
	return m
}

// refuseBlocked reports as refused, and leaves out, the rows naming a
// person erased at their request: an import must not bring them back,
// and the log says which line was refused and why.
func (l *loader) refuseBlocked(ctx context.Context, rows []staged) ([]staged, error) {
	if l.blocked == nil || len(rows) == 0 {
		return rows, nil
	}
	ms := make([]members.Member, len(rows))
	for i := range rows {
		ms[i] = rows[i].m
	}
	refusals, err := l.blocked(ctx, l.tx, ms)
	if err != nil || len(refusals) == 0 {
		return rows, err
	}
	out := make([]staged, 0, len(rows))
	refused := map[int]members.Refusal{}
	for _, r := range refusals {
		if _, ok := refused[r.Index]; !ok {
			refused[r.Index] = r
		}
	}
	for i, st := range rows {
		if r, ok := refused[i]; ok {
			if st.again {
				continue // reported on the person's own row
			}
			l.issue(Issue{Line: st.line, Kind: IssueRefused, Field: r.Field, Message: r.Field + ": " + r.Message})
			continue
		}
		out = append(out, st)
	}
	return out, nil
}
