package participation_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

// A batch naming more members by email than are looked up one query at a
// time reads every member's emails at once: each email must still find
// its member, an email with the separators of that read (":" and ",")
// included, and an unknown or shared email must still be refused.
func TestIngestManyEmailsFindTheirMembers(t *testing.T) {
	t.Parallel()
	const n = 2600 // past the members looked up one query at a time
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ms := make([]members.BulkMember, 0, n+2)
		for i := range n {
			ms = append(ms, members.BulkMember{Member: members.Member{Name: fmt.Sprintf("Member %d", i),
				Emails: []members.Email{{Address: fmt.Sprintf("m%d@example.org", i), Primary: true}}}, CreatedAt: now})
		}
		for _, name := range []string{"Twin A", "Twin B"} { // one address, two people
			ms = append(ms, members.BulkMember{Member: members.Member{Name: name,
				Emails: []members.Email{{Address: "twins@example.org", Primary: true}}}, CreatedAt: now})
		}
		var ids []int64
		if err := db.InBulkTx(f.ctx, func(tx *store.Tx) (err error) {
			ids, err = members.WriteBulk(f.ctx, tx, ms)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// An address stored before today's checks, holding the read's
		// separators.
		ms[7].Emails[0].Address = `"odd:7,x"@example.org`
		if _, err := db.Exec(f.ctx, "UPDATE member_emails SET email = ? WHERE member_id = ?", ms[7].Emails[0].Address, ids[7]); err != nil {
			t.Fatal(err)
		}
		line := func(b *strings.Builder, email, ext string) {
			fmt.Fprintf(b, "{\"member_email\": %q, \"kind\": \"attended_call\", \"occurred_at\": \"2026-11-02T10:00:00Z\", \"external_id\": %q}\n", email, ext)
		}
		var good strings.Builder
		for i := range n {
			line(&good, ms[i].Emails[0].Address, fmt.Sprintf("e%d", i))
		}
		res, err := f.ingest(good.String(), true)
		if err != nil || res.Created != n {
			t.Fatalf("good batch: %+v %v", res, err)
		}
		for _, i := range []int{0, 7, n - 1} {
			var member int64
			if err := db.QueryRow(f.ctx, "SELECT member_id FROM activities WHERE external_id = ?", fmt.Sprintf("e%d", i)).Scan(&member); err != nil {
				t.Fatal(err)
			}
			if member != ids[i] {
				t.Errorf("activity e%d went to member %d, want %d", i, member, ids[i])
			}
		}
		var bad strings.Builder
		for i := range n {
			line(&bad, ms[i].Emails[0].Address, fmt.Sprintf("b%d", i))
		}
		line(&bad, "nobody@example.org", "b-nobody")
		line(&bad, "twins@example.org", "b-twins")
		_, err = f.ingest(bad.String(), true)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
			t.Fatalf("bad batch: %v", err)
		}
		want := fmt.Sprintf("[{%d %d member_email is not the email of any member} {%d %d member_email belongs to more than one member; send member_id instead}]", n, n+1, n+1, n+2)
		if got := fmt.Sprint(ae.Items); got != want {
			t.Errorf("items\n got %s\nwant %s", got, want)
		}
		if c := f.count(t); c != n {
			t.Errorf("%d activities after the refused batch, want %d", c, n)
		}
	})
}

// Of two items with one source and external id in a batch, the first is
// the one kept, whatever order the batch is written in.
func TestIngestKeepsTheFirstOfARepeatedExternalID(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Grace's id is the higher: a batch written in member order would
		// meet Ada's item first.
		body := fmt.Sprintf(`{"member_id": %d, "kind": "gave_talk", "occurred_at": "2026-11-02T10:00:00Z", "source": "forum", "external_id": "t1"}
{"member_id": %d, "kind": "gave_talk", "occurred_at": "2026-11-01T10:00:00Z", "source": "forum", "external_id": "t1"}
{"member_id": %d, "kind": "gave_talk", "occurred_at": "2026-11-03T10:00:00Z", "source": "forum"}
`, f.ids[1], f.ids[0], f.ids[0])
		res, err := f.ingest(body, true)
		if err != nil || res.Created != 2 || res.Existing != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		var member int64
		if err := db.QueryRow(f.ctx, "SELECT member_id FROM activities WHERE source = 'forum' AND external_id = 't1'").Scan(&member); err != nil {
			t.Fatal(err)
		}
		if member != f.ids[1] {
			t.Errorf("kept member %d's item, want the first item's member %d", member, f.ids[1])
		}
	})
}
