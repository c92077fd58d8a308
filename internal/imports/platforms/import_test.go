package platforms_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/app"
	"github.com/trellis-community/trellis/internal/config"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var fixed = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func newApp(db *store.DB) *app.App {
	return app.New(config.Config{}, db, time.UTC, nil, func() time.Time { return fixed })
}

// state is what the database holds that an import changes, in a form
// tests compare: members (name and identities), activities (member name,
// kind, source, external id) and standing (member name: activities).
func state(t *testing.T, db *store.DB) (people, acts, standing []string) {
	t.Helper()
	ctx := context.Background()
	q := func(query string, fn func(s func(...any) error) string) []string {
		rows, err := db.Query(ctx, query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			out = append(out, fn(rows.Scan))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	people = q(`SELECT m.name, COALESCE((SELECT `+agg(db, "i.platform || ':' || i.handle")+` FROM member_identities i WHERE i.member_id = m.id), '') FROM members m`,
		func(scan func(...any) error) string {
			var n, ids string
			if err := scan(&n, &ids); err != nil {
				t.Fatal(err)
			}
			return n + " " + ids
		})
	acts = q(`SELECT m.name, a.kind, a.source, COALESCE(a.external_id, '') FROM activities a JOIN members m ON m.id = a.member_id`, func(scan func(...any) error) string {
		var n, k, s, e string
		if err := scan(&n, &k, &s, &e); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s %s %s %s", n, k, s, e)
	})
	standing = q(`SELECT m.name, s.activities FROM member_standing s JOIN members m ON m.id = s.member_id`, func(scan func(...any) error) string {
		var n string
		var c int
		if err := scan(&n, &c); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s: %d", n, c)
	})
	return people, acts, standing
}

// agg is each engine's sorted string aggregate of expr.
func agg(db *store.DB, expr string) string {
	if db.Dialect == store.Postgres {
		return "string_agg(" + expr + ", ',' ORDER BY " + expr + ")"
	}
	return "group_concat(" + expr + ", ',')"
}

func run(t *testing.T, a *app.App, kind, name string, data []byte) imports.Run {
	t.Helper()
	r, err := a.Imports.Import(context.Background(), kind, name, bytes.NewReader(data), imports.Options{})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return r
}

func counts(r imports.Run) string {
	return fmt.Sprintf("rows %d created %d updated %d unchanged %d merged %d refused %d review %d activities %d/%d",
		r.Rows, r.Created, r.Updated, r.Unchanged, r.Merged, r.Refused, r.Review, r.ActivitiesCreated, r.ActivitiesExisting)
}

// The same person across Slack and GitHub: matched by email on Slack and
// by GitHub login; a second import changes nothing; undo takes the run's
// members and activities back, and the standing follows.
func TestImportSlackAndGitHub(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(db)
		ada, err := a.Members.Create(ctx, members.Member{Name: "Ada Lovelace", Emails: []members.Email{{Address: "ada@example.org", Primary: true}},
			Identities: []members.Identity{{Platform: "github", Handle: "ada-l"}}})
		if err != nil {
			t.Fatal(err)
		}
		zipped := slackZip(t)
		slack := run(t, a, "slack", "export.zip", zipped)
		if got, want := counts(slack), "rows 4 created 3 updated 1 unchanged 0 merged 0 refused 0 review 0 activities 9/0"; got != want {
			t.Errorf("slack: %s, want %s", got, want)
		}
		gh := run(t, a, "github", "trellis_activity.json", readFixture(t, "github/trellis_activity.json"))
		if got, want := counts(gh), "rows 2 created 1 updated 0 unchanged 1 merged 0 refused 0 review 0 activities 6/1"; got != want {
			t.Errorf("github: %s, want %s", got, want)
		}
		people, acts, standing := state(t, db)
		wantPeople := []string{"Ada Lovelace github:ada-l,slack:U01ADA", "Sam Old slack:U04GONE", "Zofia Wiśniewska slack:U03NOMAIL",
			"kenji-y github:kenji-y", "山田 健二 slack:U02KENJI"}
		if !slices.Equal(people, wantPeople) {
			t.Errorf("members\ngot  %q\nwant %q", people, wantPeople)
		}
		if len(acts) != 9+6 {
			t.Errorf("activities: %d\n%s", len(acts), strings.Join(acts, "\n"))
		}
		for _, want := range []string{
			"Ada Lovelace reviewed_pull_request github https://github.com/trellis-community/trellis/pull/2#pullrequestreview-5000000001",
			"Ada Lovelace posted_chat slack G04MPIM/1709284000.000100",
			"kenji-y opened_pull_request github https://github.com/trellis-community/trellis/pull/2",
			"山田 健二 replied_chat slack C01GENERAL/1709287200.000300",
		} {
			if !slices.Contains(acts, want) {
				t.Errorf("no activity %q in\n%s", want, strings.Join(acts, "\n"))
			}
		}
		wantStanding := []string{"Ada Lovelace: 7", "Sam Old: 1", "Zofia Wiśniewska: 2", "kenji-y: 2", "山田 健二: 3"}
		if !slices.Equal(standing, wantStanding) {
			t.Errorf("standing\ngot  %q\nwant %q", standing, wantStanding)
		}
		got, err := a.Members.Get(ctx, ada.ID)
		if err != nil || got.TimeZone != "Europe/London" || got.JobTitle != "Research software engineer" {
			t.Errorf("Ada after the Slack import: %+v %v", got, err)
		}

		// The same files again change nothing.
		again := run(t, a, "slack", "export.zip", zipped)
		if got, want := counts(again), "rows 4 created 0 updated 0 unchanged 4 merged 0 refused 0 review 0 activities 0/9"; got != want {
			t.Errorf("slack again: %s, want %s", got, want)
		}
		ghAgain := run(t, a, "github", "trellis_activity.json", readFixture(t, "github/trellis_activity.json"))
		if got, want := counts(ghAgain), "rows 2 created 0 updated 0 unchanged 2 merged 0 refused 0 review 0 activities 0/7"; got != want {
			t.Errorf("github again: %s, want %s", got, want)
		}
		people2, acts2, standing2 := state(t, db)
		if !slices.Equal(people2, people) || !slices.Equal(acts2, acts) || !slices.Equal(standing2, standing) {
			t.Errorf("a second import changed the database:\n%q\n%q\n%q", people2, acts2, standing2)
		}

		// A truncated export is refused and changes nothing.
		_, err = a.Imports.Import(ctx, "slack", "cut.zip", bytes.NewReader(zipped[:len(zipped)*2/3]), imports.Options{})
		var fe *imports.FileError
		if !errors.As(err, &fe) || !strings.Contains(fe.Reason, "not a complete zip archive") {
			t.Errorf("truncated zip: %v", err)
		}
		people3, acts3, standing3 := state(t, db)
		if !slices.Equal(people3, people) || !slices.Equal(acts3, acts) || !slices.Equal(standing3, standing) {
			t.Errorf("a refused file changed the database")
		}

		// Undo GitHub: its new member and every activity it added go.
		if _, err := a.Imports.Undo(ctx, gh.ID); err != nil {
			t.Fatalf("undo github: %v", err)
		}
		_, acts4, standing4 := state(t, db)
		if len(acts4) != 9 || slices.ContainsFunc(acts4, func(s string) bool { return strings.Contains(s, " github ") }) {
			t.Errorf("after undoing github: %q", acts4)
		}
		wantStanding = []string{"Ada Lovelace: 3", "Sam Old: 1", "Zofia Wiśniewska: 2", "山田 健二: 3"}
		if !slices.Equal(standing4, wantStanding) {
			t.Errorf("standing after undoing github\ngot  %q\nwant %q", standing4, wantStanding)
		}
		// Undo Slack: back to Ada alone, as she was.
		if _, err := a.Imports.Undo(ctx, slack.ID); err != nil {
			t.Fatalf("undo slack: %v", err)
		}
		people5, acts5, standing5 := state(t, db)
		if !slices.Equal(people5, []string{"Ada Lovelace github:ada-l"}) || len(acts5) != 0 || len(standing5) != 0 {
			t.Errorf("after undoing both: %q %q %q", people5, acts5, standing5)
		}
		var months int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM participation_member_months").Scan(&months); err != nil || months != 0 {
			t.Errorf("figures over time still count %d member months (%v)", months, err)
		}
	})
}

