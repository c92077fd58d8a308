package goals

import (
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/versions"
)

// fields is the goal as a person reads it, under the API's names, for
// telling a stale edit what changed since. Each indicator is one entry,
// read as its progress line.
func (g Goal) fields() versions.Fields {
	var f versions.Fields
	f.Add("title", g.Title)
	f.Add("description", g.Description)
	f.Add("why", g.Why)
	f.Add("owner_name", g.OwnerName)
	f.Add("status", string(g.Status))
	f.Add("retired_on", g.RetiredOn)
	for i, in := range g.Indicators {
		line := in.Name + ": " + in.Progress()
		if in.MeasuredOn != "" {
			line += " on " + in.MeasuredOn
		}
		f.Add("indicators["+strconv.Itoa(i)+"]", line)
	}
	return f
}

// changed lists, in the API's words, the fields that differ between old
// and g, for the audit log; nil when nothing did.
func changed(old, g Goal) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range versions.Diff(toMap(old.fields()), g.fields()) {
		name := c.Field
		if strings.HasPrefix(name, "indicators[") {
			name = "indicators"
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

func toMap(f versions.Fields) map[string]string {
	m := make(map[string]string, len(f))
	for _, x := range f {
		m[x.Name] = x.Value
	}
	return m
}
