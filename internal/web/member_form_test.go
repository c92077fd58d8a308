package web

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
)

func intPtr(n int) *int { return &n }

// fullMemberForm is every field of the member form filled in.
func fullMemberForm() url.Values {
	return url.Values{
		"name":                        {"Ada Lovelace"},
		"preferred_name":              {"Ada"},
		"pronouns":                    {"she/her"},
		"emails":                      {"ada@example.org\r\n\r\nada@uni.example, lovelace@example.com"},
		"affiliation":                 {"Analytical Society"},
		"job_title":                   {"Research software engineer"},
		"orcid":                       {"0000-0002-1825-0097"},
		"country":                     {"gb"},
		"time_zone":                   {"Europe/London"},
		"career_stage":                {"early_career"},
		"status":                      {"active"},
		"joined_on":                   {"2025-11-02"},
		"source":                      {"workshop"},
		"expertise":                   {"Python, numerical methods"},
		"interests":                   {"open science,, reproducibility "},
		"languages":                   {"English, French"},
		"tags":                        {"mentor"},
		"preferences.modality":        {"written"},
		"preferences.timing":          {"asynchronous"},
		"preferences.hours_per_month": {" 4 "},
		"consent.contact":             {"1"},
		"consent.basis":               {"consent"},
		"consent.date":                {"2025-11-02"},
		"identities":                  {"github: ada\nmastodon: @ada@scholar.social\n\nhttps://ada.example.org"},
		"notes":                       {"Met at the **workshop**.\r\nKeen to mentor."},
		"custom_fields":               {"T-shirt: M\nBio: Mathematician\n  and writer\nempty:"},
	}
}

