package members

import (
	"slices"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
)

// Audience is who a programme or content item is aimed at: the whole
// community (the zero value), or some career stages, or the members of a
// saved segment, or both (members of the segment at those stages). The
// content audit reads it to find the audiences nothing is aimed at.
//
// Tables that store an audience keep it in two columns, so every
// capability stores it the same way: audience_segment_id (a nullable
// reference to segments, ON DELETE SET NULL) and audience_stages (the
// stages joined by commas, as StagesColumn writes them).
type Audience struct {
	SegmentID    *int64        `json:"segment_id"`
	CareerStages []CareerStage `json:"career_stages"`
}

// Whole reports whether the audience is the whole community.
func (a Audience) Whole() bool { return a.SegmentID == nil && len(a.CareerStages) == 0 }

// Check adds a problem to fe, under prefix ("audience"), for each career
// stage that is unknown or listed twice. Whether the segment exists is the
// database's to say (the reference).
func (a Audience) Check(fe *apperr.FieldErrors, prefix string) {
	for i, s := range a.CareerStages {
		switch {
		case s == StageUnknown || !s.Valid():
			fe.Add(prefix+".career_stages", "%q is not a career stage (one of %s)", s, stageList())
		case slices.Index(a.CareerStages, s) != i:
			fe.Add(prefix+".career_stages", "%s is listed twice", s.Label())
		}
	}
}

// StagesColumn is the audience_stages column's value: the stages in the
// order CareerStages lists them, joined by commas.
func (a Audience) StagesColumn() string {
	var parts []string
	for _, s := range CareerStages() {
		if slices.Contains(a.CareerStages, s) {
			parts = append(parts, string(s))
		}
	}
	return strings.Join(parts, ",")
}

// ParseAudience rebuilds an Audience from its two columns.
func ParseAudience(segmentID *int64, stages string) Audience {
	a := Audience{SegmentID: segmentID}
	for s := range strings.SplitSeq(stages, ",") {
		if s != "" {
			a.CareerStages = append(a.CareerStages, CareerStage(s))
		}
	}
	return a
}

func stageList() string {
	var names []string
	for _, s := range CareerStages() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}
