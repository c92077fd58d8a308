package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/members"
	"github.com/trellis-community/trellis/internal/participation"
)

// The form to log an activity by hand: kind, occurred_at (a local date
// and time in the community's time zone, as <input type=datetime-local>
// sends it), title and url. Its source is "manual".

// activityFormPage is what the form shows.
type activityFormPage struct {
	Member members.Member
	Kinds  []option
	Zone   string // the community's time zone, which occurred_at is read in
}

// localMinute is how datetime-local writes a time.
const localMinute = "2006-01-02T15:04"

// activityNew shows the form, set to now.
func (s *Server) activityNew(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	form := url.Values{"occurred_at": {s.now().In(s.app.Location).Format(localMinute)}}
	s.renderActivityForm(w, r, http.StatusOK, m, view{Form: form})
}

// activityLog records the activity and goes back to the member's page.
func (s *Server) activityLog(w http.ResponseWriter, r *http.Request) {
	m, ok := s.loadMember(w, r)
	if !ok {
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	form := r.PostForm
	it := participation.Item{Kind: form.Get("kind"), Title: form.Get("title"), URL: form.Get("url")}
	raw := strings.TrimSpace(form.Get("occurred_at"))
	if at, err := time.ParseInLocation(localMinute, raw, s.app.Location); err == nil {
		it.OccurredAt = at.Format(time.RFC3339)
	} else if raw != "" {
		it.OccurredAt = "not a time" // checked, and named, with the rest
	}
	a, err := s.app.Participation.LogActivity(r.Context(), m.ID, it)
	if e, ok := asInvalid(err); ok {
		fields := e.Fields
		if _, bad := fields["occurred_at"]; bad && raw != "" {
			fields["occurred_at"] = "must be a date and time, not in the future"
		}
		s.renderActivityForm(w, r, http.StatusUnprocessableEntity, m, view{Form: form, Errors: fields, FormError: "The activity was not saved."})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, memberPath(m.ID), "Activity logged for "+m.DisplayName()+", "+a.OccurredAt.In(s.app.Location).Format("2 Jan 2006")+".")
}

func (s *Server) renderActivityForm(w http.ResponseWriter, r *http.Request, status int, m members.Member, v view) {
	kinds, err := s.app.Participation.Kinds(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := activityFormPage{Member: m, Zone: s.app.Location.String()}
	for _, k := range kinds {
		p.Kinds = append(p.Kinds, option{k.Key, k.Label + " (" + k.Mode.Label() + ")"})
	}
	v.Title, v.Nav, v.Data = "Log an activity: "+m.DisplayName(), "members", p
	s.render(w, r, status, "activity_form", v)
}
