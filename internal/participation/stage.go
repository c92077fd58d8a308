package participation

// Stage is where a member is on their journey with the community, read
// beside their mode: a newcomer still finding their way, a regular
// contributor, someone drifting away. It is derived, never set by hand.
type Stage string

const (
	StageNone          Stage = "none" // no activity recorded
	StageNewcomer      Stage = "newcomer"
	StageExploring     Stage = "exploring"
	StageParticipating Stage = "participating"
	StageContributing  Stage = "contributing"
	StageLeading       Stage = "leading"
	StageDrifting      Stage = "drifting"
	StageLapsed        Stage = "lapsed"
)

// RegularDaysMin is how many different days of the window a member in
// the contribute mode must have given something on to count as
// contributing rather than participating: once is a visit, three times
// in a quarter is a habit.
const RegularDaysMin = 3

// StageRule is one stage and the rule that gives it, in words a manager
// reads on the model page and in code that Derive applies. W is the window
// (Settings.WindowDays).
type StageRule struct {
	Stage Stage
	Label string
	Rule  string
	match func(s *Standing, st Settings) bool
}

// StageRules are the stages in the order they are tried: a member gets the
// first whose rule holds. This is the one place stages are defined; the
// model page prints Rule from here.
var StageRules = []StageRule{
	{StageNone, "Not yet active", "No activity recorded.",
		func(s *Standing, _ Settings) bool { return s.Activities == 0 }},
	{StageLapsed, "Lapsed", "No activity in the last two windows (2W days, today included): the last was on day today-2W or before.",
		func(s *Standing, st Settings) bool { return s.LastDay <= s.AsOf-2*Day(st.WindowDays) }},
	{StageDrifting, "Drifting", "Was active, now quiet: nothing in the current window (mode none), but something in the window before it.",
		func(s *Standing, _ Settings) bool { return s.Mode == NoMode }},
	{StageNewcomer, "Newcomer", "First activity within the current window (on day today-W+1 or later).",
		func(s *Standing, st Settings) bool { return s.FirstDay > s.AsOf-Day(st.WindowDays) }},
	{StageLeading, "Leading", "Current mode is co-create: they shape the community itself.",
		func(s *Standing, _ Settings) bool { return s.Mode == CoCreate }},
	{StageContributing, "Contributing", "Current mode is collaborate, or contribute with something given on at least 3 different days of the window.",
		func(s *Standing, _ Settings) bool {
			return s.Mode == Collaborate || (s.Mode == Contribute && s.RegularDays >= RegularDaysMin)
		}},
	{StageParticipating, "Participating", "Current mode is contribute, on fewer than 3 days of the window.",
		func(s *Standing, _ Settings) bool { return s.Mode == Contribute }},
	{StageExploring, "Exploring", "Current mode is convey: they take in what the community offers.",
		func(s *Standing, _ Settings) bool { return s.Mode == Convey }},
}

// stageOf applies StageRules to a derived standing.
func stageOf(s *Standing, st Settings) Stage {
	for _, r := range StageRules {
		if r.match(s, st) {
			return r.Stage
		}
	}
	return StageNone
}

// Label is the stage as the UI shows it.
func (g Stage) Label() string {
	for _, r := range StageRules {
		if r.Stage == g {
			return r.Label
		}
	}
	return string(g)
}

// Valid reports whether g is one of StageRules.
func (g Stage) Valid() bool {
	for _, r := range StageRules {
		if r.Stage == g {
			return true
		}
	}
	return false
}
