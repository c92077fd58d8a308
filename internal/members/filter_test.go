package members_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
)

func TestParseFilter(t *testing.T) {
	t.Parallel()
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
		{"name=+%C3%89milie+&job_title=Research+Software+Engineer,+Lead&pronouns=She/Her",
			members.Filter{Name: "Émilie", JobTitle: "Research Software Engineer, Lead", Pronouns: "She/Her"}},
		{"time_zone=Europe/Berlin,Africa/Nairobi&time_zone=Europe/Berlin&time_zone=",
			members.Filter{TimeZone: []string{"Africa/Nairobi", "Europe/Berlin"}}},
		{"modality=written,both&timing=synchronous&min_hours=+4&max_hours=010",
			members.Filter{Modality: []string{"both", "written"}, Timing: []string{"synchronous"}, MinHours: ptr(4), MaxHours: ptr(10)}},
		{"min_hours=0&max_hours=0", members.Filter{MinHours: ptr(0), MaxHours: ptr(0)}},
		{"min_hours=&max_hours=", members.Filter{}},
		{"consent_basis=contract&consent_basis=consent,contract&consent_from=2024-01-01&consent_to=2024-06-30",
			members.Filter{ConsentBasis: []string{"consent", "contract"}, ConsentFrom: "2024-01-01", ConsentTo: "2024-06-30"}},
		{"email=+Ada@Example.ORG+", members.Filter{Email: "ada@example.org"}},
		{"orcid=https://orcid.org/000000021694233x", members.Filter{ORCID: "0000-0002-1694-233X"}},
		{"orcid=0000-0002-1825-0097", members.Filter{ORCID: "0000-0002-1825-0097"}},
		{"created_from=2026-01-01&created_to=2026-01-31&updated_from=2026-02-01&updated_to=2026-02-01",
			members.Filter{CreatedFrom: "2026-01-01", CreatedTo: "2026-01-31", UpdatedFrom: "2026-02-01", UpdatedTo: "2026-02-01"}},
		{"field.lab=+Wet+lab,+2nd+floor+&field.mentor=*&field.+desk+=3&field.empty=&field=x",
			members.Filter{CustomFields: map[string]string{"lab": "Wet lab, 2nd floor", "mentor": members.AnyValue, "desk": "3"}}},
		{"field.lab=A&field.lab=a&field.lab=", members.Filter{CustomFields: map[string]string{"lab": "A"}}},
		{"field.lab=a&field.Lab=A", members.Filter{CustomFields: map[string]string{"Lab": "A"}}},
		{"field.a.b=c%3Dd%26e", members.Filter{CustomFields: map[string]string{"a.b": "c=d&e"}}},
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
	t.Parallel()
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
		{"name=" + strings.Repeat("x", members.MaxName+1), "name"},
		{"job_title=line%0Abreak", "job_title"},
		{"pronouns=she%00her", "pronouns"},
		{"time_zone=Mars/Olympus_Mons", "time_zone"},
		{"time_zone=europe/berlin", "time_zone"},
		{"time_zone=Local", "time_zone"},
		{"modality=sung", "modality"},
		{"timing=weekly", "timing"},
		{"min_hours=three", "min_hours"},
		{"min_hours=1.5", "min_hours"},
		{"max_hours=-1", "max_hours"},
		{"max_hours=201", "max_hours"},
		{"max_hours=99999999999999999999", "max_hours"},
		{"min_hours=10&max_hours=5", "max_hours"},
		{"consent_basis=vibes", "consent_basis"},
		{"consent_from=2024-1-1", "consent_from"},
		{"consent_from=2024-06-01&consent_to=2024-05-01", "consent_to"},
		{"email=ada", "email"},
		{"email=Ada+Lovelace+%3Cada@example.org%3E", "email"},
		{"orcid=0000-0002-1825-0098", "orcid"},
		{"orcid=ada", "orcid"},
		{"created_from=yesterday", "created_from"},
		{"created_to=2026-02-29", "created_to"},
		{"updated_from=2026-03-02&updated_to=2026-03-01", "updated_to"},
		{"field.=x", "field"},
		{"field.+=x", "field"},
		{"field.lab=A&field.lab=B", "field.lab"},
		{"field.lab=A&field.LAB=B", "field.lab"},
		{"field." + strings.Repeat("n", members.MaxFieldName+1) + "=x", "field." + strings.Repeat("n", members.MaxFieldName+1)},
		{"field.lab=" + strings.Repeat("v", members.MaxFieldValue+1), "field.lab"},
		{"field.lab=%FF", "field.lab"},
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
		"country=de&joined_from=2025-01-01&archived=include&key=1", "affiliation=%25_&platform=x",
		"name=%C3%89mi&job_title=dev&pronouns=they&time_zone=UTC,Europe/Berlin&email=A@b.org",
		"orcid=0000000218250097&modality=written&timing=both&min_hours=1&max_hours=+20&consent_basis=consent",
		"consent_from=2024-01-01&created_to=2026-01-01&updated_from=2025-01-01&field.lab=A&field.desk=*&field.+x+=y"} {
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
