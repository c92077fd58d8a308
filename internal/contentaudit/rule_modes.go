package contentaudit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/participation"
)

// modeWords says what members do in each mode, to follow its name.
var modeWords = map[participation.Mode]string{
	participation.Convey:      "members take in what is shared",
	participation.Contribute:  "members give something of their own",
	participation.Collaborate: "members work together toward a shared output",
	participation.CoCreate:    "members shape the community with its hosts",
}

func modesWithoutProgramming(a *run) []Gap {
	progs := a.progs
	var gaps []Gap
	for _, m := range participation.Modes() {
		if slices.ContainsFunc(progs, func(it *Item) bool { return slices.Contains(it.Modes, m) }) {
			continue
		}
		var inviting []*Item
		for _, it := range a.live {
			if it.Kind == KindContent && slices.Contains(it.Modes, m) {
				inviting = append(inviting, it)
			}
		}
		what := fmt.Sprintf("the %s mode (%s)", strings.ToLower(m.Label()), modeWords[m])
		var msg string
		switch len(progs) {
		case 0:
			msg = fmt.Sprintf("No programming takes place %s, so nothing offers %s.", a.p.words, what)
		case 1:
			msg = fmt.Sprintf("The one programme %s does not offer %s.", a.p.words, what)
		default:
			msg = fmt.Sprintf("None of the %s programmes %s offers %s.", count(len(progs)), a.p.words, what)
		}
		if len(inviting) > 0 {
			msg += " Only " + plural(len(inviting), "content item invites it.", "content items invite it.")
		}
		gaps = append(gaps, Gap{
			Key:     "mode_without_programming:" + string(m),
			Message: msg,
			Figures: map[string]float64{"programmes": float64(len(progs)), "content_items_inviting": float64(len(inviting))},
			Links:   itemLinks(inviting),
		})
	}
	return gaps
}
