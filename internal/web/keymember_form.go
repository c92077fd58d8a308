package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/relationships"
)

// The key-member form's fields: cadence is one of the preset day counts
// ("14", "30", "91") or "custom", with the days in custom_days; groups are
// stakeholder group ids; note says why the person matters. Problems with
// the cadence come back from the domain as "cadence_days".

// keyMemberFormPage is what the key-member form shows.
type keyMemberFormPage struct {
	Member  members.Member
	IsKey   bool // already a key member: the form edits, and offers Remove
	Presets []cadencePreset
	Groups  []groupChoice
}

type cadencePreset struct {
	Days  string
	Label string
}

// groupChoice is one stakeholder group checkbox.
type groupChoice struct {
	ID      int64
	Name    string
	Checked bool
}

var cadencePresets = []cadencePreset{
	{strconv.Itoa(relationships.Fortnightly), "Every 2 weeks"},
	{strconv.Itoa(relationships.Monthly), "Monthly"},
	{strconv.Itoa(relationships.Quarterly), "Quarterly"},
}

// keyMemberForm shows the form that makes a member key, or edits their
// cadence, groups and note when they already are.
func (s *Server) keyMemberForm(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	id := m.ID
	form := url.Values{"cadence": {strconv.Itoa(relationships.Monthly)}}
	km, err := s.app.Relationships.GetKeyMember(r.Context(), id)
	isKey := err == nil
	switch {
	case isKey:
		form = keyMemberValues(km)
		form.Set("version", strconv.FormatInt(km.Version, 10))
	case !apperr.Is(err, apperr.NotFound):
		s.renderError(w, r, err)
		return
	}
	s.renderKeyMemberForm(w, r, http.StatusOK, m, isKey, view{Form: form})
}

// keyMemberSave makes the member key (or updates their record) and goes
// back to the member's page. An edit of a record someone changed (or
// removed) since the form was opened comes back, as typed, with what
// changed (409).
func (s *Server) keyMemberSave(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	id := m.ID
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	ctx := r.Context()
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	days, err := keyMemberCadence(r.PostForm)
	if err == nil {
		_, err = s.app.Relationships.SetKeyMemberAt(ctx, id, version, days, formIDs(r.PostForm["groups"]), r.PostForm.Get("note"))
	}
	if notice, form, stale := staleForm(err, r.PostForm); stale {
		_, kerr := s.app.Relationships.GetKeyMember(ctx, id)
		if kerr != nil {
			// No longer key: saving again makes them key anew.
			form.Del("version")
		}
		s.renderKeyMemberForm(w, r, http.StatusConflict, m, kerr == nil, view{Form: form, Stale: notice})
		return
	}
	if e, ok := asInvalid(err); ok {
		_, kerr := s.app.Relationships.GetKeyMember(ctx, id)
		s.renderKeyMemberForm(w, r, http.StatusUnprocessableEntity, m, kerr == nil,
			view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/members/"+strconv.FormatInt(id, 10), m.DisplayName()+" is a key member.")
}

// keyMemberCadence reads the chosen cadence in days. The form's own
// problems are reported on "cadence_days", as the domain's are.
func keyMemberCadence(form url.Values) (int, error) {
	var fe apperr.FieldErrors
	choice := strings.TrimSpace(form.Get("cadence"))
	switch {
	case choice == "":
		fe.Add("cadence_days", "choose how often they should hear from the team")
	case choice == "custom":
		n, err := strconv.Atoi(strings.TrimSpace(form.Get("custom_days")))
		if err != nil {
			fe.Add("cadence_days", "enter a whole number of days from %d to %d", relationships.MinCadence, relationships.MaxCadence)
			break
		}
		return n, nil
	default:
		if n, err := strconv.Atoi(choice); err == nil {
			return n, nil
		}
		fe.Add("cadence_days", "choose one of the cadences offered")
	}
	return 0, fe.Err()
}

// keyMemberValues fills the form from a stored record.
func keyMemberValues(km relationships.KeyMember) url.Values {
	v := url.Values{"note": {km.Note}}
	days := strconv.Itoa(km.CadenceDays)
	if slices.ContainsFunc(cadencePresets, func(p cadencePreset) bool { return p.Days == days }) {
		v.Set("cadence", days)
	} else {
		v.Set("cadence", "custom")
		v.Set("custom_days", days)
	}
	for _, g := range km.Groups {
		v.Add("groups", strconv.FormatInt(g.ID, 10))
	}
	return v
}

func (s *Server) renderKeyMemberForm(w http.ResponseWriter, r *http.Request, status int, m members.Member, isKey bool, v view) {
	groups, err := s.app.Relationships.ListGroups(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := keyMemberFormPage{Member: m, IsKey: isKey, Presets: cadencePresets}
	checked := formIDs(v.Form["groups"])
	for _, g := range groups {
		p.Groups = append(p.Groups, groupChoice{ID: g.ID, Name: g.Name, Checked: slices.Contains(checked, g.ID)})
	}
	v.Title = "Key member: " + m.DisplayName()
	v.Nav = "members"
	v.Data = p
	s.render(w, r, status, "keymember_form", v)
}
