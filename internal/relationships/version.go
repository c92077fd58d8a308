package relationships

import (
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/versions"
)

// The histories of the records people edit here, for telling an edit made
// against an older version what changed since.
var (
	interactionHistory = versions.History{Noun: "interaction", Table: "interaction_versions", Key: "interaction_id"}
	followUpHistory    = versions.History{Noun: "follow-up", Table: "followup_versions", Key: "followup_id"}
	keyMemberHistory   = versions.History{Noun: "key-member record", Table: "key_member_versions", Key: "member_id"}
)

// participantNames lists the participants as a person reads them.
func participantNames(ps []Participant) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return strings.Join(out, ", ")
}

// fields is the interaction as a person reads it, under the API's names.
func (it Interaction) fields() versions.Fields {
	var f versions.Fields
	f.Add("occurred_on", it.OccurredOn)
	f.Add("channel", string(it.Channel))
	f.Add("summary", it.Summary)
	f.Add("notes", it.Notes)
	f.Add("outcome", it.Outcome)
	f.Add("members", participantNames(it.Members))
	f.Add("users", participantNames(it.Users))
	return f
}

// fields is the follow-up as a person reads it, under the API's names.
func (fu FollowUp) fields() versions.Fields {
	var f versions.Fields
	interaction := ""
	if fu.InteractionID != 0 {
		interaction = strconv.FormatInt(fu.InteractionID, 10)
	}
	f.Add("what", fu.What)
	f.Add("due_on", fu.DueOn)
	f.Add("status", string(fu.Status))
	f.Add("owner", fu.OwnerName)
	f.Add("member", fu.MemberName)
	f.Add("interaction_id", interaction)
	f.Add("snooze_count", strconv.Itoa(fu.SnoozeCount))
	return f
}

// fields is the key-member record as a person reads it.
func (km KeyMember) fields() versions.Fields {
	var f versions.Fields
	groups := make([]string, len(km.Groups))
	for i, g := range km.Groups {
		groups[i] = g.Name
	}
	f.Add("cadence_days", CadenceLabel(km.CadenceDays))
	f.Add("groups", strings.Join(groups, ", "))
	f.Add("note", km.Note)
	return f
}
