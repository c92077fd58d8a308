package contentaudit

import (
	"testing"

	"github.com/trellis-community/trellis/internal/participation"
)

func TestLiveAndSpoken(t *testing.T) {
	t.Parallel()
	sync, async := participation.Synchronous, participation.Asynchronous
	spoken, written, visual := participation.Spoken, participation.Written, participation.Visual
	with := func(it Item, ts []participation.Timing, ms ...participation.Modality) Item {
		it.Timings, it.Modalities = ts, ms
		return it
	}
	call := with(prog(1, "Community call", "2026-07-07"), []participation.Timing{sync}, spoken)
	talk := with(prog(2, "Lightning talks", "2026-07-14"), []participation.Timing{sync}, spoken, visual)
	recorded := with(prog(3, "Webinar", "2026-08-04"), []participation.Timing{sync, async}, spoken)
	notes := with(prog(4, "Call with shared notes", "2026-08-11"), []participation.Timing{sync}, spoken, written)
	forum := with(prog(5, "Forum thread", "2026-09-01"), []participation.Timing{async}, written)
	blog := with(post(6, "Blog post", "2026-09-02"), []participation.Timing{async}, written)
	cancelled := with(prog(7, "Cancelled forum", "2026-09-03"), []participation.Timing{async}, written)
	cancelled.Withdrawn = true

	prefs := Members{Total: 10000, PreferWritten: 1200, PreferAsynchronous: 2345, PreferWrittenOrAsync: 3000}
	figures := func(progs, ls float64) map[string]float64 {
		return map[string]float64{"programmes": progs, "live_and_spoken": ls, "prefer_written": 1200,
			"prefer_asynchronous": 2345, "prefer_written_or_asynchronous": 3000, "members": 10000}
	}
	tail := " live and spoken only, yet 1,200 members prefer written participation and 2,345 prefer to take part in their own time (3,000 of the 10,000 members prefer one or both)."
	cases := []struct {
		name    string
		items   []Item
		members Members
		want    []Gap
	}{
		{name: "no programmes", members: prefs},
		{name: "exactly half is not most", items: []Item{call, forum}, members: prefs},
		{name: "a recording or shared notes is another way in", items: []Item{call, recorded, notes}, members: prefs},
		{name: "two of three, content and cancelled programmes aside",
			items: []Item{call, talk, forum, blog, cancelled}, members: prefs,
			want: []Gap{{Key: "programming_live_and_spoken", Message: "2 of the 3 programmes in Q3 2026 are" + tail,
				Figures: figures(3, 2), Links: []Link{
					{Kind: "members", Title: "Members who prefer written participation", Path: "/members?modality=written"},
					{Kind: "members", Title: "Members who prefer to take part in their own time", Path: "/members?timing=asynchronous"},
					link(call), link(talk)}}}},
		{name: "all of them", items: []Item{call, talk}, members: prefs,
			want: []Gap{{Key: "programming_live_and_spoken", Message: "All 2 programmes in Q3 2026 are" + tail, Figures: figures(2, 2)}}},
		{name: "the only one", items: []Item{call}, members: prefs,
			want: []Gap{{Key: "programming_live_and_spoken", Message: "The one programme in Q3 2026 is" + tail, Figures: figures(1, 1)}}},
		{name: "nobody prefers another way", items: []Item{call}, members: Members{Total: 50}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := q3()
			in.Items, in.Members = c.items, c.members
			wantGaps(t, gapsOf(t, in, "programming_live_and_spoken"), c.want)
		})
	}
}
