package contentaudit

import (
	"fmt"
	"slices"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// liveAndSpokenOnly reports whether a programme can only be joined live
// and by speaking: synchronous and not asynchronous, spoken and not
// written. A recorded webinar (asynchronous too) or a call with a shared
// document (written too) leaves another way in.
func (it Item) liveAndSpokenOnly() bool {
	return slices.Contains(it.Timings, participation.Synchronous) &&
		!slices.Contains(it.Timings, participation.Asynchronous) &&
		slices.Contains(it.Modalities, participation.Spoken) &&
		!slices.Contains(it.Modalities, participation.Written)
}

func liveAndSpoken(a *run) []Gap {
	progs := a.progs
	var ls []*Item
	for _, it := range progs {
		if it.liveAndSpokenOnly() {
			ls = append(ls, it)
		}
	}
	m := a.in.Members
	if 2*len(ls) <= len(progs) || m.PreferWrittenOrAsync == 0 {
		return nil
	}
	var which string
	switch {
	case len(progs) == 1:
		which = "The one programme " + a.p.words + " is"
	case len(ls) == len(progs):
		which = fmt.Sprintf("All %s programmes %s are", count(len(progs)), a.p.words)
	default:
		which = fmt.Sprintf("%s of the %s programmes %s are", count(len(ls)), count(len(progs)), a.p.words)
	}
	return []Gap{{
		Key: "programming_live_and_spoken",
		Message: fmt.Sprintf("%s live and spoken only, yet %s prefer written participation and %s prefer to take part in their own time (%s of the %s members prefer one or both).",
			which, plural(m.PreferWritten, "member", "members"), count(m.PreferAsynchronous),
			count(m.PreferWrittenOrAsync), count(m.Total)),
		Figures: map[string]float64{
			"programmes": float64(len(progs)), "live_and_spoken": float64(len(ls)),
			"prefer_written": float64(m.PreferWritten), "prefer_asynchronous": float64(m.PreferAsynchronous),
			"prefer_written_or_asynchronous": float64(m.PreferWrittenOrAsync), "members": float64(m.Total),
		},
		Links: append([]Link{
			membersLink("Members who prefer written participation", members.Filter{Modality: []string{"written"}}),
			membersLink("Members who prefer to take part in their own time", members.Filter{Timing: []string{"asynchronous"}}),
		}, itemLinks(ls)...),
	}}
}
