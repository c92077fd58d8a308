package members

import (
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // time zones validate the same on machines without tzdata
	"unicode"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	textrule "github.com/trellis-community/trellis/internal/text"
)

// Limits on what a member record may hold. They are generous: they exist so
// a pasted document or a broken import cannot bloat the database, not to
// second-guess what a manager writes.
const (
	MaxName         = 200
	MaxShortText    = 200 // preferred name, job title, pronouns, source
	MaxAffiliation  = 300
	MaxNotes        = 100_000
	MaxEmails       = 20
	MaxEmailLength  = 254 // RFC 5321's limit on a forward path
	MaxTag          = 64
	MaxTagsPerKind  = 100
	MaxIdentities   = 50
	MaxHandle       = 200
	MaxCustomFields = 100
	MaxFieldName    = 64
	MaxFieldValue   = 2000
	MaxHoursMonth   = 200
)

// DateLayout is how calendar dates (joined on, consent date) are written.
const DateLayout = "2006-01-02"

// Validate returns m trimmed and normalised the way it would be stored, or
// an Invalid error whose Fields name every problem by its JSON path
// ("orcid", "emails[1].address", "preferences.hours_per_month"). ID and the
// timestamps are passed through untouched. Imports can call it to preview
// rows without saving them.
func Validate(m Member) (Member, error) {
	out, fe := normalise(m)
	return out, fe.Err()
}

// normalise does Validate's work, returning the problems uncombined so a
// batch can prefix them with the record's index.
func normalise(m Member) (Member, apperr.FieldErrors) {
	var fe apperr.FieldErrors
	m.Name = text(&fe, "name", m.Name, MaxName, false)
	if m.Name == "" {
		fe.Add("name", "is required")
	}
	m.PreferredName = text(&fe, "preferred_name", m.PreferredName, MaxShortText, false)
	m.Pronouns = text(&fe, "pronouns", m.Pronouns, MaxShortText, false)
	m.Affiliation = text(&fe, "affiliation", m.Affiliation, MaxAffiliation, false)
	m.JobTitle = text(&fe, "job_title", m.JobTitle, MaxShortText, false)
	m.Source = text(&fe, "source", m.Source, MaxShortText, false)
	m.Notes = text(&fe, "notes", m.Notes, MaxNotes, true)
	m.JoinedOn = date(&fe, "joined_on", m.JoinedOn)

	if s := strings.TrimSpace(m.ORCID); s != "" {
		id, problem := parseORCID(s)
		if problem != "" {
			fe.Add("orcid", "%s", problem)
		}
		m.ORCID = id
	} else {
		m.ORCID = ""
	}
	m.Country = strings.ToUpper(strings.TrimSpace(m.Country))
	if m.Country != "" && CountryName(m.Country) == "" {
		fe.Add("country", "must be a two-letter ISO country code such as DE or KE")
	}
	// A city or country that names one zone is as good as its IANA name:
	// people know where someone lives, not how the database spells it.
	if tz, err := ResolveTimeZone(m.TimeZone); err != nil {
		fe.Add("time_zone", "%s", err.Error())
	} else {
		m.TimeZone = tz
	}
	if m.Status == "" {
		m.Status = StatusActive
	}
	if !m.Status.Valid() {
		fe.Add("status", "must be one of prospective, active, lapsed, alumni")
	}
	if !m.CareerStage.Valid() {
		fe.Add("career_stage", "must be one of student, early_career, mid_career, senior, non_academic")
	}

	p := &m.Preferences
	if p.Modality != "" && !slices.Contains(modalities, p.Modality) {
		fe.Add("preferences.modality", "must be written, spoken or both")
	}
	if p.Timing != "" && !slices.Contains(timings, p.Timing) {
		fe.Add("preferences.timing", "must be synchronous, asynchronous or both")
	}
	if h := p.HoursPerMonth; h != nil {
		if *h < 0 || *h > MaxHoursMonth {
			fe.Add("preferences.hours_per_month", "must be between 0 and %d", MaxHoursMonth)
		}
		v := *h // never share the caller's pointer
		p.HoursPerMonth = &v
	}
	if m.Consent.Basis != "" && !slices.Contains(ConsentBases(), m.Consent.Basis) {
		fe.Add("consent.basis", "must be one of %s", strings.Join(ConsentBases(), ", "))
	}
	m.Consent.Date = date(&fe, "consent.date", m.Consent.Date)

	m.Emails = normaliseEmails(&fe, m.Emails)
	for _, l := range tagLists(&m) {
		*l.tags = normaliseTags(&fe, l.field, *l.tags)
	}
	m.Identities = normaliseIdentities(&fe, m.Identities)
	m.CustomFields = normaliseFields(&fe, m.CustomFields)
	return m, fe
}

// text trims s and checks that it is text by the one rule every package
// shares (valid UTF-8; no control characters but tabs and line breaks,
// since PostgreSQL cannot store a NUL and the rest only ever arrive by
// accident), at most max characters long and, unless multiline, a single
// line.
func text(fe *apperr.FieldErrors, field, s string, max int, multiline bool) string {
	s = strings.TrimSpace(s)
	if p := textrule.Problem(s); p != "" {
		fe.Add(field, "%s", p)
		return s
	}
	switch {
	case utf8.RuneCountInString(s) > max:
		fe.Add(field, "must be at most %d characters", max)
	case !multiline && strings.ContainsFunc(s, unicode.IsControl):
		fe.Add(field, "must be a single line of text")
	}
	return s
}

// date checks an optional calendar date written YYYY-MM-DD.
func date(fe *apperr.FieldErrors, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if !validDate(s) {
		fe.Add(field, "must be a date written YYYY-MM-DD")
	}
	return s
}

// validTimeZone reports whether z is an IANA time zone name. "Local"
// would mean the server's zone, which is no one's.
func validTimeZone(z string) bool {
	_, err := time.LoadLocation(z)
	return err == nil && z != "Local" && z != ""
}

func validDate(s string) bool {
	t, err := time.Parse(DateLayout, s)
	return err == nil && t.Format(DateLayout) == s
}
