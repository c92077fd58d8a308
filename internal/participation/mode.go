package participation

// Mode is one of the four modes of the CSCCE Community Participation Model
// (Woodley, Pratt and Santistevan, 2022). A member can be active in
// several at once and moves between them in both directions: the order
// below is one of depth of involvement, not a ladder everyone must climb.
type Mode string

const (
	Convey      Mode = "convey"      // information flows out; members take it in
	Contribute  Mode = "contribute"  // members give something of their own
	Collaborate Mode = "collaborate" // members work with each other toward a shared output
	CoCreate    Mode = "co_create"   // members shape the community itself with its hosts
)

type modeInfo struct {
	label, about string
}

var modeInfos = map[Mode]modeInfo{
	Convey:      {"Convey", "Information flows out to members, who take it in: reading a newsletter, watching a webinar, attending a talk."},
	Contribute:  {"Contribute", "Members give something of their own: ask or answer a question, share a resource, give feedback, submit a fix."},
	Collaborate: {"Collaborate", "Members work with each other toward a shared output: working groups, co-authored guides, joint projects."},
	CoCreate:    {"Co-create", "Members shape the community itself with its hosts: co-organising programming, governance, community-led initiatives."},
}

// Modes lists the four modes from the lightest involvement to the deepest.
func Modes() []Mode { return []Mode{Convey, Contribute, Collaborate, CoCreate} }

// Valid reports whether m is one of Modes.
func (m Mode) Valid() bool { _, ok := modeInfos[m]; return ok }

// Label is the mode as the UI shows it ("Co-create"; "None" for NoMode).
func (m Mode) Label() string {
	if m == NoMode {
		return "None"
	}
	return modeInfos[m].label
}

// About says what the mode means, in a sentence a manager can show members.
func (m Mode) About() string { return modeInfos[m].about }

// Depth is the mode's place in Modes, 1 (convey) to 4 (co-create), and 0
// for an invalid mode: "the highest mode a member was active in" compares
// depths.
func (m Mode) Depth() int {
	for i, x := range Modes() {
		if x == m {
			return i + 1
		}
	}
	return 0
}
