package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/content"
)

// Campaign templates are edited as a table of rows, one planned item a
// row, whose inputs repeat: entry_kind, entry_channel,
// entry_channel_label, entry_title and entry_offset, the nth of each
// making row n. Rows left blank are dropped; three blank rows follow the
// filled ones for adding more.

// contentTemplatesPage lists the templates with the form for a new one,
// or shows one template's form.
type contentTemplatesPage struct {
	Templates []content.Template
	Editing   *content.Template
	Rows      []templateRow
	Kinds     []content.Kind
	Channels  []content.ChannelKind
	Action    string
	// The sessions table (content_template_session.go).
	SessionRows     []sessionEntryRow
	ProgrammeKinds  []option
	Programmes      []option
	programmeTitles map[int64]string
}

// Describe is a template's session entry in words.
func (p contentTemplatesPage) Describe(e content.TemplateEntry) string {
	return describeSession(e, p.programmeTitles)
}

// templateRow is one row of the entries table, as typed.
type templateRow struct {
	N                                   int // from 0
	Kind, Channel, Label, Title, Offset string
}

const blankTemplateRows = 3

// templateRows reads the rows typed into form, blank ones included.
func templateRows(form url.Values) []templateRow {
	n := max(len(form["entry_kind"]), len(form["entry_channel"]), len(form["entry_title"]), len(form["entry_offset"]))
	at := func(key string, i int) string {
		if vs := form[key]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	rows := make([]templateRow, n)
	for i := range rows {
		rows[i] = templateRow{N: i, Kind: at("entry_kind", i), Channel: at("entry_channel", i),
			Label: at("entry_channel_label", i), Title: at("entry_title", i), Offset: at("entry_offset", i)}
	}
	return rows
}

// templateInput reads the form; rowOf[i] is the row entry i came from
// ("entry.2", "session.0"): items first, then sessions.
func templateInput(form url.Values) (in content.TemplateInput, rowOf []string, bad map[string]string) {
	in = content.TemplateInput{Name: form.Get("name"), Description: form.Get("description")}
	bad = map[string]string{}
	for _, r := range templateRows(form) {
		if r.Kind == "" && r.Channel == "" && r.Title == "" && r.Label == "" && (r.Offset == "" || r.Offset == "0") {
			continue
		}
		offset, err := strconv.Atoi(r.Offset)
		if err != nil && r.Offset != "" {
			bad[fmt.Sprintf("entry.%d.offset", r.N)] = fmt.Sprintf("row %d: must be a whole number of days", r.N+1)
		}
		in.Entries = append(in.Entries, content.TemplateEntry{Kind: content.Kind(r.Kind), Channel: content.ChannelKind(r.Channel),
			ChannelLabel: r.Label, TitlePattern: r.Title, OffsetDays: offset})
		rowOf = append(rowOf, fmt.Sprintf("entry.%d", r.N))
	}
	sessions, keys := sessionEntries(form, bad)
	in.Entries, rowOf = append(in.Entries, sessions...), append(rowOf, keys...)
	return in, rowOf, bad
}

var entryField = regexp.MustCompile(`^entries\[(\d+)\]\.(\w+)$`)

// templateErrors puts the domain's entries[i].field problems on the rows
// they came from.
func templateErrors(fields map[string]string, rowOf []string) map[string]string {
	out := map[string]string{}
	short := map[string]string{"kind": "kind", "channel": "channel", "channel_label": "label", "title_pattern": "title", "offset_days": "offset"}
	for k, msg := range fields {
		if m := entryField.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			if i < len(rowOf) {
				row, n, _ := strings.Cut(rowOf[i], ".")
				num, _ := strconv.Atoi(n)
				name, words := short[m[2]], "row"
				if row == "session" {
					name, words = sessionField[m[2]], "session"
				}
				if name == "" {
					name = "title"
				}
				out[rowOf[i]+"."+name] = fmt.Sprintf("%s %d: %s", words, num+1, msg)
				continue
			}
		}
		out[k] = msg
	}
	return out
}

