package mailinglists_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/mailinglists"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var fixed = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func services(db *store.DB) (*imports.Service, *members.Service) {
	ms := &members.Service{DB: db, Now: func() time.Time { return fixed }}
	return &imports.Service{DB: db, Members: ms, Now: func() time.Time { return fixed },
		Importers: map[string]imports.Importer{"mailchimp": mailinglists.Mailchimp{}, "listmonk": mailinglists.Listmonk{}}}, ms
}

func importFile(t *testing.T, s *imports.Service, kind, name string) imports.Run {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	run, err := s.Import(context.Background(), kind, name, bytes.NewReader(data), imports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// member finds the member with an email, failing the test when there is none.
func member(t *testing.T, ms *members.Service, email string) members.Member {
	t.Helper()
	res, err := ms.List(context.Background(), members.Filter{Q: email}, members.Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Members {
		for _, e := range m.Emails {
			if e.Address == email {
				return m
			}
		}
	}
	t.Fatalf("no member found by searching %q", email)
	return members.Member{}
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func issues(t *testing.T, s *imports.Service, run imports.Run) []string {
	t.Helper()
	list, err := s.Issues(context.Background(), run.ID, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, is := range list {
		out = append(out, fmt.Sprintf("%s:%d %s %s", is.File, is.Line, is.Kind, is.Field))
	}
	slices.Sort(out)
	return out
}

func TestImportFixtures(t *testing.T) {
	cases := []struct {
		kind, file string
		counts     imports.Counts
		issues     []string
		check      map[string]func(members.Member) bool
	}{
		{"mailchimp", "subscribed_members_export_2a1b3c4d5e.csv", imports.Counts{Rows: 8, Created: 5, Merged: 1, Refused: 2},
			[]string{"subscribed_members_export_2a1b3c4d5e.csv:6 merged ", "subscribed_members_export_2a1b3c4d5e.csv:7 refused consent.date",
				"subscribed_members_export_2a1b3c4d5e.csv:8 refused emails[0].address"},
			map[string]func(members.Member) bool{
				"ada@example.org": func(m members.Member) bool {
					return m.Name == "Ada Lovelace" && m.Affiliation == "Analytical Engine Society" && m.Country == "GB" &&
						m.TimeZone == "Europe/London" && m.JoinedOn == "2023-01-10" && m.Notes == "Met at the 2022 workshop" &&
						m.Consent == members.Consent{Contact: true, Basis: "consent", Date: "2023-01-10"} &&
						slices.Equal(m.Tags, []string{"Board member", "Mathematics", "Speaker"})
				},
				"li.lei@example.cn": func(m members.Member) bool { return m.Name == "雷 李" && m.Affiliation == "清华大学" },
				"zoe@example.org":   func(m members.Member) bool { return m.Name == "Zoë 🌱 Green" && m.Consent.Date == "2023-03-05" },
				"geo@example.org":   func(m members.Member) bool { return m.Country == "" && m.TimeZone == "" },
			}},
		{"mailchimp", "unsubscribed_members_export_2a1b3c4d5e.csv", imports.Counts{Rows: 2, Created: 2}, nil,
			map[string]func(members.Member) bool{
				"grace@example.org": func(m members.Member) bool {
					return m.Consent == members.Consent{Date: "2024-02-03"} && m.Affiliation == "Yale" && m.Country == "US"
				},
			}},
		{"mailchimp", "cleaned_members_export_2a1b3c4d5e.csv", imports.Counts{Rows: 1, Created: 1}, nil,
			map[string]func(members.Member) bool{
				"bounced@example.net": func(m members.Member) bool {
					return m.Name == "bounced" && m.Consent == members.Consent{Date: "2024-01-20"}
				},
			}},
		{"listmonk", "listmonk_subscribers.csv", imports.Counts{Rows: 8, Created: 4, Merged: 1, Refused: 3},
			[]string{"listmonk_subscribers.csv:6 refused joined_on", "listmonk_subscribers.csv:7 refused custom_fields",
				"listmonk_subscribers.csv:8 merged ", "listmonk_subscribers.csv:9 refused status"},
			map[string]func(members.Member) bool{
				"ada@example.org": func(m members.Member) bool {
					return m.Affiliation == "Analytical Engine Society" && m.Country == "GB" && m.TimeZone == "Europe/London" &&
						m.ORCID == "0000-0002-1825-0097" && m.JoinedOn == "2024-01-15" && slices.Equal(m.Tags, []string{"math", "poetry"}) &&
						m.CustomFields["stack"] == `{"languages":["go","python"]}` && m.CustomFields["projects"] == "3" && m.Consent == members.Consent{}
				},
				"spam@example.net": func(m members.Member) bool { return m.Consent == members.Consent{Date: "2024-05-01"} },
				"maria@example.ru": func(m members.Member) bool { return m.CustomFields["country"] == "Atlantis" && m.Country == "" },
			}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				s, ms := services(db)
				run := importFile(t, s, c.kind, c.file)
				if run.Status != imports.Done || run.Counts != c.counts {
					t.Fatalf("run %s %+v, want done %+v", run.Status, run.Counts, c.counts)
				}
				if got := issues(t, s, run); c.issues != nil && !slices.Equal(got, c.issues) {
					t.Errorf("issues %q, want %q", got, c.issues)
				}
				if n := count(t, db, "members"); int64(n) != c.counts.Created {
					t.Errorf("%d members stored, want %d", n, c.counts.Created)
				}
				for email, ok := range c.check {
					if m := member(t, ms, email); !ok(m) {
						t.Errorf("%s: got %+v", email, m)
					}
				}
				again := importFile(t, s, c.kind, c.file)
				if again.Created != 0 || again.Updated != 0 || again.Conflicts != 0 {
					t.Errorf("second import %+v, want nothing created or updated", again.Counts)
				}
				if _, err := s.Undo(context.Background(), run.ID); err != nil {
					t.Fatal(err)
				}
				if n := count(t, db, "members"); n != 0 {
					t.Errorf("%d members after undo, want 0", n)
				}
			})
		})
	}
}

// Unsubscribing turns an import's "yes" into "no"; a "no" a person set by
// hand stays no when the subscribed list comes again; undo restores.
func TestConsentFollowsTheList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ms := services(db)
		ctx := context.Background()
		importFile(t, s, "mailchimp", "subscribed_members_export_2a1b3c4d5e.csv")
		unsub := importFile(t, s, "mailchimp", "unsubscribed_members_export_2a1b3c4d5e.csv")
		if unsub.Updated != 1 || unsub.Created != 1 || unsub.Conflicts != 0 {
			t.Fatalf("unsubscribed import %+v, want Ada updated and Grace created", unsub.Counts)
		}
		if c := member(t, ms, "ada@example.org").Consent; c != (members.Consent{Date: "2024-02-01"}) {
			t.Errorf("Ada's consent after unsubscribing: %+v", c)
		}
		if _, err := s.Undo(ctx, unsub.ID); err != nil {
			t.Fatal(err)
		}
		ada := member(t, ms, "ada@example.org")
		if !ada.Consent.Contact {
			t.Errorf("undo left Ada's consent %+v", ada.Consent)
		}
		if _, err := ms.Edit(ctx, ada.ID, 0, func(m members.Member) (members.Member, error) {
			m.Consent = members.Consent{}
			return m, nil
		}); err != nil {
			t.Fatal(err)
		}
		run := importFile(t, s, "mailchimp", "subscribed_members_export_2a1b3c4d5e.csv")
		if run.Conflicts != 1 || run.Updated != 0 {
			t.Errorf("subscribed again %+v, want the consent conflict and nothing updated", run.Counts)
		}
		if c := member(t, ms, "ada@example.org").Consent; c != (members.Consent{}) {
			t.Errorf("a manual no became %+v", c)
		}
		if got := issues(t, s, run); !slices.Contains(got, "subscribed_members_export_2a1b3c4d5e.csv:2 conflict consent") {
			t.Errorf("issues %q, want the consent conflict on line 2", got)
		}
	})
}

// A broken file keeps nothing and names the line.
func TestBrokenFileKeepsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := services(db)
		importFile(t, s, "listmonk", "listmonk_subscribers.csv")
		before := count(t, db, "members")
		var b strings.Builder
		b.WriteString("uuid,email,name,attributes,status,created_at,updated_at\n")
		for i := 2; i < 2000; i++ {
			fmt.Fprintf(&b, "u%d,p%d@example.org,Person %d,{},enabled,2024-01-01 00:00:00 +0000 UTC,2024-01-01 00:00:00 +0000 UTC\n", i, i, i)
		}
		b.WriteString("u,broken@example.org,Broken,\"{\n")
		run, err := s.Import(context.Background(), "listmonk", "big.csv", strings.NewReader(b.String()), imports.Options{})
		var fe *imports.FileError
		if !errors.As(err, &fe) || fe.Line != 2000 || run.Status != imports.Failed {
			t.Fatalf("error %v, run %s; want a FileError at big.csv:2000", err, run.Status)
		}
		if n := count(t, db, "members"); n != before {
			t.Errorf("%d members after a refused file, want the %d from before", n, before)
		}
	})
}
