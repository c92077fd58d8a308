package platforms_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/platforms"
)

// summary is a file's records in a form a table can hold: per person,
// "line name|identities|emails|fields: kind@date ext, ...", the
// activities of the records marked Again (which must name, by identity
// alone, a person given earlier) added to their person's, in file order.
func summary(t *testing.T, imp imports.Importer, name string, data []byte) []string {
	t.Helper()
	type entry struct {
		head string
		acts []string
	}
	var order []*entry
	by := map[string]*entry{}
	for rec, err := range imp.Records(bytes.NewReader(data), name, nil) {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var ids, emails, acts []string
		for _, x := range rec.Member.Identities {
			ids = append(ids, x.Platform+":"+x.Handle)
		}
		for _, e := range rec.Member.Emails {
			emails = append(emails, e.Address)
		}
		for _, a := range rec.Activities {
			acts = append(acts, fmt.Sprintf("%s@%s %s", a.Kind, a.OccurredAt.Format("2006-01-02T15:04"), a.ExternalID))
		}
		key := strings.ToLower(strings.Join(ids, ","))
		if rec.Again {
			e, ok := by[key]
			if !ok || len(rec.Fields) > 0 || len(rec.Member.Emails) > 0 || len(rec.Activities) == 0 {
				t.Fatalf("line %d: a record marked Again must carry activities for an earlier person by identity alone: %+v", rec.Line, rec)
			}
			e.acts = append(e.acts, acts...)
			continue
		}
		if _, ok := by[key]; ok {
			t.Fatalf("line %d: person %s given twice whole", rec.Line, key)
		}
		e := &entry{head: fmt.Sprintf("%d %s|%s|%s|%s", rec.Line, rec.Member.Name, strings.Join(ids, ","), strings.Join(emails, ","), strings.Join(rec.Fields, ",")), acts: acts}
		by[key] = e
		order = append(order, e)
	}
	var out []string
	for _, e := range order {
		out = append(out, e.head+": "+strings.Join(e.acts, ", "))
	}
	return out
}

