package vcard_test

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

	govcard "github.com/emersion/go-vcard"

	"github.com/trellis-community/trellis/internal/export"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/vcard"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/store/storetest"
)

var fixed = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func services(db *store.DB) (*imports.Service, *members.Service) {
	ms := &members.Service{DB: db, Now: func() time.Time { return fixed }}
	return &imports.Service{DB: db, Members: ms, Now: func() time.Time { return fixed },
		Importers: map[string]imports.Importer{"vcard": vcard.Importer{}}}, ms
}

func importFile(t *testing.T, s *imports.Service, name string) (imports.Run, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return s.Import(context.Background(), "vcard", name, bytes.NewReader(data), imports.Options{})
}

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

func TestImportFixtures(t *testing.T) {
	cases := []struct {
		file   string
		counts imports.Counts
		issues []string
		check  map[string]func(members.Member) bool
	}{
		{"apple_contacts_30.vcf", imports.Counts{Rows: 4, Created: 4}, nil, map[string]func(members.Member) bool{
			"ada@example.org": func(m members.Member) bool {
				return m.Name == "Ada Lovelace" && m.PrimaryEmail() == "ada@example.org" && len(m.Emails) == 2 &&
					m.ORCID == "0000-0002-1825-0097" && m.Country == "GB" && m.TimeZone == "Europe/London" &&
					slices.Equal(m.Tags, []string{"history", "math"}) && strings.HasSuffix(m.Notes, "poetical science 🌱.") &&
					slices.Equal(m.Identities, []members.Identity{{Platform: "github", Handle: "adalovelace"}})
			},
			"li.lei@example.cn": func(m members.Member) bool { return m.Name == "李雷" && m.Country == "CN" },
			"maria@example.ru":  func(m members.Member) bool { return m.Notes == "Zoë’s friend, met at the workshop in München." },
			"zoe@example.org":   func(m members.Member) bool { return m.Name == "Zoë 🌱 Green" && len(m.Tags) == 2 },
		}},
		{"rfc6350_40.vcf", imports.Counts{Rows: 6, Created: 3, Merged: 1, Refused: 2},
			[]string{"rfc6350_40.vcf:23 refused card", "rfc6350_40.vcf:33 refused card", "rfc6350_40.vcf:38 merged "},
			map[string]func(members.Member) bool{
				"simon@example.ca": func(m members.Member) bool {
					return m.Affiliation == "Viagenie" && m.Country == "CA" && m.Pronouns == "he/him" &&
						slices.Equal(m.Languages, []string{"en", "fr"}) && slices.Equal(m.Tags, []string{"ietf"}) && len(m.Identities) == 3
				},
				"only.an.address@example.net": func(m members.Member) bool { return m.Name == "only.an.address" },
				"grace@example.org":           func(m members.Member) bool { return m.ORCID == "0000-0001-5109-3700" },
			}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				s, ms := services(db)
				run, err := importFile(t, s, c.file)
				if err != nil {
					t.Fatal(err)
				}
				if run.Status != imports.Done || run.Counts != c.counts {
					t.Fatalf("run %s %+v, want done %+v", run.Status, run.Counts, c.counts)
				}
				list, err := s.Issues(context.Background(), run.ID, 100)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, is := range list {
					got = append(got, fmt.Sprintf("%s:%d %s %s", is.File, is.Line, is.Kind, is.Field))
				}
				slices.Sort(got)
				if !slices.Equal(got, c.issues) {
					t.Errorf("issues %q, want %q", got, c.issues)
				}
				for email, ok := range c.check {
					if m := member(t, ms, email); !ok(m) {
						t.Errorf("%s: got %+v", email, m)
					}
				}
				again, err := importFile(t, s, c.file)
				if err != nil {
					t.Fatal(err)
				}
				if again.Created != 0 || again.Updated != 0 || again.Conflicts != 0 {
					t.Errorf("second import %+v, want nothing created or updated", again.Counts)
				}
				if _, err := s.Undo(context.Background(), run.ID); err != nil {
					t.Fatal(err)
				}
				for _, table := range []string{"members", "member_emails", "member_identities"} {
					if n := count(t, db, table); n != 0 {
						t.Errorf("%d rows left in %s after undo", n, table)
					}
				}
			})
		})
	}
}

// A card cut short refuses the whole file, naming the card's line, and
// the database stays as it was.
func TestTruncatedFileKeepsNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := services(db)
		if _, err := importFile(t, s, "apple_contacts_30.vcf"); err != nil {
			t.Fatal(err)
		}
		run, err := importFile(t, s, "truncated.vcf")
		var fe *imports.FileError
		if !errors.As(err, &fe) || fe.Line != 6 || run.Status != imports.Failed || !strings.Contains(run.Error, "truncated.vcf:6") {
			t.Fatalf("error %v, run %s %q; want a FileError at truncated.vcf:6", err, run.Status, run.Error)
		}
		if n := count(t, db, "members"); n != 4 {
			t.Errorf("%d members after a refused file, want the 4 from before", n)
		}
	})
}

// What Trellis exports as vCard comes back as the same person: an
// exported card read in again changes nothing.
func TestTrellisExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ms := services(db)
		run, err := importFile(t, s, "apple_contacts_30.vcf")
		if err != nil || run.Created != 4 {
			t.Fatalf("%+v %v", run.Counts, err)
		}
		ada := member(t, ms, "ada@example.org")
		var card bytes.Buffer
		if err := govcard.NewEncoder(&card).Encode(export.Card(ada)); err != nil {
			t.Fatal(err)
		}
		again, err := s.Import(context.Background(), "vcard", "export.vcf", bytes.NewReader(card.Bytes()), imports.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Unchanged != 1 || again.Created != 0 || again.Updated != 0 {
			t.Errorf("re-import of an exported card %+v, want 1 unchanged", again.Counts)
		}
		if got := member(t, ms, "ada@example.org"); got.Version != ada.Version {
			t.Errorf("version %d -> %d", ada.Version, got.Version)
		}
	})
}
