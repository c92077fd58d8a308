// Package members keeps the records of the people in a research community:
// who they are and how to reach them, where they work and at what stage of
// their career, what they know and care about, how they like to take part,
// and what they agreed to be contacted about. It validates every record the
// same way wherever it comes from (a form, the API, an import), finds and
// merges duplicates, and answers the filtered, paginated searches behind the
// members list and its saved segments.
package members

import "time"

// Member is one person in the community. The JSON names are part of the API
// contract and match the words the UI uses.
type Member struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	PreferredName string `json:"preferred_name"`
	Pronouns      string `json:"pronouns"`
	// Emails are lower-cased and unique; when there are any, exactly one is
	// primary.
	Emails      []Email `json:"emails"`
	Affiliation string  `json:"affiliation"`
	JobTitle    string  `json:"job_title"`
	// ORCID is the ORCID iD in its 0000-0002-1825-0097 form, or "".
	ORCID string `json:"orcid"`
	// Country is an upper-case ISO 3166-1 alpha-2 code, or "".
	Country string `json:"country"`
	// TimeZone is an IANA name such as "Europe/Berlin", or "".
	TimeZone    string      `json:"time_zone"`
	CareerStage CareerStage `json:"career_stage"`
	// The four tag lists are trimmed, de-duplicated ignoring case (the first
	// spelling wins) and sorted ignoring case.
	Expertise []string `json:"expertise"`
	Interests []string `json:"interests"`
	Languages []string `json:"languages"`
	Tags      []string `json:"tags"`
	// JoinedOn is the calendar date they joined, YYYY-MM-DD, or "".
	JoinedOn string `json:"joined_on"`
	// Source says how they joined, in the manager's words: "workshop",
	// "referral", "import:csv" ...
	Source       string            `json:"source"`
	Status       Status            `json:"status"`
	Preferences  Preferences       `json:"preferences"`
	Consent      Consent           `json:"consent"`
	Identities   []Identity        `json:"identities"`
	Notes        string            `json:"notes"` // Markdown, rendered elsewhere
	CustomFields map[string]string `json:"custom_fields"`
	ArchivedAt   *time.Time        `json:"archived_at"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	// Version goes up by one with every change; an edit made against an
	// older version is refused with what changed (see package versions).
	Version int64 `json:"version"`
}

// DisplayName is what to call the member: their preferred name when they
// gave one, otherwise their name.
func (m Member) DisplayName() string {
	if m.PreferredName != "" {
		return m.PreferredName
	}
	return m.Name
}

// PrimaryEmail returns the primary address, or "" when there is none.
func (m Member) PrimaryEmail() string {
	for _, e := range m.Emails {
		if e.Primary {
			return e.Address
		}
	}
	return ""
}

// Email is one of a member's addresses.
type Email struct {
	Address string `json:"address"`
	Primary bool   `json:"primary"`
}

// Identity is a member's account on another platform. Platform is a
// lower-case name (github, slack, discourse, mastodon, bluesky, linkedin,
// website, orcid ...); Handle is kept as written.
type Identity struct {
	Platform string `json:"platform"`
	Handle   string `json:"handle"`
}

// Preferences record how a member likes to take part, so programming can
// offer them a way in that suits them.
type Preferences struct {
	Modality      string `json:"modality"`        // written, spoken, both or ""
	Timing        string `json:"timing"`          // synchronous, asynchronous, both or ""
	HoursPerMonth *int   `json:"hours_per_month"` // 0..200; nil when unknown
}

// Consent records whether the community may contact the member, on which
// lawful basis (the six GDPR bases), and since when.
type Consent struct {
	Contact bool   `json:"contact"`
	Basis   string `json:"basis"`
	Date    string `json:"date"` // YYYY-MM-DD or ""
}
