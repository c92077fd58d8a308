package members_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/members"
)

func TestValidateNormalises(t *testing.T) {
	t.Parallel()
	in := members.Member{
		Name:  "  Grace Hopper ",
		ORCID: "https://orcid.org/0000-0001-5109-3700",
		Emails: []members.Email{
			{Address: " Grace@Navy.example "},
			{Address: ""}, // a blank form row
			{Address: "GH@cobol.example"},
		},
		Country:    " us ",
		TimeZone:   "America/New_York",
		Expertise:  []string{" compilers", "COBOL", "Compilers ", "", "machine   code"},
		Tags:       []string{"b", "A", "a"},
		Identities: []members.Identity{{Platform: " GitHub ", Handle: " grace "}, {Platform: "", Handle: ""}, {Platform: "bluesky", Handle: "grace.bsky.social"}},
		Notes:      "\n  Admiral.  \n",
		CustomFields: map[string]string{
			" team ": " compilers ",
			"empty":  "  ",
		},
		Preferences: members.Preferences{HoursPerMonth: ptr(0)},
	}
	got, err := members.Validate(in)
	if err != nil {
		t.Fatal(err)
	}
	want := members.Member{
		Name:         "Grace Hopper",
		ORCID:        "0000-0001-5109-3700",
		Emails:       []members.Email{{Address: "grace@navy.example", Primary: true}, {Address: "gh@cobol.example"}},
		Country:      "US",
		TimeZone:     "America/New_York",
		Status:       members.StatusActive,
		Expertise:    []string{"COBOL", "compilers", "machine code"},
		Interests:    []string{},
		Languages:    []string{},
		Tags:         []string{"A", "b"},
		Identities:   []members.Identity{{Platform: "bluesky", Handle: "grace.bsky.social"}, {Platform: "github", Handle: "grace"}},
		Notes:        "Admiral.",
		CustomFields: map[string]string{"team": "compilers"},
		Preferences:  members.Preferences{HoursPerMonth: ptr(0)},
	}
	sameMember(t, got, want)
	// The record we already hold is normalised: Validate leaves it alone.
	full := fullMember()
	again, err := members.Validate(full)
	if err != nil {
		t.Fatal(err)
	}
	sameMember(t, again, full)
}

