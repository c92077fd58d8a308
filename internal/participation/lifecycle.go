package participation

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// LifecycleModel is a published model of the stages communities pass
// through. The manager chooses one and records the stage the community is
// in; Trellis shows data signals beside it. Stage descriptions paraphrase
// the sources named.
type LifecycleModel struct {
	Key    string       `json:"key"`
	Label  string       `json:"label"`
	Source string       `json:"source"`
	Stages []ModelStage `json:"stages"`
}

// ModelStage is one stage of a model, with what it means.
type ModelStage struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	About string `json:"about"`
}

var lifecycleModels = []LifecycleModel{
	{Key: "practice", Label: "Communities of practice", Source: "Wenger, McDermott and Snyder, Cultivating Communities of Practice (2002)", Stages: []ModelStage{
		{"potential", "Potential", "People with a shared concern find each other and discover what they have in common."},
		{"coalescing", "Coalescing", "The community forms: members build trust and relationships, and start to see the value of sharing what they know."},
		{"maturing", "Maturing", "The community clarifies its focus, role and boundaries, and moves from sharing tips to organising its knowledge."},
		{"stewardship", "Stewardship", "The community is established and must keep itself relevant and alive as people, topics and technology change."},
		{"transformation", "Transformation", "The community changes radically: it winds down, splits, merges with another or becomes something else."},
	}},
	{Key: "feverbee", Label: "Community lifecycle (FeverBee)", Source: "Richard Millington, FeverBee", Stages: []ModelStage{
		{"inception", "Inception", "The manager starts the community and brings the first members in directly; most activity is prompted by the manager."},
		{"establishment", "Establishment", "Members join and take part without being asked; growth comes from the members themselves."},
		{"maturity", "Maturity", "The community is large and active; the work moves to keeping it healthy and giving members more influence."},
		{"mitosis", "Mitosis", "The community splits into sub-communities around topics, places or interests, each with a life of its own."},
	}},
	{Key: "online", Label: "Online community life cycle", Source: "Iriberri and Leroy, ACM Computing Surveys (2009)", Stages: []ModelStage{
		{"inception", "Inception", "The community's purpose and first audience are defined and the space is opened."},
		{"creation", "Creation", "The first members shape the norms and the core content; a few people carry the activity."},
		{"growth", "Growth", "Membership and activity grow; rules, roles and moderation are put in place."},
		{"maturity", "Maturity", "The community is stable with a settled culture; members take on roles and leadership."},
		{"death", "Death", "Activity declines and members leave; the community closes or is archived."},
	}},
	{Key: "roundtable", Label: "Community Maturity Model (The Community Roundtable)", Source: "The Community Roundtable, Community Maturity Model", Stages: []ModelStage{
		{"hierarchy", "Hierarchy", "Communication is mostly one-way and top-down; community is not yet part of how things work."},
		{"emergent_community", "Emergent community", "Pockets of community appear with some two-way engagement, often driven by a few champions."},
		{"community", "Community", "Community approaches are established with dedicated management, programming and measurement."},
		{"network", "Network", "Community is how the organisation works: distributed, member-led, connected across boundaries."},
	}},
}

// LifecycleModels lists the models a manager may choose from.
func LifecycleModels() []LifecycleModel { return lifecycleModels }

// lifecycleStage finds a model's stage.
func lifecycleStage(model, stage string) (LifecycleModel, ModelStage, bool) {
	for _, m := range lifecycleModels {
		if m.Key != model {
			continue
		}
		for _, s := range m.Stages {
			if s.Key == stage {
				return m, s, true
			}
		}
		return m, ModelStage{}, false
	}
	return LifecycleModel{}, ModelStage{}, false
}

// LifecycleEntry is one stage the manager recorded: the community entered
// Stage of Model on Since.
type LifecycleEntry struct {
	ID         int64     `json:"id"`
	Model      string    `json:"model"`
	ModelLabel string    `json:"model_label"`
	Stage      string    `json:"stage"`
	StageLabel string    `json:"stage_label"`
	StageAbout string    `json:"stage_about"`
	Since      string    `json:"since"` // YYYY-MM-DD
	Notes      string    `json:"notes"`
	Version    int64     `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// LifecycleInput is what a manager sets on an entry.
type LifecycleInput struct {
	Model string `json:"model"`
	Stage string `json:"stage"`
	Since string `json:"since"`
	Notes string `json:"notes"`
}

const maxLifecycleNotes = 5000

func (in *LifecycleInput) normalize() {
	in.Model, in.Stage = strings.TrimSpace(in.Model), strings.TrimSpace(in.Stage)
	in.Since, in.Notes = strings.TrimSpace(in.Since), strings.TrimSpace(in.Notes)
}

// check records what is wrong with in; today is YYYY-MM-DD.
func (in *LifecycleInput) check(fe *apperr.FieldErrors, today string) {
	for _, f := range [...]struct{ name, v string }{{"model", in.Model}, {"stage", in.Stage}, {"since", in.Since}, {"notes", in.Notes}} {
		text.Check(fe, f.name, f.v)
	}
	m, _, ok := lifecycleStage(in.Model, in.Stage)
	switch {
	case m.Key == "":
		fe.Add("model", "must be one of practice, feverbee, online, roundtable")
	case !ok:
		keys := make([]string, len(m.Stages))
		for i, s := range m.Stages {
			keys[i] = s.Key
		}
		fe.Add("stage", "must be a stage of %s: %s", m.Label, strings.Join(keys, ", "))
	}
	d, err := time.Parse(time.DateOnly, in.Since)
	switch {
	case in.Since == "":
		fe.Add("since", "is required")
	case err != nil:
		fe.Add("since", "must be a date written YYYY-MM-DD")
	case in.Since > today:
		fe.Add("since", "must not be after today (%s)", today)
	case d.Year() < 1970:
		fe.Add("since", "must be after 1970")
	}
	if utf8.RuneCountInString(in.Notes) > maxLifecycleNotes {
		fe.Add("notes", "must be at most %d characters", maxLifecycleNotes)
	}
}
