package demo

import "github.com/trellis-community/trellis/internal/goals"

// demoLink says that a programme, session or content item serves one of
// the demo's goals (by its title, goalECR ... goalImpact), and how, in
// the words the team would write on the goal's page. No link names
// goalCurriculum: that goal is served by nothing, for the audit to find.
type demoLink struct{ goal, how string }

func serves(goal, how string) demoLink { return demoLink{goal, how} }

// goalLinks turns ls into links to the stored goals. A title the
// database does not hold (the team renamed a goal before loading the
// demo) is left out rather than failing the load.
func (r *runner) goalLinks(ls []demoLink) []goals.Link {
	out := []goals.Link{}
	for _, l := range ls {
		if id, ok := r.goalIDs[l.goal]; ok {
			out = append(out, goals.Link{GoalID: id, How: l.how})
		}
	}
	return out
}