// Discourse: the user list matches by email and gives the identity the
// posts then match by, whatever the username's case.
func TestImportDiscourse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(db)
		if _, err := a.Members.Create(ctx, members.Member{Name: "Ada Lovelace", Emails: []members.Email{{Address: "ada@example.org", Primary: true}}}); err != nil {
			t.Fatal(err)
		}
		users := run(t, a, "discourse", "user_list_240301-101500.csv", readFixture(t, "discourse/user_list_240301-101500.csv"))
		if got, want := counts(users), "rows 4 created 3 updated 1 unchanged 0 merged 0 refused 0 review 0 activities 0/0"; got != want {
			t.Errorf("user list: %s, want %s", got, want)
		}
		posts := run(t, a, "discourse", "posts.json", readFixture(t, "discourse/posts.json"))
		if got, want := counts(posts), "rows 3 created 1 updated 0 unchanged 2 merged 0 refused 0 review 0 activities 3/0"; got != want {
			t.Errorf("posts: %s, want %s", got, want)
		}
		// The topic's display name replaces the one the user list gave:
		// both came from an import, and the later one wins.
		topic := run(t, a, "discourse", "t_43.json", readFixture(t, "discourse/t_43.json"))
		if got, want := counts(topic), "rows 2 created 0 updated 1 unchanged 1 merged 0 refused 0 review 0 activities 2/0"; got != want {
			t.Errorf("topic: %s, want %s", got, want)
		}
		people, acts, _ := state(t, db)
		wantPeople := []string{"Ada Lovelace discourse:ada", "New Person discourse:newbie_42", "Zofia Wiśniewska discourse:zosia",
			"staged_user discourse:staged_user", "山田 健二 discourse:kenji"}
		if !slices.Equal(people, wantPeople) {
			t.Errorf("members\ngot  %q\nwant %q", people, wantPeople)
		}
		wantActs := []string{"Ada Lovelace posted_forum discourse post:900", "Ada Lovelace replied_forum discourse post:951",
			"New Person replied_forum discourse post:897", "Zofia Wiśniewska posted_forum discourse post:950",
			"山田 健二 replied_forum discourse post:901"}
		if !slices.Equal(acts, wantActs) {
			t.Errorf("activities\ngot  %q\nwant %q", acts, wantActs)
		}
		// The user list's counts are not activities: only the posts are.
		m, err := a.Members.List(ctx, members.Filter{Q: "ada@example.org"}, members.Page{Limit: 5})
		if err != nil || len(m.Members) != 1 || len(m.Members[0].Emails) != 2 {
			t.Errorf("Ada's emails after the user list: %+v %v", m.Members, err)
		}
	})
}

