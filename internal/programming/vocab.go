package programming

import (
	"slices"
	"strings"
)

// Kind is what sort of programme it is.
type Kind string

const (
	CommunityCall  Kind = "community_call"
	Workshop       Kind = "workshop"
	TrainingCourse Kind = "training_course"
	Webinar        Kind = "webinar"
	Conference     Kind = "conference"
	WorkingGroup   Kind = "working_group"
	OfficeHours    Kind = "office_hours"
	Hackathon      Kind = "hackathon"
	ForumThread    Kind = "forum_discussion"
	Mentoring      Kind = "mentoring"
	CustomKind     Kind = "custom"
)

var kindLabels = map[Kind]string{
	CommunityCall: "Community call", Workshop: "Workshop", TrainingCourse: "Training course",
	Webinar: "Webinar", Conference: "Conference or meetup", WorkingGroup: "Working group",
	OfficeHours: "Office hours", Hackathon: "Hackathon", ForumThread: "Forum discussion",
	Mentoring: "Mentoring programme", CustomKind: "Other",
}

// Kinds lists every kind in the order the UI offers them.
func Kinds() []Kind {
	return []Kind{CommunityCall, Workshop, TrainingCourse, Webinar, Conference, WorkingGroup,
		OfficeHours, Hackathon, ForumThread, Mentoring, CustomKind}
}

func (k Kind) Valid() bool     { _, ok := kindLabels[k]; return ok }
func (k Kind) Label() string   { return kindLabels[k] }
func (f Format) Valid() bool   { _, ok := formatLabels[f]; return ok }
func (f Format) Label() string { return formatLabels[f] }

// Format is where a programme happens.
type Format string

const (
	Online   Format = "online"
	InPerson Format = "in_person"
	Hybrid   Format = "hybrid"
)

var formatLabels = map[Format]string{Online: "Online", InPerson: "In person", Hybrid: "Hybrid"}

// Formats lists the formats.
func Formats() []Format { return []Format{Online, InPerson, Hybrid} }

// SkillLevel is the experience a programme expects.
type SkillLevel string

const (
	AllLevels    SkillLevel = "all"
	Beginner     SkillLevel = "beginner"
	Intermediate SkillLevel = "intermediate"
	Advanced     SkillLevel = "advanced"
)

var skillLabels = map[SkillLevel]string{AllLevels: "All levels", Beginner: "Beginner", Intermediate: "Intermediate", Advanced: "Advanced"}

// SkillLevels lists the levels.
func SkillLevels() []SkillLevel { return []SkillLevel{AllLevels, Beginner, Intermediate, Advanced} }

func (l SkillLevel) Valid() bool   { _, ok := skillLabels[l]; return ok }
func (l SkillLevel) Label() string { return skillLabels[l] }

// Status is where a programme stands.
type Status string

const (
	Planned   Status = "planned"
	Open      Status = "open"
	Completed Status = "completed"
	Cancelled Status = "cancelled"
)

var statusLabels = map[Status]string{Planned: "Planned", Open: "Open", Completed: "Completed", Cancelled: "Cancelled"}

// Statuses lists the statuses.
func Statuses() []Status { return []Status{Planned, Open, Completed, Cancelled} }

func (s Status) Valid() bool   { _, ok := statusLabels[s]; return ok }
func (s Status) Label() string { return statusLabels[s] }

// Access is one accessibility feature a programme offers.
type Access string

const (
	Captions         Access = "captions"
	Recordings       Access = "recordings"
	MaterialsShared  Access = "materials_shared"
	TimeZoneFriendly Access = "time_zone_friendly"
)

var accessLabels = map[Access]string{
	Captions: "Captions", Recordings: "Recordings", MaterialsShared: "Materials shared",
	TimeZoneFriendly: "Time-zone friendly",
}

// Accesses lists the accessibility features.
func Accesses() []Access { return []Access{Captions, Recordings, MaterialsShared, TimeZoneFriendly} }

func (a Access) Valid() bool   { _, ok := accessLabels[a]; return ok }
func (a Access) Label() string { return accessLabels[a] }

// Role is what a host does for a programme.
type Role string

const (
	Host        Role = "host"
	Facilitator Role = "facilitator"
)

func (r Role) Valid() bool { return r == Host || r == Facilitator }

// Label is the role as the UI shows it.
func (r Role) Label() string {
	if r == Facilitator {
		return "Facilitator"
	}
	return "Host"
}

// joinList writes a set of names as a column: in the order all lists
// them, joined by commas.
func joinList[T ~string](values []T, all []T) string {
	var parts []string
	for _, v := range all {
		if slices.Contains(values, v) {
			parts = append(parts, string(v))
		}
	}
	return strings.Join(parts, ",")
}

// splitList reads a column joinList wrote.
func splitList[T ~string](col string) []T {
	out := []T{}
	for p := range strings.SplitSeq(col, ",") {
		if p != "" {
			out = append(out, T(p))
		}
	}
	return out
}
