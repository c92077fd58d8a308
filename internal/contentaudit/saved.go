package contentaudit

import (
	"slices"
	"time"
)

// Decision is what the manager decided about one finding of a saved audit.
type Decision string

const (
	Undecided Decision = ""
	Act       Decision = "act"     // plan something to close the gap
	Accept    Decision = "accept"  // a deliberate choice: leave it
	Stop      Decision = "stop"    // stop the items it names
	Revisit   Decision = "revisit" // look again at the next audit
)

var decisionLabels = map[Decision]string{
	Undecided: "Not decided", Act: "Act on it", Accept: "Accept it as it is",
	Stop: "Stop the items", Revisit: "Revisit at the next audit",
}

// Decisions lists the decisions a manager can record, Undecided first.
func Decisions() []Decision { return []Decision{Undecided, Act, Accept, Stop, Revisit} }

// Valid reports whether d is one of Decisions.
func (d Decision) Valid() bool { _, ok := decisionLabels[d]; return ok }

// Label is the decision as the UI shows it.
func (d Decision) Label() string { return decisionLabels[d] }

// MaxNotes bounds a saved audit's notes and each finding's note.
const MaxNotes = 20000

// Saved is an audit saved as it was: its period, what it found, and the
// manager's notes and decisions. The JSON names are the API's.
type Saved struct {
	ID     int64  `json:"id"`
	From   string `json:"from"`
	To     string `json:"to"`
	Period string `json:"period"`
	Notes  string `json:"notes"` // Markdown
	// Findings are the gaps as the audit found them, each with the
	// decision and note recorded on it. List leaves them out.
	Findings  []Finding `json:"findings,omitempty"`
	GapCount  int       `json:"gap_count"`
	ItemCount int       `json:"item_count"`
	// CreatedBy is the team user who saved it, 0 when none (or deleted
	// since); CreatedByName their name then, or "".
	CreatedBy     int64     `json:"created_by,omitempty"`
	CreatedByName string    `json:"created_by_name,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// Finding is one gap of a saved audit with what the manager made of it.
type Finding struct {
	Gap
	Decision Decision `json:"decision"`
	Note     string   `json:"note"`
}

// Comparison says how a later audit differs from an earlier one, finding
// by finding (matched on Gap.Key).
type Comparison struct {
	Before Saved `json:"before"` // the earlier period, findings left out
	After  Saved `json:"after"`
	// New are findings of After that Before did not have; Closed those of
	// Before that After no longer has; Changed those in both whose figures
	// moved; Same counts those in both with the same figures.
	New     []Finding `json:"new"`
	Closed  []Finding `json:"closed"`
	Changed []Changed `json:"changed"`
	Same    int       `json:"same"`
}

// Changed is a finding in both audits whose figures moved.
type Changed struct {
	Before  Finding        `json:"before"`
	After   Finding        `json:"after"`
	Figures []FigureChange `json:"figures"`
}

// FigureChange is one figure that moved. A figure only one audit has
// counts as 0 in the other.
type FigureChange struct {
	Name   string  `json:"name"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
}

// Compare compares two saved audits, whichever order they come in: the
// one whose period ends first (then the one saved first) is Before.
func Compare(a, b Saved) Comparison {
	if b.To < a.To || (b.To == a.To && b.ID < a.ID) {
		a, b = b, a
	}
	c := Comparison{New: []Finding{}, Closed: []Finding{}, Changed: []Changed{}}
	before := map[string]Finding{}
	for _, f := range a.Findings {
		before[f.Key] = f
	}
	after := map[string]bool{}
	for _, f := range b.Findings {
		after[f.Key] = true
		old, ok := before[f.Key]
		if !ok {
			c.New = append(c.New, f)
			continue
		}
		if moved := figureChanges(old.Figures, f.Figures); len(moved) > 0 {
			c.Changed = append(c.Changed, Changed{Before: old, After: f, Figures: moved})
		} else {
			c.Same++
		}
	}
	for _, f := range a.Findings {
		if !after[f.Key] {
			c.Closed = append(c.Closed, f)
		}
	}
	a.Findings, b.Findings = nil, nil
	c.Before, c.After = a, b
	return c
}

// figureChanges lists the figures that differ, by name.
func figureChanges(before, after map[string]float64) []FigureChange {
	var names []string
	for n := range before {
		names = append(names, n)
	}
	for n := range after {
		if _, ok := before[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var out []FigureChange
	for _, n := range names {
		if before[n] != after[n] {
			out = append(out, FigureChange{Name: n, Before: before[n], After: after[n]})
		}
	}
	return out
}
