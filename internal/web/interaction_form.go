package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// The interaction form (log and edit) works without JavaScript. Its fields
// are occurred_on, channel, member (repeated: the members who took part),
// user (repeated: team users who took part), summary, notes, outcome and,
// when logging, followup.what, followup.due_on and followup.owner_id, so
// the domain's field names ("followup.due_on") land beside their inputs;
// its "members" and "users" problems are shown on the two lists.
//
// Choosing members: the form ticks the members already chosen and offers
// the key members. For anyone else, "Find" and each result's "Add" are
// submit buttons that GET the same form (formmethod="get"), carrying
// everything typed so far in the query: ?member=1&member=2&find=text
// re-renders it with matching members to add. "Find" is the first button in
// the form, so Enter in any field re-renders rather than saving early.

// interactionFormPage is what the interaction form shows.
type interactionFormPage struct {
	Editing    bool
	ID         int64  // the interaction being edited
	Action     string // where the form is POSTed
	Channels   []relationships.Channel
	Chosen     []memberChoice // ticked
	KeyMembers []memberChoice // key members not yet chosen
	Find       string
	Found      []memberChoice // search results not yet chosen
	Users      []userChoice
	Owners     []accounts.User // who a follow-up can be given to
	// FromMember is the member whose page the form was opened from, and
	// returns to; 0 for none.
	FromMember int64
}

// memberChoice is a member offered by the form.
type memberChoice struct {
	ID     int64
	Name   string
	Detail string // affiliation, to tell two people of one name apart
}

// userChoice is a team user checkbox.
type userChoice struct {
	ID      int64
	Name    string
	Checked bool
}

// memberSearchLimit caps the search results the form offers.
const memberSearchLimit = 20

// interactionInput reads the form. A follow-up is asked for when its
// description or due date is filled in.
func interactionInput(form url.Values) relationships.InteractionInput {
	in := relationships.InteractionInput{
		OccurredOn: form.Get("occurred_on"),
		Channel:    relationships.Channel(form.Get("channel")),
		Summary:    form.Get("summary"),
		Notes:      strings.ReplaceAll(form.Get("notes"), "\r\n", "\n"),
		Outcome:    strings.ReplaceAll(form.Get("outcome"), "\r\n", "\n"),
		MemberIDs:  formIDs(form["member"]),
		UserIDs:    formIDs(form["user"]),
	}
	what, due := strings.TrimSpace(form.Get("followup.what")), strings.TrimSpace(form.Get("followup.due_on"))
	if what != "" || due != "" {
		in.FollowUp = &relationships.FollowUpInput{What: what, DueOn: due, OwnerID: formID(form.Get("followup.owner_id"))}
	}
	return in
}

// interactionValues fills the form from a stored interaction.
func interactionValues(it relationships.Interaction) url.Values {
	v := url.Values{
		"occurred_on": {it.OccurredOn},
		"channel":     {string(it.Channel)},
		"summary":     {it.Summary},
		"notes":       {it.Notes},
		"outcome":     {it.Outcome},
	}
	for _, m := range it.Members {
		v.Add("member", strconv.FormatInt(m.ID, 10))
	}
	for _, u := range it.Users {
		v.Add("user", strconv.FormatInt(u.ID, 10))
	}
	return v
}

// interactionFormData gathers what the form offers for the values in form:
// the chosen members' names, the key members, the search results for
// form's "find", and the team.
func (s *Server) interactionFormData(ctx context.Context, form url.Values) (interactionFormPage, error) {
	p := interactionFormPage{Channels: relationships.Channels(), Find: strings.TrimSpace(form.Get("find")),
		FromMember: formID(form.Get("from_member"))}
	chosen := formIDs(form["member"])
	byID, err := s.app.Members.GetMany(ctx, chosen)
	if err != nil {
		return p, err
	}
	for _, id := range chosen {
		// An id that names nobody is dropped here; on saving, the domain
		// reports it on "members".
		if m, ok := byID[id]; ok {
			p.Chosen = append(p.Chosen, memberChoice{ID: m.ID, Name: m.DisplayName(), Detail: m.Affiliation})
		}
	}
	keys, err := s.app.Relationships.KeyMemberStatuses(ctx)
	if err != nil {
		return p, err
	}
	for _, k := range keys {
		if !slices.Contains(chosen, k.MemberID) {
			p.KeyMembers = append(p.KeyMembers, memberChoice{ID: k.MemberID, Name: k.Name, Detail: k.Affiliation})
		}
	}
	if p.Find != "" {
		res, err := s.app.Members.List(ctx, members.Filter{Q: p.Find}, members.Page{Limit: memberSearchLimit})
		if err != nil {
			return p, err
		}
		for _, m := range res.Members {
			if !slices.Contains(chosen, m.ID) {
				p.Found = append(p.Found, memberChoice{ID: m.ID, Name: m.DisplayName(), Detail: m.Affiliation})
			}
		}
	}
	users, err := s.app.Accounts.ListUsers(ctx)
	if err != nil {
		return p, err
	}
	ticked := formIDs(form["user"])
	for _, u := range users {
		checked := slices.Contains(ticked, u.ID)
		// A disabled colleague stays on an interaction they took part in,
		// but is not offered for new ones.
		if u.Active() || checked {
			p.Users = append(p.Users, userChoice{ID: u.ID, Name: u.Name, Checked: checked})
		}
		if u.Active() {
			p.Owners = append(p.Owners, u)
		}
	}
	return p, nil
}

// renderInteractionForm shows the log form (id 0) or the edit form for
// interaction id, with v.Form as the values.
func (s *Server) renderInteractionForm(w http.ResponseWriter, r *http.Request, status int, id int64, v view) {
	p, err := s.interactionFormData(r.Context(), v.Form)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Action, v.Title = "/interactions", "Log an interaction"
	if id != 0 {
		p.Editing, p.ID = true, id
		p.Action = "/interactions/" + strconv.FormatInt(id, 10)
		v.Title = "Edit interaction"
	}
	v.Nav, v.Data = "interactions", p
	s.render(w, r, status, "interaction_form", v)
}
