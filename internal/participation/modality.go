package participation

// Members differ in how they like to take part (written or spoken), how
// much time they have and when they can give it. Multi-modal programming
// offers several ways in; these are the ways a programme or content item
// records, and the audit sets them beside members' own preferences
// (members.Preferences: modality written/spoken, timing
// synchronous/asynchronous).

// Modality is the medium an offering works in.
type Modality string

const (
	Spoken  Modality = "spoken"
	Written Modality = "written"
	Visual  Modality = "visual"
	HandsOn Modality = "hands_on"
)

var modalityLabels = map[Modality]string{
	Spoken: "Spoken", Written: "Written", Visual: "Visual", HandsOn: "Hands-on",
}

// Modalities lists every modality in the order the UI offers them.
func Modalities() []Modality { return []Modality{Spoken, Written, Visual, HandsOn} }

// Valid reports whether m is one of Modalities.
func (m Modality) Valid() bool { _, ok := modalityLabels[m]; return ok }

// Label is the modality as the UI shows it.
func (m Modality) Label() string { return modalityLabels[m] }

// Timing is whether an offering asks people to be there at the same time.
type Timing string

const (
	Synchronous  Timing = "synchronous"  // live: a call, a workshop
	Asynchronous Timing = "asynchronous" // in one's own time: a forum thread, a recording
)

var timingLabels = map[Timing]string{
	Synchronous: "Live (synchronous)", Asynchronous: "In one's own time (asynchronous)",
}

// Timings lists both timings.
func Timings() []Timing { return []Timing{Synchronous, Asynchronous} }

// Valid reports whether t is one of Timings.
func (t Timing) Valid() bool { _, ok := timingLabels[t]; return ok }

// Label is the timing as the UI shows it.
func (t Timing) Label() string { return timingLabels[t] }
