package programming

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/trellis-community/trellis/internal/store"
)

// Attendance and hosting are activities: someone recorded as having come
// to a date of a session took part in the community, and their member
// page, mode and engagement count it like a forum post or a review. Each
// entry marked as attended is mirrored by one activity of source
// "programming", written in the same transaction as the entry, so the two
// never drift: recording, changing or removing attendance, moving a date,
// renaming a session or programme, deleting one and merging two members
// all bring the activities along.
//
// Only attendance recorded on a date makes an activity, hosting included.
// A programme's hosts (programme_hosts) say who is responsible for it,
// not who hosted a given date: inventing a hosted_session for every date
// a host was named on would credit the weeks they were away and count
// twice those they are recorded at. A host who hosted is recorded with
// the host part on that date's list, and that is the fact.

// ActivityFact is one activity that attendance stands for, as
// participation stores it: source "programming", keyed by ExternalID.
type ActivityFact struct {
	MemberID   int64
	Kind       string
	OccurredAt time.Time
	Title      string
	URL        string
	ExternalID string
}

// ActivitySink writes attendance's activities inside the transaction tx
// that changes the attendance: it removes those named in gone (external
// ids) and inserts or updates each of put. participation provides it;
// app wires it into Service.Activities, so programming does not depend on
// participation.
type ActivitySink func(ctx context.Context, tx *store.Tx, gone []string, put []ActivityFact) error

// The activity kind each part counts as (participation's built-in kinds,
// which are never deleted): being there is taking in (convey), speaking
// gives one's own work (contribute), hosting shapes the programme
// (co-create).
var partKinds = map[Part]string{PartAttendee: "attended_call", PartSpeaker: "gave_talk", PartHost: "hosted_session"}

// PartKind is the activity kind a part of an occurrence counts as.
func PartKind(p Part) string {
	if k, ok := partKinds[p]; ok {
		return k
	}
	return partKinds[PartAttendee]
}

// attKey names one entry of a list: the session, the occurrence's name
// (its original start) and the member.
type attKey struct{ session, occ, member int64 }

// ActivityID is the external id of the activity standing for member's
// attendance at the occurrence of session named by occurrence (its
// original start). The part is not in it: it is the activity's kind, and
// a changed part changes the kind of the one activity in place.
func ActivityID(session, occurrence, member int64) string {
	return "attendance:" + strconv.FormatInt(session, 10) + ":" + strconv.FormatInt(occurrence, 10) + ":" + strconv.FormatInt(member, 10)
}

func (k attKey) id() string { return ActivityID(k.session, k.occ, k.member) }

// attScope is a part of session_attendance (aliased a), as a condition.
type attScope struct {
	where string
	args  []any
}

func occurrenceScope(o Occurrence, memberIDs []int64) attScope {
	return attScope{"a.session_id = ? AND a.occurrence_start = ? AND a.member_id IN (" + store.Placeholders(len(memberIDs)) + ")",
		append([]any{o.SessionID, o.key()}, store.Args(memberIDs)...)}
}

func sessionScope(id int64) attScope { return attScope{"a.session_id = ?", []any{id}} }

func programmeScope(id int64) attScope {
	return attScope{"a.session_id IN (SELECT id FROM programme_sessions WHERE programme_id = ?)", []any{id}}
}

func membersScope(ids ...int64) attScope {
	return attScope{"a.member_id IN (" + store.Placeholders(len(ids)) + ")", store.Args(ids)}
}

