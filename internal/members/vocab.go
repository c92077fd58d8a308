package members

import "slices"

// Status is where a member stands with the community.
type Status string

const (
	StatusProspective Status = "prospective" // interested, not yet joined
	StatusActive      Status = "active"      // the default
	StatusLapsed      Status = "lapsed"      // has drifted away
	StatusAlumni      Status = "alumni"      // has moved on, on good terms
)

var statusLabels = map[Status]string{
	StatusProspective: "Prospective",
	StatusActive:      "Active",
	StatusLapsed:      "Lapsed",
	StatusAlumni:      "Alumni",
}

// Statuses lists every status in the order the UI offers them.
func Statuses() []Status {
	return []Status{StatusProspective, StatusActive, StatusLapsed, StatusAlumni}
}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Label is the status as the UI shows it.
func (s Status) Label() string { return statusLabels[s] }

// CareerStage is where a member is in their career. Research communities
// often give students and early career researchers their own network.
type CareerStage string

const (
	StageUnknown     CareerStage = ""
	StageStudent     CareerStage = "student"
	StageEarlyCareer CareerStage = "early_career"
	StageMidCareer   CareerStage = "mid_career"
	StageSenior      CareerStage = "senior"
	StageNonAcademic CareerStage = "non_academic"
)

var stageLabels = map[CareerStage]string{
	StageUnknown:     "Not recorded",
	StageStudent:     "Student",
	StageEarlyCareer: "Early career",
	StageMidCareer:   "Mid career",
	StageSenior:      "Senior",
	StageNonAcademic: "Non-academic",
}

// CareerStages lists the recordable stages (not StageUnknown) in order.
func CareerStages() []CareerStage {
	return []CareerStage{StageStudent, StageEarlyCareer, StageMidCareer, StageSenior, StageNonAcademic}
}

// Valid reports whether c is StageUnknown or one of CareerStages.
func (c CareerStage) Valid() bool { _, ok := stageLabels[c]; return ok }

// Label is the stage as the UI shows it ("Early career").
func (c CareerStage) Label() string { return stageLabels[c] }

// ConsentBases lists the lawful bases for contacting a member (GDPR
// Article 6), as stored in Consent.Basis.
func ConsentBases() []string {
	return []string{"consent", "legitimate_interest", "contract", "legal_obligation", "public_task", "vital_interests"}
}

var (
	modalities = []string{"written", "spoken", "both"}
	timings    = []string{"synchronous", "asynchronous", "both"}
)

// Modalities lists the accepted Preferences.Modality values besides "".
func Modalities() []string { return slices.Clone(modalities) }

// Timings lists the accepted Preferences.Timing values besides "".
func Timings() []string { return slices.Clone(timings) }

// Tag kinds as stored in member_tags.kind.
const (
	kindExpertise = "expertise"
	kindInterest  = "interest"
	kindLanguage  = "language"
	kindTag       = "tag"
)

// tagList is one kind of tag, the JSON name of its list and the member's
// list of that kind.
type tagList struct {
	kind  string
	field string
	tags  *[]string
}

// tagLists pairs each tag kind with the member's list of that kind, so
// storing, loading and merging tags never forget one. An array, not a
// slice, so that it stays on the stack: loading a page of members calls
// it for every tag row.
func tagLists(m *Member) [4]tagList {
	return [4]tagList{
		{kindExpertise, "expertise", &m.Expertise},
		{kindInterest, "interests", &m.Interests},
		{kindLanguage, "languages", &m.Languages},
		{kindTag, "tags", &m.Tags},
	}
}