func TestRecords(t *testing.T) {
	cases := []struct {
		name string
		imp  imports.Importer
		file string
		data func(t *testing.T) []byte
		want []string
	}{
		{"slack export: bots, Slackbot, joins, topics, DMs left out; threads are replies", platforms.Slack{}, "export.zip", func(t *testing.T) []byte { return slackZip(t) }, []string{
			"2 Ada Lovelace|slack:U01ADA|Ada@Example.org|name,emails,time_zone,job_title,identities: " +
				"posted_chat@2024-03-01T09:00 C01GENERAL/1709283600.000200, posted_chat@2024-03-02T11:00 C01GENERAL/1709377200.000400, posted_chat@2024-03-01T09:06 G04MPIM/1709284000.000100",
			"29 山田 健二|slack:U02KENJI|kenji@example.jp|name,emails,time_zone,identities: " +
				"replied_chat@2024-03-01T10:00 C01GENERAL/1709287200.000300, replied_chat@2024-03-02T09:00 C01GENERAL/1709370000.000200, posted_chat@2024-03-01T09:01 C02RANDOM/1709283700.000100",
			"46 Zofia Wiśniewska|slack:U03NOMAIL||name,time_zone,identities: " +
				"replied_chat@2024-03-01T11:00 C01GENERAL/1709290800.000400, posted_chat@2024-03-01T09:05 G03MENTORS/1709283900.000100",
			"61 Sam Old|slack:U04GONE||name,identities: posted_chat@2024-03-02T10:00 C01GENERAL/1709373600.000300",
		}},
		{"github: pages back to back, bots and ghosts left out, a PR listed twice, a pending review", platforms.GitHub{}, "trellis_activity.json", func(t *testing.T) []byte { return readFixture(t, "github/trellis_activity.json") }, []string{
			"2 ada-l|github:ada-l||identities: " +
				"opened_issue@2024-03-01T09:00 https://github.com/trellis-community/trellis/issues/1, " +
				"opened_issue@2024-03-05T09:30 https://github.com/trellis-community/trellis/issues/5, " +
				"commented_code@2024-03-03T10:00 https://github.com/trellis-community/trellis/pull/2#discussion_r4000000001, " +
				"reviewed_pull_request@2024-03-03T10:05 https://github.com/trellis-community/trellis/pull/2#pullrequestreview-5000000001",
			"21 kenji-y|github:kenji-y||identities: " +
				"opened_pull_request@2024-03-02T11:00 https://github.com/trellis-community/trellis/pull/2, " +
				"opened_pull_request@2024-03-02T11:00 https://github.com/trellis-community/trellis/pull/2, " +
				"commented_code@2024-03-01T12:00 https://github.com/trellis-community/trellis/issues/1#issuecomment-3000000001",
		}},
		{"github: --slurp's array of pages", platforms.GitHub{}, "slurped.json", func(t *testing.T) []byte {
			return []byte(`[[{"html_url": "https://github.com/o/r/issues/9", "number": 9, "title": "Slurped", "user": {"login": "zo", "type": "User"}, "created_at": "2024-01-01T00:00:00Z"}], []]`)
		}, []string{"1 zo|github:zo||identities: opened_issue@2024-01-01T00:00 https://github.com/o/r/issues/9"}},
		{"discourse user list: system user left out, secondary emails, a staged user without a name", platforms.Discourse{}, "user_list_240301-101500.csv", func(t *testing.T) []byte {
			return readFixture(t, "discourse/user_list_240301-101500.csv")
		}, []string{
			"3 Ada Lovelace|discourse:ada|ada@example.org,ada.lovelace@uni.example|name,emails,identities: ",
			"4 山田 健二|discourse:kenji|kenji@example.jp|name,emails,identities: ",
			`5 Zofia "Zosia" Wiśniewska|discourse:zosia|zofia@example.pl|name,emails,identities: `,
			"6 staged_user|discourse:staged_user|someone@example.net|emails,identities: ",
		}},
		{"discourse posts.json: system, small actions left out", platforms.Discourse{}, "posts.json", func(t *testing.T) []byte { return readFixture(t, "discourse/posts.json") }, []string{
			"3 山田 健二|discourse:kenji||identities,name: replied_forum@2024-03-03T09:00 post:901",
			"24 Ada Lovelace|discourse:Ada||identities,name: posted_forum@2024-03-02T09:00 post:900",
			"59 New Person|discourse:newbie_42||identities,name: replied_forum@2024-03-04T09:00 post:897",
		}},
		{"discourse topic: title from the topic, whispers left out", platforms.Discourse{}, "t_43.json", func(t *testing.T) []byte { return readFixture(t, "discourse/t_43.json") }, []string{
			"4 Zofia Wiśniewska|discourse:zosia||identities,name: posted_forum@2024-03-06T08:00 post:950",
			"5 Ada Lovelace|discourse:ada||identities,name: replied_forum@2024-03-06T09:00 post:951",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := summary(t, c.imp, c.file, c.data(t))
			if !slices.Equal(got, c.want) {
				t.Errorf("records\ngot  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestTitles(t *testing.T) {
	var titles []string
	for rec, err := range (platforms.Discourse{}).Records(bytes.NewReader(readFixture(t, "discourse/t_43.json")), "t_43.json", nil) {
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range rec.Activities {
			titles = append(titles, a.Title)
		}
	}
	for rec, err := range (platforms.Slack{}).Records(bytes.NewReader(slackZip(t)), "export.zip", nil) {
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range rec.Activities {
			titles = append(titles, a.Title)
		}
	}
	// In file order: Slack's channel by channel, day by day.
	want := []string{"Started the topic Mentoring in April: who's in? 🌱", "Replied to Mentoring in April: who's in? 🌱",
		"Posted in #general", "Replied in a thread in #general", "Replied in a thread in #general",
		"Replied in a thread in #general", "Posted in #general", "Posted in #general",
		"Posted in #random", "Posted in #mentors", "Posted in a group conversation"}
	if !slices.Equal(titles, want) {
		t.Errorf("titles\ngot  %q\nwant %q", titles, want)
	}
}

// Files that cannot be read are refused whole, naming the file and line.
func TestRefusedFiles(t *testing.T) {
	zipped := slackZip(t)
	withBadDay := func() []byte {
		// A day file that is not JSON, inside an otherwise good export.
		return rezip(t, zipped, "general/2024-03-02.json", []byte("[\n  {\"type\": \"message\",\n  \"ts\": \n]"))
	}
	cases := []struct {
		name string
		imp  imports.Importer
		data []byte
		file string
		line int
		want string
	}{
		{"truncated zip", platforms.Slack{}, zipped[:len(zipped)/2], "export.zip", 0, "not a complete zip archive"},
		{"not a zip", platforms.Slack{}, []byte("id,name\n1,Ada\n"), "export.zip", 0, "not a complete zip archive"},
		{"zip without users.json", platforms.Slack{}, rezip(t, zipped, "users.json", nil), "export.zip", 0, "has no users.json"},
		{"broken day file", platforms.Slack{}, withBadDay(), "export.zip: general/2024-03-02.json", 4, "not valid JSON"},
		{"bad slack ts", platforms.Slack{}, rezip(t, zipped, "random/2024-03-01.json", []byte(`[{"type": "message", "user": "U02KENJI", "ts": "yesterday"}]`)), "export.zip: random/2024-03-01.json", 1, "not a Slack timestamp"},
		{"github cut short", platforms.GitHub{}, []byte("[\n{\"html_url\": \"https://github.com/o/r/issues/1\",\n\"user\": {\"login\": \"a\"},\n"), "gh.json", 4, "ends in the middle"},
		{"github bad date", platforms.GitHub{}, []byte("[\n\n{\"html_url\": \"https://github.com/o/r/issues/1\", \"number\": 1, \"user\": {\"login\": \"a\"}, \"created_at\": \"1 March\"}]"), "gh.json", 3, "not an RFC 3339 time"},
		{"github not an item", platforms.GitHub{}, []byte(`[{"user": {"login": "a"}, "html_url": "https://github.com/o"}]`), "gh.json", 1, "is not an issue"},
		{"github scalar", platforms.GitHub{}, []byte(`42`), "gh.json", 1, "expected a JSON array or object"},
		{"discourse csv broken quote", platforms.Discourse{}, []byte("id,name,username,email\n1,Ada,ada,a@example.org\n2,\"Kenji,kenji,k@example.jp\n"), "users.csv", 3, "quote"},
		{"discourse csv without username", platforms.Discourse{}, []byte("id,name,email\n1,Ada,a@example.org\n"), "users.csv", 1, "has no username column"},
		{"discourse post without username", platforms.Discourse{}, []byte(`{"latest_posts": [` + "\n" + `{"id": 1, "post_number": 1, "created_at": "2024-01-01T00:00:00Z"}]}`), "posts.json", 2, "no username"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			for _, e := range c.imp.Records(bytes.NewReader(c.data), "export.zip", nil) {
				if e != nil {
					err = e
					break
				}
			}
			if c.file != "export.zip" && !strings.HasPrefix(c.file, "export.zip") {
				err = nil
				for _, e := range c.imp.Records(bytes.NewReader(c.data), c.file, nil) {
					if e != nil {
						err = e
						break
					}
				}
			}
			var fe *imports.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a FileError", err)
			}
			if fe.File != c.file || fe.Line != c.line || !strings.Contains(fe.Reason, c.want) {
				t.Errorf("got %q (file %q, line %d), want file %q line %d saying %q", fe.Error(), fe.File, fe.Line, c.file, c.line, c.want)
			}
		})
	}
}
