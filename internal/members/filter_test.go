package members_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
)

func TestParseFilter(t *testing.T) {
	tests := []struct {
		query string
		want  members.Filter
	}{
		{"", members.Filter{}},
		{"q=+ada+love+&sort=-joined", members.Filter{Q: "ada love", Sort: "-joined"}},
		{"status=active,lapsed&status=active&status=", members.Filter{
			Status: []members.Status{members.StatusActive, members.StatusLapsed}}},
		{"career_stage=student&career_stage=early_career", members.Filter{
			CareerStage: []members.CareerStage{members.StageEarlyCareer, members.StageStudent}}},
		{"country=ke,+de", members.Filter{Country: []string{"DE", "KE"}}},
		{"tag=Mentor&tag=mentor&tag=speaker&interest=music&expertise=R&language=English,French",
			members.Filter{Tags: []string{"Mentor", "speaker"}, Interests: []string{"music"},
				Expertise: []string{"R"}, Languages: []string{"English", "French"}}},
		{"affiliation=University+of+California,+Berkeley&source=workshop&platform=GitHub",
			members.Filter{Affiliation: "University of California, Berkeley", Source: "workshop", Platform: "github"}},
		{"joined_from=2025-01-01&joined_to=2025-12-31", members.Filter{JoinedFrom: "2025-01-01", JoinedTo: "2025-12-31"}},
		{"has_email=yes&has_orcid=0&consent=true", members.Filter{HasEmail: ptr(true), HasORCID: ptr(false), ConsentContact: ptr(true)}},
		{"has_email=&consent=", members.Filter{}},
		{"archived=only&key=1", members.Filter{Archived: members.ArchivedOnly, KeyOnly: true}},
		{"key=false", members.Filter{}},
		{"id=3,1&id=2&id=3", members.Filter{IDs: []int64{1, 2, 3}}},
		{"cursor=abc&limit=10&unknown=x", members.Filter{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := members.ParseFilter(v)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseFilter(%q) = %+v, want %+v", tt.query, got, tt.want)
			}
			// Values is the inverse of ParseFilter.
			again, err := members.ParseFilter(got.Values())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Fatalf("ParseFilter(%q) = %+v, %v; want %+v", got.Values().Encode(), again, err, got)
			}
		})
	}
}

func TestParseFilterNamesTheKey(t *testing.T) {
	tests := []struct{ query, field string }{
		{"status=paused", "status"},
		{"career_stage=postdoc", "career_stage"},
		{"country=Germany", "country"},
		{"tag=" + strings.Repeat("x", members.MaxTag+1), "tag"},
		{"joined_from=2025-02-30", "joined_from"},
		{"joined_to=tomorrow", "joined_to"},
		{"has_email=maybe", "has_email"},
		{"has_orcid=2", "has_orcid"},
		{"consent=perhaps", "consent"},
		{"platform=git+hub", "platform"},
		{"archived=all", "archived"},
		{"key=sure", "key"},
		{"id=ada", "id"},
		{"id=0", "id"},
		{"sort=age", "sort"},
		{"q=ada%00", "q"},
		{"affiliation=%FF", "affiliation"},
		{"source=" + strings.Repeat("x", 201), "source"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.query)
			_, err := members.ParseFilter(v)
			if fields := fieldsOf(t, err); fields[tt.field] == "" {
				t.Fatalf("fields = %v, want %q", fields, tt.field)
			}
		})
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "q=ada&status=active,lapsed&tag=a&tag=A", "id=1,2&has_email=no&sort=-name",
		"country=de&joined_from=2025-01-01&archived=include&key=1", "affiliation=%25_&platform=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		v, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		got, err := members.ParseFilter(v)
		if err != nil {
			return
		}
		again, err := members.ParseFilter(got.Values())
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Fatalf("round trip of %q: %+v, %v; want %+v", query, again, err, got)
		}
	})
}