// attended reads the entries in sc marked as attended, with their parts.
func attended(ctx context.Context, q store.Querier, sc attScope) (map[attKey]Part, error) {
	rows, err := q.Query(ctx, "SELECT a.session_id, a.occurrence_start, a.member_id, a.role FROM session_attendance a WHERE "+
		sc.where+" AND a.attended = 'yes'", sc.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[attKey]Part{}
	for rows.Next() {
		var k attKey
		var p Part
		if err := rows.Scan(&k.session, &k.occ, &k.member, &p); err != nil {
			return nil, err
		}
		out[k] = p
	}
	return out, rows.Err()
}

// beforeChange is what a change to the entries in sc starts from: the
// entries attended, whose activities exist. Call it before the change
// and hand the result to syncActivities after.
func (s *Service) beforeChange(ctx context.Context, tx *store.Tx, sc attScope) (map[attKey]Part, error) {
	if s.Activities == nil {
		return nil, nil
	}
	return attended(ctx, tx, sc)
}

// syncActivities brings the activities of the entries in sc in line with
// them after a change, given the entries attended before it: those no
// longer attended (or gone, or moved to another name) lose their
// activity, the others get theirs written as they now stand.
func (s *Service) syncActivities(ctx context.Context, tx *store.Tx, sc attScope, before map[attKey]Part) error {
	if s.Activities == nil {
		return nil
	}
	after, err := attended(ctx, tx, sc)
	if err != nil {
		return err
	}
	var gone []string
	for k := range before {
		if _, ok := after[k]; !ok {
			gone = append(gone, k.id())
		}
	}
	put, err := activityFacts(ctx, tx, after)
	if err != nil {
		return err
	}
	if len(gone) == 0 && len(put) == 0 {
		return nil
	}
	if err := s.Activities(ctx, tx, gone, put); err != nil {
		return fmt.Errorf("attendance activities: %w", err)
	}
	return nil
}

// activityFacts are the activities entries stand for: at the date's
// actual start (a moved date's new one), titled as the session is, linked
// to the date's list.
func activityFacts(ctx context.Context, q store.Querier, entries map[attKey]Part) ([]ActivityFact, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	ids := map[int64]bool{}
	for k := range entries {
		ids[k.session] = true
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sessions := map[int64]Session{}
	for i := 0; i < len(list); i += 500 {
		chunk := list[i:min(i+500, len(list))]
		xs, err := loadSessions(ctx, q, "SELECT "+sessionColumns+sessionFrom+" WHERE s.id IN ("+store.Placeholders(len(chunk))+")",
			store.Args(chunk)...)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			sessions[x.ID] = x
		}
	}
	type occ struct {
		at   time.Time
		ok   bool
		name string
	}
	occs := map[[2]int64]occ{}
	out := make([]ActivityFact, 0, len(entries))
	// In the order of the lists, so the activities' ids follow it and a
	// generated community comes out the same every time.
	keys := slices.SortedFunc(maps.Keys(entries), func(a, b attKey) int {
		return cmp.Or(cmp.Compare(a.session, b.session), cmp.Compare(a.occ, b.occ), cmp.Compare(a.member, b.member))
	})
	for _, k := range keys {
		part := entries[k]
		x, ok := sessions[k.session]
		if !ok {
			continue // deleted along with its lists
		}
		o, seen := occs[[2]int64{k.session, k.occ}]
		if !seen {
			// A date the series no longer has keeps the instant that
			// names it; the attendance guards refuse such edits, so this
			// is a fallback, not a path.
			o.at = time.Unix(k.occ, 0).UTC()
			if found, err := x.occurrenceAt(time.Unix(k.occ, 0)); err == nil {
				o.at, o.name = found.Start, found.OccurrenceName()
			}
			occs[[2]int64{k.session, k.occ}] = o
		}
		out = append(out, ActivityFact{MemberID: k.member, Kind: PartKind(part), OccurredAt: o.at.UTC(), Title: x.Name(),
			URL: attendancePath(k.session, o.name), ExternalID: k.id()})
	}
	return out, nil
}

// attendancePath is the page of the list of occurrence name of session id
// ("" for a single session).
func attendancePath(id int64, name string) string {
	p := "/sessions/" + strconv.FormatInt(id, 10) + "/attendance"
	if name != "" {
		p += "?" + url.Values{"at": {name}}.Encode()
	}
	return p
}