func TestParseMemberForm(t *testing.T) {
	t.Parallel()
	full := members.Member{
		Name: "Ada Lovelace", PreferredName: "Ada", Pronouns: "she/her",
		Emails: []members.Email{
			{Address: "ada@example.org", Primary: true},
			{Address: "ada@uni.example"},
			{Address: "lovelace@example.com"},
		},
		Affiliation: "Analytical Society", JobTitle: "Research software engineer",
		ORCID: "0000-0002-1825-0097", Country: "gb", TimeZone: "Europe/London",
		CareerStage: members.StageEarlyCareer, Status: members.StatusActive,
		JoinedOn: "2025-11-02", Source: "workshop",
		Expertise:   []string{"Python", "numerical methods"},
		Interests:   []string{"open science", "reproducibility"},
		Languages:   []string{"English", "French"},
		Tags:        []string{"mentor"},
		Preferences: members.Preferences{Modality: "written", Timing: "asynchronous", HoursPerMonth: intPtr(4)},
		Consent:     members.Consent{Contact: true, Basis: "consent", Date: "2025-11-02"},
		Identities: []members.Identity{
			{Platform: "github", Handle: "ada"},
			{Platform: "mastodon", Handle: "@ada@scholar.social"},
			{Platform: "website", Handle: "https://ada.example.org"},
		},
		Notes:        "Met at the **workshop**.\nKeen to mentor.",
		CustomFields: map[string]string{"T-shirt": "M", "Bio": "Mathematician\nand writer", "empty": ""},
	}
	tests := []struct {
		name       string
		form       url.Values
		want       *members.Member // nil: do not compare
		wantErrs   map[string]string
		emailLines []int
	}{
		{
			name:       "every field",
			form:       fullMemberForm(),
			want:       &full,
			emailLines: []int{1, 3, 3},
		},
		{
			name: "empty form",
			form: url.Values{},
			want: &members.Member{CustomFields: map[string]string{}},
		},
		{
			name:     "identity line without a colon",
			form:     url.Values{"identities": {"github: ada\noctocat"}},
			wantErrs: map[string]string{"identities": `line 2: write platform: handle (for example "github: octocat")`},
		},
		{
			name:     "custom field line without a colon",
			form:     url.Values{"custom_fields": {"a: 1\n\nno colon here"}},
			wantErrs: map[string]string{"custom_fields": "line 3: write name: value"},
		},
		{
			name:     "custom field twice",
			form:     url.Values{"custom_fields": {"a: 1\na: 2"}},
			wantErrs: map[string]string{"custom_fields": `line 2: "a" is listed twice`},
		},
		{
			name:     "hours not a number",
			form:     url.Values{"preferences.hours_per_month": {"a few"}},
			wantErrs: map[string]string{"preferences.hours_per_month": "must be a whole number of hours, such as 4"},
		},
		{
			name: "consent unticked",
			form: url.Values{"consent.basis": {"consent"}},
			want: &members.Member{Consent: members.Consent{Basis: "consent"}, CustomFields: map[string]string{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := parseMemberForm(tt.form)
			if tt.want != nil && !reflect.DeepEqual(in.Member, *tt.want) {
				t.Errorf("member:\n got %+v\nwant %+v", in.Member, *tt.want)
			}
			if got := in.fieldErrors(nil); !reflect.DeepEqual(got, tt.wantErrs) {
				t.Errorf("errors: got %v, want %v", got, tt.wantErrs)
			}
			if tt.emailLines != nil && !reflect.DeepEqual(in.emailLines, tt.emailLines) {
				t.Errorf("email lines: got %v, want %v", in.emailLines, tt.emailLines)
			}
		})
	}
}

// TestMemberFormErrors checks that the domain's names for list items come
// back beside the right form field, naming the line or item.
func TestMemberFormErrors(t *testing.T) {
	t.Parallel()
	form := url.Values{
		"name":          {""},
		"emails":        {"ada@example.org\n\nnot-an-address"},
		"tags":          {"ok, this tag is far too long to be a tag at all since tags are meant to be short words"},
		"identities":    {"github: ada\nGit Hub: x"},
		"custom_fields": {"Bio: x"},
		"orcid":         {"1234"},
	}
	in := parseMemberForm(form)
	_, err := members.Validate(in.Member)
	if !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("Validate: got %v, want an Invalid error", err)
	}
	got := in.fieldErrors(err)
	want := map[string]string{
		"name":       "is required",
		"emails":     "line 3: must be an email address like ada@example.org",
		"identities": "line 2: the platform must be 1 to 32 letters, digits, - or _, such as github or mastodon",
		"orcid":      got["orcid"], // the domain's wording
		"tags":       `"this tag is far too long to b…" must be at most 64 characters`,
	}
	if got["orcid"] == "" {
		t.Error("no error beside orcid")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}

	custom := memberInput{}.fieldErrors(&apperr.Error{Code: apperr.Invalid, Fields: map[string]string{
		"custom_fields.Bio": "must be at most 2000 characters",
	}})
	if want := "Bio: must be at most 2000 characters"; custom["custom_fields"] != want {
		t.Errorf("custom field error: got %q, want %q", custom["custom_fields"], want)
	}
}

// TestMemberFormRoundTrip checks that the edit form, filled in from a
// stored member, reads back as the same member.
func TestMemberFormRoundTrip(t *testing.T) {
	t.Parallel()
	m, err := members.Validate(parseMemberForm(fullMemberForm()).Member)
	if err != nil {
		t.Fatal(err)
	}
	again, err := members.Validate(parseMemberForm(memberFormValues(m)).Member)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, m) {
		t.Errorf("round trip changed the member:\n got %+v\nwant %+v", again, m)
	}
	// A secondary address listed first in storage still comes back second.
	m.Emails = []members.Email{{Address: "b@example.org"}, {Address: "a@example.org", Primary: true}}
	if got, want := memberFormValues(m).Get("emails"), "a@example.org\nb@example.org"; got != want {
		t.Errorf("emails: got %q, want %q", got, want)
	}
}

func FuzzParseMemberForm(f *testing.F) {
	f.Add("github: ada\nx", "a: 1\n  more\nb", "a@b.c, d@e.f")
	f.Fuzz(func(t *testing.T, identities, custom, emails string) {
		in := parseMemberForm(url.Values{"identities": {identities}, "custom_fields": {custom}, "emails": {emails}})
		if len(in.emailLines) != len(in.Member.Emails) || len(in.identityLines) != len(in.Member.Identities) {
			t.Fatalf("line bookkeeping out of step: %+v", in)
		}
		_, err := members.Validate(in.Member)
		_ = in.fieldErrors(err)
	})
}
