package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/trellis-community/trellis/internal/accounts"
	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/relationships"
)

// The follow-up form's fields are the domain's: what, due_on, owner_id
// (blank for the whole team), member_id (blank for none) and the hidden
// interaction_id; "back" is where to go after saving.

// followUpFormPage is what the follow-up form shows.
type followUpFormPage struct {
	Owners      []accounts.User
	Members     []memberChoice // key members, and the member it was opened for
	Interaction *relationships.Interaction
	Back        string
}

// followUpNew shows the form for a follow-up on its own. ?member=ID and
// ?interaction=ID preselect what it is about; it is due in a week and
// owned by the current user unless changed.
func (s *Server) followUpNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	me, _ := httpx.UserFrom(r.Context())
	form := url.Values{
		"due_on":   {addDays(s.today(), 7)},
		"owner_id": {strconv.FormatInt(me.ID, 10)},
	}
	back := "/followups"
	if id := formID(q.Get("interaction")); id != 0 {
		form.Set("interaction_id", strconv.FormatInt(id, 10))
		back = "/interactions/" + strconv.FormatInt(id, 10)
	}
	if id := formID(q.Get("member")); id != 0 {
		form.Set("member_id", strconv.FormatInt(id, 10))
		back = "/members/" + strconv.FormatInt(id, 10)
	}
	form.Set("back", back)
	s.renderFollowUpForm(w, r, http.StatusOK, view{Form: form})
}

// followUpCreate records the follow-up and goes back where the form was
// opened from.
func (s *Server) followUpCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	form := r.PostForm
	in := relationships.FollowUpInput{
		What:          form.Get("what"),
		DueOn:         form.Get("due_on"),
		OwnerID:       formID(form.Get("owner_id")),
		MemberID:      formID(form.Get("member_id")),
		InteractionID: formID(form.Get("interaction_id")),
	}
	f, err := s.app.Relationships.CreateFollowUp(r.Context(), in)
	if e, ok := asInvalid(err); ok {
		s.renderFollowUpForm(w, r, http.StatusUnprocessableEntity, view{Form: form, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, localPath(form.Get("back"), "/followups"), "Follow-up added: "+f.What+", "+relDueWhen(f.DueOn, s.today())+".")
}

func (s *Server) renderFollowUpForm(w http.ResponseWriter, r *http.Request, status int, v view) {
	ctx := r.Context()
	p := followUpFormPage{Back: localPath(v.Form.Get("back"), "/followups")}
	users, err := s.app.Accounts.ListUsers(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, u := range users {
		if u.Active() {
			p.Owners = append(p.Owners, u)
		}
	}
	keys, err := s.app.Relationships.KeyMemberStatuses(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	memberID := formID(v.Form.Get("member_id"))
	found := false
	for _, k := range keys {
		p.Members = append(p.Members, memberChoice{ID: k.MemberID, Name: k.Name, Detail: k.Affiliation})
		found = found || k.MemberID == memberID
	}
	if memberID != 0 && !found {
		byID, err := s.app.Members.GetMany(ctx, []int64{memberID})
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if m, ok := byID[memberID]; ok {
			p.Members = append([]memberChoice{{ID: m.ID, Name: m.DisplayName(), Detail: m.Affiliation}}, p.Members...)
		}
	}
	if id := formID(v.Form.Get("interaction_id")); id != 0 {
		it, err := s.app.Relationships.GetInteraction(ctx, id)
		switch {
		case err == nil:
			p.Interaction = &it
		case !apperr.Is(err, apperr.NotFound):
			s.renderError(w, r, err)
			return
		}
	}
	v.Title, v.Nav, v.Data = "Add a follow-up", "followups", p
	s.render(w, r, status, "followup_form", v)
}
