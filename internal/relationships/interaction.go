package relationships

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// Interaction is one contact between the team and one or more members: a
// meeting, a call, an email thread, a chat at a conference.
type Interaction struct {
	ID         int64         `json:"id"`
	OccurredOn string        `json:"occurred_on"` // YYYY-MM-DD
	Channel    Channel       `json:"channel"`
	Summary    string        `json:"summary"`
	Notes      string        `json:"notes"` // Markdown
	Outcome    string        `json:"outcome"`
	Members    []Participant `json:"members"`
	Users      []Participant `json:"users"` // team users who took part
	FollowUps  []FollowUp    `json:"followups"`
	CreatedBy  int64         `json:"created_by,omitempty"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
	// Version goes up by one with every change; an edit made against an
	// older version is refused with what changed (see package versions).
	Version int64 `json:"version"`
}

// Participant is a member or team user who took part, with the name to show.
type Participant struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// InteractionInput is what a person records about an interaction.
type InteractionInput struct {
	OccurredOn string  `json:"occurred_on"` // YYYY-MM-DD; empty means today
	Channel    Channel `json:"channel"`
	Summary    string  `json:"summary"`
	Notes      string  `json:"notes"`
	Outcome    string  `json:"outcome"`
	MemberIDs  []int64 `json:"member_ids"`
	UserIDs    []int64 `json:"user_ids"`
	// FollowUp, when set on LogInteraction, is created with the interaction.
	FollowUp *FollowUpInput `json:"followup,omitempty"`
}

// Length limits, in characters.
const (
	maxSummary = 500
	maxOutcome = 2000
	maxNotes   = 50000
)

// MaxParticipants bounds the members, and the team users, of one
// interaction: a large event's attendance fits, and no request can send a
// list the database cannot take.
const MaxParticipants = 1000

// normalize trims the text fields, fills in today for a missing date and
// drops repeated ids; check then judges what is left.
func (in *InteractionInput) normalize(today string) {
	in.OccurredOn = strings.TrimSpace(in.OccurredOn)
	if in.OccurredOn == "" {
		in.OccurredOn = today
	}
	in.Channel = Channel(strings.ToLower(strings.TrimSpace(string(in.Channel))))
	in.Summary = strings.TrimSpace(in.Summary)
	in.Notes = strings.TrimSpace(in.Notes)
	in.Outcome = strings.TrimSpace(in.Outcome)
	in.MemberIDs = uniqueIDs(in.MemberIDs)
	in.UserIDs = uniqueIDs(in.UserIDs)
}

// check records every problem with in that needs no database, field by
// field, each field name after prefix ("" for a form, "interactions[12]."
// in a batch). Interactions are records of what happened, so a date after
// today is refused.
func (in *InteractionInput) check(today, prefix string, fe *apperr.FieldErrors) {
	switch {
	case !validDate(in.OccurredOn):
		fe.Add(prefix+"occurred_on", "must be a date written YYYY-MM-DD")
	case in.OccurredOn > today:
		fe.Add(prefix+"occurred_on", "cannot be in the future (today is %s)", today)
	}
	if !in.Channel.Valid() {
		fe.Add(prefix+"channel", "must be one of meeting, call, email, event, chat, conference, other")
	}
	// The text rule comes first: it is the backstop for callers that did
	// not come through the web edge (the CLI, imports).
	text.Check(fe, prefix+"summary", in.Summary)
	text.Check(fe, prefix+"notes", in.Notes)
	text.Check(fe, prefix+"outcome", in.Outcome)
	switch n := utf8.RuneCountInString(in.Summary); {
	case n == 0:
		fe.Add(prefix+"summary", "is required")
	case n > maxSummary:
		fe.Add(prefix+"summary", "must be at most %d characters", maxSummary)
	}
	if utf8.RuneCountInString(in.Notes) > maxNotes {
		fe.Add(prefix+"notes", "must be at most %d characters", maxNotes)
	}
	if utf8.RuneCountInString(in.Outcome) > maxOutcome {
		fe.Add(prefix+"outcome", "must be at most %d characters", maxOutcome)
	}
	switch {
	case len(in.MemberIDs) == 0:
		fe.Add(prefix+"members", "choose at least one member")
	case len(in.MemberIDs) > MaxParticipants:
		fe.Add(prefix+"members", "at most %d members in one interaction", MaxParticipants)
	}
	if len(in.UserIDs) > MaxParticipants {
		fe.Add(prefix+"users", "at most %d team members in one interaction", MaxParticipants)
	}
}

// prepareLog readies in to be logged: it normalizes it, fills in the
// follow-up's member when the interaction has exactly one, and records on
// fe every problem that needs no database, each field name after prefix.
// It returns the follow-up to create with the interaction, not yet linked
// to it; the zero FollowUpInput when in.FollowUp is nil. LogInteraction
// and LogInteractions both judge their input with it.
func (in *InteractionInput) prepareLog(today, prefix string, fe *apperr.FieldErrors) FollowUpInput {
	in.normalize(today)
	in.check(today, prefix, fe)
	if in.FollowUp == nil {
		return FollowUpInput{}
	}
	fu := *in.FollowUp
	fu.normalize()
	if fu.MemberID == 0 && len(in.MemberIDs) == 1 {
		fu.MemberID = in.MemberIDs[0]
	}
	// The interaction does not exist yet; it is linked when written.
	fu.InteractionID = 0
	fu.check(prefix+"followup.", fe)
	return fu
}

// interactionFields are the columns an interaction is written with, in the
// order interactionValues gives them.
const (
	interactionFields     = "occurred_on, channel, summary, notes, outcome, created_by, created_at, updated_at"
	interactionFieldCount = 8
)

// interactionValues is the row interactionFields describe for a checked
// in, logged now by createdBy (a user id, or nil).
func interactionValues(in *InteractionInput, createdBy any, now int64) []any {
	return []any{in.OccurredOn, string(in.Channel), in.Summary, in.Notes, in.Outcome, createdBy, now, now}
}
