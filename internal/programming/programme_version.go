package programming

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/versions"
)

// fields is the programme as a person reads it, under the API's names,
// for telling a stale edit what changed.
func (p Programme) fields() versions.Fields {
	var f versions.Fields
	f.Add("kind", p.KindLabel())
	f.Add("title", p.Title)
	f.Add("description", p.Description)
	hosts := make([]string, len(p.HostNames))
	for i, h := range p.HostNames {
		hosts[i] = fmt.Sprintf("%s (%s)", h.Name, h.Role.Label())
	}
	f.Add("hosts", strings.Join(hosts, ", "))
	seg := ""
	if p.Audience.SegmentID != nil {
		seg = strconv.FormatInt(*p.Audience.SegmentID, 10)
	}
	f.Add("audience.segment_id", seg)
	f.Add("audience.career_stages", p.Audience.StagesColumn())
	f.Add("format", p.Format.Label())
	f.Add("modalities", strings.Join(strs(p.Modalities), ", "))
	f.Add("timings", strings.Join(strs(p.Timings), ", "))
	f.Add("minutes_per_session", strconv.Itoa(p.MinutesPerSession))
	f.Add("hours_per_month", strconv.Itoa(p.HoursPerMonth))
	f.Add("skill_level", p.SkillLevel.Label())
	f.Add("modes", strings.Join(strs(p.Modes), ", "))
	f.Add("accessibility", strings.Join(strs(p.Accessibility), ", "))
	goalNames := make([]string, len(p.Goals))
	for i, g := range p.Goals {
		goalNames[i] = g.Title
	}
	f.Add("goals", strings.Join(goalNames, ", "))
	f.Add("status", p.Status.Label())
	f.Add("outcomes", p.Outcomes)
	f.Add("notes", p.Notes)
	return f
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = string(x)
	}
	return out
}
