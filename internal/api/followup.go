package api

import "github.com/trellis-community/trellis/internal/relationships"

// followUpFields are what a person writes about a follow-up. A zero id
// means none: owner_id 0 is the whole team.
type followUpFields struct {
	What     string `json:"what"`
	DueOn    string `json:"due_on"`
	OwnerID  int64  `json:"owner_id"`
	MemberID int64  `json:"member_id"`
}

func (f followUpFields) input() relationships.FollowUpInput {
	return relationships.FollowUpInput{What: f.What, DueOn: f.DueOn, OwnerID: f.OwnerID, MemberID: f.MemberID}
}

// newFollowUp is what POST /api/v1/followups sends: a follow-up that may
// also point at the interaction it came from.
type newFollowUp struct {
	followUpFields
	InteractionID int64 `json:"interaction_id"`
}

func (f newFollowUp) input() relationships.FollowUpInput {
	in := f.followUpFields.input()
	in.InteractionID = f.InteractionID
	return in
}