func TestValidateNamesTheField(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		field  string
		change func(m *members.Member)
	}{
		{"name", func(m *members.Member) { m.Name = "  " }},
		{"name", func(m *members.Member) { m.Name = long(members.MaxName + 1) }},
		{"name", func(m *members.Member) { m.Name = "Ada\nLovelace" }},
		{"name", func(m *members.Member) { m.Name = "Ada \xff" }},
		{"preferred_name", func(m *members.Member) { m.PreferredName = long(201) }},
		{"pronouns", func(m *members.Member) { m.Pronouns = long(201) }},
		{"affiliation", func(m *members.Member) { m.Affiliation = long(members.MaxAffiliation + 1) }},
		{"job_title", func(m *members.Member) { m.JobTitle = "a\tb" }},
		{"source", func(m *members.Member) { m.Source = long(201) }},
		{"notes", func(m *members.Member) { m.Notes = long(members.MaxNotes + 1) }},
		{"notes", func(m *members.Member) { m.Notes = "tab\tand newline\n are fine, NUL \x00 is not" }},
		{"notes", func(m *members.Member) { m.Notes = "CRLF\r\n is fine, a lone CR\r is not" }},
		{"notes", func(m *members.Member) { m.Notes = "a C1 control \u0085 is not text" }},
		{"notes", func(m *members.Member) { m.Notes = "an overlong slash \xc0\xaf is not UTF-8" }},
		{"orcid", func(m *members.Member) { m.ORCID = "0000-0002-1825-0098" }},
		{"orcid", func(m *members.Member) { m.ORCID = "0000-0002" }},
		{"country", func(m *members.Member) { m.Country = "ZZ" }},
		{"country", func(m *members.Member) { m.Country = "Germany" }},
		{"time_zone", func(m *members.Member) { m.TimeZone = "Mars/Olympus_Mons" }},
		{"time_zone", func(m *members.Member) { m.TimeZone = "Local" }},
		{"time_zone", func(m *members.Member) { m.TimeZone = "../../etc/passwd" }},
		{"career_stage", func(m *members.Member) { m.CareerStage = "postdoc" }},
		{"status", func(m *members.Member) { m.Status = "paused" }},
		{"joined_on", func(m *members.Member) { m.JoinedOn = "2024-02-30" }},
		{"joined_on", func(m *members.Member) { m.JoinedOn = "1/5/2024" }},
		{"preferences.modality", func(m *members.Member) { m.Preferences.Modality = "visual" }},
		{"preferences.timing", func(m *members.Member) { m.Preferences.Timing = "sometimes" }},
		{"preferences.hours_per_month", func(m *members.Member) { m.Preferences.HoursPerMonth = ptr(-1) }},
		{"preferences.hours_per_month", func(m *members.Member) { m.Preferences.HoursPerMonth = ptr(201) }},
		{"consent.basis", func(m *members.Member) { m.Consent.Basis = "because" }},
		{"consent.date", func(m *members.Member) { m.Consent.Date = "yesterday" }},
		{"emails[1].address", func(m *members.Member) { m.Emails[1].Address = "not an address" }},
		{"emails[1].address", func(m *members.Member) { m.Emails[1].Address = "Ada <ada@example.net>" }},
		{"emails[1].address", func(m *members.Member) { m.Emails[1].Address = "ADA@example.org" }},
		{"emails[1].address", func(m *members.Member) { m.Emails[1].Address = long(250) + "@x.org" }},
		{"emails[1].primary", func(m *members.Member) { m.Emails[1].Primary = true }},
		{"emails", func(m *members.Member) {
			for i := range members.MaxEmails {
				m.Emails = append(m.Emails, members.Email{Address: fmt.Sprintf("a%d@example.net", i)})
			}
		}},
		{"expertise[2]", func(m *members.Member) { m.Expertise = append(m.Expertise, long(members.MaxTag+1)) }},
		{"interests[0]", func(m *members.Member) { m.Interests = []string{"music, poetry"} }},
		{"languages", func(m *members.Member) {
			for i := range members.MaxTagsPerKind + 1 {
				m.Languages = append(m.Languages, fmt.Sprint("language ", i))
			}
		}},
		{"tags[1]", func(m *members.Member) { m.Tags = []string{"ok", "bad\x00tag"} }},
		{"identities[0].platform", func(m *members.Member) { m.Identities[0].Platform = "Git Hub" }},
		{"identities[0].platform", func(m *members.Member) { m.Identities[0].Platform = long(33) }},
		{"identities[1].platform", func(m *members.Member) { m.Identities[1].Platform = "" }},
		{"identities[1].handle", func(m *members.Member) { m.Identities[1].Handle = " " }},
		{"identities[2].handle", func(m *members.Member) {
			m.Identities = append(m.Identities, members.Identity{Platform: "GitHub", Handle: "@adal"})
		}},
		{"identities", func(m *members.Member) {
			for i := range members.MaxIdentities {
				m.Identities = append(m.Identities, members.Identity{Platform: "web", Handle: fmt.Sprint(i)})
			}
		}},
		{"custom_fields", func(m *members.Member) { m.CustomFields[" "] = "value" }},
		{"custom_fields", func(m *members.Member) { m.CustomFields[long(members.MaxFieldName+1)] = "value" }},
		{"custom_fields.mentor", func(m *members.Member) { m.CustomFields["mentor"] = long(members.MaxFieldValue + 1) }},
		{"custom_fields.team", func(m *members.Member) { m.CustomFields["team"], m.CustomFields[" team"] = "a", "b" }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			m := fullMember()
			tt.change(&m)
			_, err := members.Validate(m)
			fields := fieldsOf(t, err)
			if _, ok := fields[tt.field]; !ok || len(fields) != 1 {
				t.Fatalf("fields = %v, want exactly %q", fields, tt.field)
			}
		})
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{members.StageEarlyCareer.Label(), "Early career"},
		{members.StageNonAcademic.Label(), "Non-academic"},
		{members.StageUnknown.Label(), "Not recorded"},
		{members.StatusAlumni.Label(), "Alumni"},
		{members.CountryName("DE"), "Germany"},
		{members.CountryName("XK"), "Kosovo"},
		{members.CountryName("ZZ"), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, s := range members.CareerStages() {
		if !s.Valid() || s.Label() == "" {
			t.Errorf("career stage %q has no label", s)
		}
	}
	for _, s := range members.Statuses() {
		if !s.Valid() || s.Label() == "" {
			t.Errorf("status %q has no label", s)
		}
	}
}

func TestCountries(t *testing.T) {
	t.Parallel()
	list := members.Countries()
	// Every officially assigned ISO 3166-1 code, plus XK.
	if len(list) != 250 {
		t.Fatalf("%d countries, want 250", len(list))
	}
	seen := map[string]bool{}
	for _, c := range list {
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code || c.Name == "" || seen[c.Code] {
			t.Errorf("bad or repeated entry %+v", c)
		}
		seen[c.Code] = true
	}
}
