package contentaudit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/members"
)

// Gap is one thing the audit finds missing. The JSON names are the API's
// and scripts rely on them.
type Gap struct {
	// Rule is the id of the rule that found it (see Rules).
	Rule string `json:"rule"`
	// Key names this finding so the same gap can be recognised in another
	// audit: the rule and what it is about ("goal_served_by_nothing:goal/3").
	Key string `json:"key"`
	// Message says what is missing in plain words, with the numbers.
	Message string `json:"message"`
	// Figures are the numbers behind the message, by name.
	Figures map[string]float64 `json:"figures"`
	// Details break a figure down, largest first (members per time zone).
	Details []Detail `json:"details,omitempty"`
	// Links are the goals, items and segments the gap is about.
	Links []Link `json:"links"`
}

// Detail is one line of a breakdown.
type Detail struct {
	Label string  `json:"label"`
	Count float64 `json:"count"`
}

// Link points at a record a gap is about.
type Link struct {
	Kind  string `json:"kind"` // "goal", "programme", "content", "segment" or "members" (a filtered members list)
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Path  string `json:"path"`
}

// membersLink points at the members list filtered by f.
func membersLink(title string, f members.Filter) Link {
	return Link{Kind: "members", Title: title, Path: "/members?" + f.Values().Encode()}
}

func goalLink(g Goal) Link { return Link{Kind: "goal", ID: g.ID, Title: g.Title, Path: g.Path} }

func itemLink(it Item) Link { return Link{Kind: it.Kind, ID: it.ID, Title: it.Title, Path: it.Path} }

func itemLinks(items []*Item) []Link {
	out := make([]Link, len(items))
	for i, it := range items {
		out[i] = itemLink(*it)
	}
	return out
}

// count writes n with thousands separated by commas: 12,345.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// plural writes n and the noun, in the plural unless n is 1:
// plural(3, "member", "members") is "3 members".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// decimal writes x with at most two decimals and no trailing zeros.
func decimal(x float64) string {
	return strconv.FormatFloat(roundTo2(x), 'f', -1, 64)
}

func roundTo2(x float64) float64 {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// quoted writes titles as a list: “A”, “B” and “C”.
func quoted(titles []string) string {
	q := make([]string, len(titles))
	for i, t := range titles {
		q[i] = "“" + t + "”"
	}
	return andList(q)
}

// andList joins words as "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// topDetails names the first n details ("Asia/Tokyo (500)") and how many
// more there are.
func topDetails(ds []Detail, n int) string {
	var parts []string
	for _, d := range ds[:min(n, len(ds))] {
		parts = append(parts, fmt.Sprintf("%s (%s)", d.Label, count(int(d.Count))))
	}
	if more := len(ds) - n; more > 0 {
		parts = append(parts, fmt.Sprintf("%d more", more))
	}
	return andList(parts)
}

// sortDetails orders a breakdown largest first, then by label.
func sortDetails(ds []Detail) {
	slices.SortFunc(ds, func(a, b Detail) int {
		if a.Count != b.Count {
			if a.Count > b.Count {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Label, b.Label)
	})
}
