package api

import (
	"github.com/trellis-community/trellis/internal/relationships"
)

// interactionFields are the recorded fields of an interaction as the API
// accepts them: what an interaction shows, with participants as ids.
type interactionFields struct {
	OccurredOn string                `json:"occurred_on"`
	Channel    relationships.Channel `json:"channel"`
	Summary    string                `json:"summary"`
	Notes      string                `json:"notes"`
	Outcome    string                `json:"outcome"`
	MemberIDs  []int64               `json:"member_ids"`
	UserIDs    []int64               `json:"user_ids"`
}

// interactionReadOnly are fields an interaction shows but a PATCH may not
// set; participants are changed through member_ids and user_ids.
var interactionReadOnly = []string{"id", "members", "users", "followups", "created_by", "created_at", "updated_at", "version"}

// interactionFieldNames turns the domain's field names into the body's.
var interactionFieldNames = map[string]string{"members": "member_ids", "users": "user_ids"}

func (f interactionFields) input() relationships.InteractionInput {
	return relationships.InteractionInput{
		OccurredOn: f.OccurredOn, Channel: f.Channel, Summary: f.Summary, Notes: f.Notes,
		Outcome: f.Outcome, MemberIDs: f.MemberIDs, UserIDs: f.UserIDs,
	}
}

// fieldsOf is the writable view of a stored interaction, for PATCH.
func fieldsOf(it relationships.Interaction) interactionFields {
	f := interactionFields{
		OccurredOn: it.OccurredOn, Channel: it.Channel, Summary: it.Summary, Notes: it.Notes,
		Outcome: it.Outcome, MemberIDs: make([]int64, len(it.Members)), UserIDs: make([]int64, len(it.Users)),
	}
	for i, p := range it.Members {
		f.MemberIDs[i] = p.ID
	}
	for i, p := range it.Users {
		f.UserIDs[i] = p.ID
	}
	return f
}