// A record whose activity cannot be kept (a date in the future) is still
// imported; the activity is left out and reported on its line.
func TestImportLeavesOutBadActivities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(db)
		data := []byte(`[{"html_url": "https://github.com/o/r/issues/1", "number": 1, "title": "From the future", "user": {"login": "marty"}, "created_at": "2031-01-01T00:00:00Z"},
{"html_url": "https://github.com/o/r/issues/2", "number": 2, "title": "Today", "user": {"login": "marty"}, "created_at": "2026-02-28T00:00:00Z"}]`)
		r := run(t, a, "github", "gh.json", data)
		if r.Created != 1 {
			t.Errorf("created %d", r.Created)
		}
		issues, err := a.Imports.Issues(context.Background(), r.ID, 10)
		if err != nil || len(issues) != 1 || issues[0].Line != 1 || !strings.Contains(issues[0].Message, "in the future") {
			t.Errorf("issues %+v %v", issues, err)
		}
		_, acts, _ := state(t, db)
		if !slices.Equal(acts, []string{"marty opened_issue github https://github.com/o/r/issues/2"}) {
			t.Errorf("activities %q", acts)
		}
	})
}

// A file larger than a batch, in people (5,000) and in activities
// (50,000): a person's first item comes in one batch and the rest of
// what they did in later ones, or in the same one, and every activity
// lands on the one member the person became (or already was). The same
// file again changes nothing; the file with a bad item at its very end
// keeps nothing; undo takes everything back.
//
// Batches of 50 people and 500 activities stand for the 5,000 and 50,000
// of a real import, so the file crosses a dozen of them.
func TestImportStreamsAcrossBatches(t *testing.T) {
	const people, items = 60, 520
	small := imports.Options{BatchPeople: 50, BatchActivities: 500}
	file := func(bad bool) []byte {
		var b bytes.Buffer
		b.WriteString("[\n")
		for i := range items {
			// The first pass names everyone once, in order; the rest go
			// over them backwards, so the first people's later items come
			// batches after theirs.
			p := i
			if i >= people {
				p = people - 1 - i%people
			}
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, `{"html_url": "https://github.com/o/r/issues/%d", "number": %d, "title": "Issue %d", "user": {"login": "user-%d", "type": "User"}, "created_at": "2026-01-%02dT10:00:00Z"}`,
				i+1, i+1, i+1, p, 1+i%28)
		}
		if bad {
			b.WriteString(",\n{\"html_url\": \"https://github.com/o/r/issues/x\", \"number\": 1, \"user\": {\"login\": \"late\"}, \"created_at\": \"someday\"}")
		}
		b.WriteString("\n]\n")
		return b.Bytes()
	}
	// Items per person: one, and one more for each pass that reaches them.
	want := func(p int) int {
		n := 1
		for i := people; i < items; i++ {
			if people-1-i%people == p {
				n++
			}
		}
		return n
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(db)
		// Already a member, by her GitHub login, under her own name.
		known, err := a.Members.Create(ctx, members.Member{Name: "Known Person", Identities: []members.Identity{{Platform: "github", Handle: "user-59"}}})
		if err != nil {
			t.Fatal(err)
		}
		perMember := func() map[string]int {
			rows, err := db.Query(ctx, `SELECT m.name, COUNT(*) FROM activities a JOIN members m ON m.id = a.member_id GROUP BY m.name`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[string]int{}
			for rows.Next() {
				var n string
				var c int
				if err := rows.Scan(&n, &c); err != nil {
					t.Fatal(err)
				}
				out[n] = c
			}
			return out
		}
		// Refused at the last line: nothing kept, the line named.
		_, err = a.Imports.Import(ctx, "github", "bad.json", bytes.NewReader(file(true)), small)
		var fe *imports.FileError
		if !errors.As(err, &fe) || fe.Line != items+2 || !strings.Contains(fe.Reason, "RFC 3339") {
			t.Fatalf("bad file: %v", err)
		}
		if got := perMember(); len(got) != 0 {
			t.Fatalf("a refused file kept %d members' activities", len(got))
		}

		r, err := a.Imports.Import(ctx, "github", "big.json", bytes.NewReader(file(false)), small)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := counts(r), fmt.Sprintf("rows %d created %d updated 0 unchanged 1 merged 0 refused 0 review 0 activities %d/0", people, people-1, items); got != want {
			t.Errorf("first import: %s, want %s", got, want)
		}
		got := perMember()
		if len(got) != people {
			t.Errorf("%d members with activities, want %d", len(got), people)
		}
		for _, p := range []int{0, 1, 25, 49, 50, 58} {
			if n := got[fmt.Sprintf("user-%d", p)]; n != want(p) {
				t.Errorf("user-%d has %d activities, want %d", p, n, want(p))
			}
		}
		if n := got["Known Person"]; n != want(59) {
			t.Errorf("the member already here has %d activities, want %d", n, want(59))
		}
		var total int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM activities").Scan(&total); err != nil || total != items {
			t.Errorf("%d activities (%v), want %d", total, err, items)
		}

		again, err := a.Imports.Import(ctx, "github", "big.json", bytes.NewReader(file(false)), small)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := counts(again), fmt.Sprintf("rows %d created 0 updated 0 unchanged %d merged 0 refused 0 review 0 activities 0/%d", people, people, items); got != want {
			t.Errorf("again: %s, want %s", got, want)
		}
		if got2 := perMember(); len(got2) != len(got) || got2["user-0"] != got["user-0"] {
			t.Errorf("the same file again changed the activities")
		}

		if _, err := a.Imports.Undo(ctx, r.ID); err != nil {
			t.Fatalf("undo: %v", err)
		}
		if got := perMember(); len(got) != 0 {
			t.Errorf("after undo %d members keep activities", len(got))
		}
		if m, err := a.Members.Get(ctx, known.ID); err != nil || m.Name != "Known Person" {
			t.Errorf("the member already here after undo: %+v %v", m, err)
		}
	})
}