func (s *Server) renderTemplates(w http.ResponseWriter, r *http.Request, status int, editing *content.Template, v view) {
	list, err := s.app.Content.Templates(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := contentTemplatesPage{Templates: list, Editing: editing, Kinds: content.Kinds(), Channels: content.ChannelKinds(), Action: "/content/templates",
		programmeTitles: map[int64]string{}}
	if p.ProgrammeKinds, p.Programmes, err = s.programmeOptions(r.Context()); err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, o := range p.Programmes {
		p.programmeTitles[formID(o.Value)] = o.Label
	}
	if editing != nil {
		p.Action = "/content/templates/" + strconv.FormatInt(editing.ID, 10) + "/edit"
	}
	if v.Form == nil {
		v.Form = url.Values{}
	}
	p.Rows = templateRows(v.Form)
	for range blankTemplateRows {
		p.Rows = append(p.Rows, templateRow{N: len(p.Rows)})
	}
	p.SessionRows = sessionEntryRows(v.Form)
	for range blankSessionRows {
		p.SessionRows = append(p.SessionRows, sessionEntryRow{N: len(p.SessionRows)})
	}
	v.Title, v.Nav, v.Data = "Campaign templates", "content", p
	if editing != nil {
		v.Title = "Campaign template: " + editing.Name
	}
	s.render(w, r, status, "content_templates", v)
}

// templateValues fills the form from a stored template.
func templateValues(t content.Template) url.Values {
	v := url.Values{"name": {t.Name}, "description": {t.Description}}
	for _, e := range t.Entries {
		if e.IsSession() {
			addSessionValues(v, e)
			continue
		}
		v.Add("entry_kind", string(e.Kind))
		v.Add("entry_channel", string(e.Channel))
		v.Add("entry_channel_label", e.ChannelLabel)
		v.Add("entry_title", e.TitlePattern)
		v.Add("entry_offset", strconv.Itoa(e.OffsetDays))
	}
	return v
}

// contentTemplates lists the campaign templates with a form for a new one.
func (s *Server) contentTemplates(w http.ResponseWriter, r *http.Request) {
	s.renderTemplates(w, r, http.StatusOK, nil, view{})
}

// contentTemplateShow shows one template's form.
func (s *Server) contentTemplateShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	t, err := s.app.Content.Template(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderTemplates(w, r, http.StatusOK, &t, view{Form: templateValues(t)})
}

// contentTemplateSave creates (POST /content/templates) or replaces (POST
// /content/templates/{id}/edit) a template; problems come back on their rows.
func (s *Server) contentTemplateSave(w http.ResponseWriter, r *http.Request) {
	var editing *content.Template
	if r.PathValue("id") != "" {
		id, err := pathID(r)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		t, err := s.app.Content.Template(r.Context(), id)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		editing = &t
	}
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return
	}
	in, rowOf, bad := templateInput(r.PostForm)
	var t content.Template
	var err error
	if len(bad) == 0 {
		if editing == nil {
			t, err = s.app.Content.CreateTemplate(r.Context(), in)
		} else {
			t, err = s.app.Content.UpdateTemplate(r.Context(), editing.ID, in)
		}
	}
	if e, ok := asInvalid(err); ok || len(bad) > 0 {
		errs := bad
		msg := "Please correct the highlighted fields."
		if ok {
			errs, msg = templateErrors(e.Fields, rowOf), "Nothing was saved: please correct the highlighted fields."
		}
		s.renderTemplates(w, r, http.StatusUnprocessableEntity, editing, view{Form: r.PostForm, Errors: errs, FormError: msg})
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/content/templates/"+strconv.FormatInt(t.ID, 10)+"/edit", "Campaign template saved.")
}

// contentTemplateDelete removes a template; items it planned stay.
func (s *Server) contentTemplateDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if err := s.app.Content.DeleteTemplate(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	s.redirect(w, r, "/content/templates", "Campaign template deleted.")
}

// Num is the row's number as a person counts, from 1.
func (r templateRow) Num() int { return r.N + 1 }
