package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/content"
	"github.com/trellis-community/trellis/internal/httpx"
)

// contentPage is one item in full, with its figures' history and, for a
// pillar, its campaign.
type contentPage struct {
	content.Item
	Today       string
	Overdue     bool
	PastReview  bool
	History     []content.Metric
	MetricNames []content.MetricName
	Statuses    []content.Status
	Campaign    *content.Campaign
	Templates   []content.Template
	Back        string
}

// contentShow shows an item: its facts, figures, where it stands, and for
// a pillar its campaign's progress, timeline and what is overdue.
func (s *Server) contentShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderContentShow(w, r, http.StatusOK, id, view{})
}

// renderContentShow shows item id's page with v (a figure or campaign
// form sent back with its problems).
func (s *Server) renderContentShow(w http.ResponseWriter, r *http.Request, status int, id int64, v view) {
	ctx := r.Context()
	it, err := s.app.Content.Get(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	today := s.today()
	p := contentPage{Item: it, Today: today, Overdue: it.Overdue(today), PastReview: it.PastReview(today),
		MetricNames: content.MetricNames(), Statuses: content.Statuses(), Back: "/content/" + strconv.FormatInt(id, 10)}
	if p.History, err = s.app.Content.Metrics(ctx, id); err != nil {
		s.renderError(w, r, err)
		return
	}
	if it.IsPillar {
		c, err := s.app.Content.Campaign(ctx, id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		p.Campaign = &c
	}
	if it.PillarID == nil {
		if p.Templates, err = s.app.Content.Templates(ctx); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	v.Title, v.Nav, v.Data = it.Title, "content", p
	s.render(w, r, status, "content_show", v)
}

// contentMetricAdd records a figure read for the item; a reading with
// problems comes back on the item's page beside its fields (422).
func (s *Server) contentMetricAdd(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	f := r.PostForm
	in := content.MetricInput{Name: content.MetricName(f.Get("name")), Label: f.Get("label"), ReadOn: f.Get("read_on")}
	if raw := f.Get("value"); raw != "" {
		if v, err := strconv.ParseFloat(raw, 64); err == nil {
			in.Value = &v
		} else {
			bad := -1.0 // read as "not a number from 0 up"
			in.Value = &bad
		}
	}
	_, err = s.app.Content.AddMetric(r.Context(), id, in)
	if e, ok := asInvalid(err); ok {
		s.renderContentShow(w, r, http.StatusUnprocessableEntity, id, view{Form: f, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/content/"+strconv.FormatInt(id, 10)+"#figures", "Figure recorded.")
}

// contentStatus moves an item to another status: the small form on each
// board card and on the item's page. back (a local path) is where to
// return.
func (s *Server) contentStatus(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	back := localPath(r.PostForm.Get("back"), "/content/"+strconv.FormatInt(id, 10))
	it, err := s.app.Content.SetStatus(r.Context(), id, version, content.Status(r.PostForm.Get("status")))
	if httpx.StaleOf(err) != nil {
		s.redirectProblem(w, r, back, "Not moved: someone changed this item since the page was shown. Check it, then move it again.")
		return
	}
	if e, ok := asInvalid(err); ok {
		s.redirectProblem(w, r, back, "Not moved: "+e.Message+" Edit the item to fill in what it needs.")
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, back, "“"+it.Title+"” is now "+it.Status.Label()+".")
}

// contentCampaignApply plans a pillar's campaign from a template: every
// item and session or none. A template whose entries do not make valid items comes
// back on the page naming each entry and field (422).
func (s *Server) contentCampaignApply(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	in := content.CampaignInput{TemplateID: formID(r.PostForm.Get("template_id")), LaunchOn: r.PostForm.Get("launch_on")}
	c, err := s.app.Content.ApplyTemplate(r.Context(), id, in)
	if e, ok := asInvalid(err); ok {
		s.renderContentShow(w, r, http.StatusUnprocessableEntity, id, view{Form: r.PostForm, Errors: e.Fields, FormError: e.Message})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	msg := fmt.Sprintf("Campaign planned: %d items and %d sessions in its timeline.", len(c.Items), len(c.Sessions))
	if len(c.Notes) > 0 {
		msg += " " + strings.Join(c.Notes, " ")
	}
	s.redirect(w, r, "/content/"+strconv.FormatInt(id, 10)+"#campaign", msg)
}

// contentMetricOptions are the figures the record-a-figure form offers.
func contentMetricOptions() []option {
	var out []option
	for _, m := range content.MetricNames() {
		out = append(out, option{Value: string(m), Label: m.Label()})
	}
	return out
}

// contentOptions turns a content vocabulary (kinds, statuses, channels)
// into a select's options.
func contentOptions(values any) []option {
	var out []option
	add := func(v, l string) { out = append(out, option{Value: v, Label: l}) }
	switch vs := values.(type) {
	case []content.Kind:
		for _, v := range vs {
			add(string(v), v.Label())
		}
	case []content.Status:
		for _, v := range vs {
			add(string(v), v.Label())
		}
	case []content.ChannelKind:
		for _, v := range vs {
			add(string(v), v.Label())
		}
	}
	return out
}
