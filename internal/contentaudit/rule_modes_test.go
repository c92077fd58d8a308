package contentaudit

import (
	"testing"

	"github.com/trellis-community/trellis/internal/participation"
)

func TestModesWithoutProgramming(t *testing.T) {
	t.Parallel()
	call := prog(1, "Community call", "2026-07-07")
	call.Modes = []participation.Mode{participation.Convey, participation.Contribute}
	wg := prog(2, "Data working group", "2026-08-01")
	wg.Modes = []participation.Mode{participation.Collaborate}
	cancelled := prog(3, "Governance sprint", "2026-08-10")
	cancelled.Modes, cancelled.Withdrawn = []participation.Mode{participation.CoCreate}, true
	earlier := prog(4, "Spring governance sprint", "2026-04-10")
	earlier.Modes = []participation.Mode{participation.CoCreate}
	callout := post(5, "Help us plan the next meeting", "2026-09-01")
	callout.Modes = []participation.Mode{participation.CoCreate}

	coCreate := func(msg string, progs, inviting float64, links []Link) Gap {
		return Gap{Key: "mode_without_programming:co_create", Message: msg,
			Figures: map[string]float64{"programmes": progs, "content_items_inviting": inviting}, Links: links}
	}
	cases := []struct {
		name  string
		items []Item
		want  []Gap
	}{
		{name: "every mode offered", items: []Item{call, wg, func() Item { c := cancelled; c.Withdrawn = false; return c }()}},
		{name: "co-create offered only by a cancelled programme, one before the period and a post",
			items: []Item{call, wg, cancelled, earlier, callout},
			want: []Gap{coCreate("None of the 2 programmes in Q3 2026 offers the co-create mode (members shape the community with its hosts). Only 1 content item invites it.",
				2, 1, []Link{link(callout)})}},
		{name: "one programme",
			items: []Item{wg},
			want: []Gap{
				{Key: "mode_without_programming:convey",
					Message: "The one programme in Q3 2026 does not offer the convey mode (members take in what is shared).",
					Figures: map[string]float64{"programmes": 1, "content_items_inviting": 0}, Links: []Link{}},
				{Key: "mode_without_programming:contribute",
					Message: "The one programme in Q3 2026 does not offer the contribute mode (members give something of their own).",
					Figures: map[string]float64{"programmes": 1, "content_items_inviting": 0}, Links: []Link{}},
				coCreate("The one programme in Q3 2026 does not offer the co-create mode (members shape the community with its hosts).", 1, 0, []Link{}),
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := q3()
			in.Items = c.items
			wantGaps(t, gapsOf(t, in, "mode_without_programming"), c.want)
		})
	}
	t.Run("an empty period", func(t *testing.T) {
		t.Parallel()
		in := q3()
		in.From, in.To = "2026-07-01", "2026-07-31"
		got := gapsOf(t, in, "mode_without_programming")
		wantGaps(t, got[3:], []Gap{{Key: "mode_without_programming:co_create",
			Message: "No programming takes place in July 2026, so nothing offers the co-create mode (members shape the community with its hosts).",
			Figures: map[string]float64{"programmes": 0, "content_items_inviting": 0}, Links: []Link{}}})
	})
}
