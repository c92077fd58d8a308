package web

import (
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
)

// Edit forms carry the version of the record they were filled from in a
// hidden "version" field. When someone else changed the record meanwhile,
// the domain refuses the save with a Conflict listing what changed; the
// form comes back with everything the person typed, the hidden version
// moved on to the record's current one, and the changes above it (the
// "stale" partial), so they can reconcile instead of overwriting a
// colleague's work without knowing it.

// staleNotice is what the "stale" partial shows.
type staleNotice struct {
	Changes []staleChange
	Message string // the domain's words, shown when Changes cannot be listed
}

// staleChange is one field that changed, as a person reads it.
type staleChange struct {
	Label, Old, New string
}

// formVersion reads the hidden version field: 0 when it is absent (a form
// from before versions existed saves as it always did), Invalid naming
// "version" when it is not a positive whole number.
func formVersion(form url.Values) (int64, error) {
	raw := strings.TrimSpace(form.Get("version"))
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n <= 0 {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "The form's version is not readable; reload the page and make your edit again.",
			Fields: map[string]string{"version": "must be a whole number"}}
	}
	return n, nil
}

// staleForm returns, when err refuses a save because the record changed
// since the form was filled, the notice to show and the submitted form
// with its version set to the record's current one; ok is false for any
// other error.
func staleForm(err error, form url.Values) (notice *staleNotice, kept url.Values, ok bool) {
	st := httpx.StaleOf(err)
	if st == nil {
		return nil, nil, false
	}
	_, msg, _ := httpx.Public(err)
	notice = &staleNotice{Changes: make([]staleChange, len(st.Changes)), Message: msg}
	for i, c := range st.Changes {
		notice.Changes[i] = staleChange{Label: changeLabel(c.Field), Old: c.Old, New: c.New}
	}
	kept = maps.Clone(form)
	if st.Version > 0 {
		kept.Set("version", strconv.FormatInt(st.Version, 10))
	}
	return notice, kept, true
}

// changeLabel turns a field's API name into words: "job_title" is "Job
// title", "preferences.timing" is "Timing", "custom_fields.lab" is
// `Custom field "lab"`.
func changeLabel(field string) string {
	if name, ok := strings.CutPrefix(field, "custom_fields."); ok {
		return `Custom field "` + name + `"`
	}
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		field = field[i+1:]
	}
	// One of a list, "indicators[0]", reads "Indicator 1".
	if base, idx, ok := strings.Cut(strings.TrimSuffix(field, "]"), "["); ok && strings.HasSuffix(field, "]") {
		if n, err := strconv.Atoi(idx); err == nil {
			field = strings.TrimSuffix(base, "s") + " " + strconv.Itoa(n+1)
		}
	}
	field = strings.ReplaceAll(field, "_", " ")
	if field == "" {
		return field
	}
	return strings.ToUpper(field[:1]) + field[1:]
}

// deleteVersion reads the version a delete button was shown with; on a
// form that cannot be read it renders the error and returns false.
func (s *Server) deleteVersion(w http.ResponseWriter, r *http.Request) (int64, bool) {
	if err := parseForm(r); err != nil {
		s.renderError(w, r, err)
		return 0, false
	}
	version, err := formVersion(r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return 0, false
	}
	return version, true
}

// staleDelete returns, when err refuses a delete because the record
// changed since its page was shown, a message for the page it goes back
// to, naming what changed.
func staleDelete(err error) (string, bool) {
	st := httpx.StaleOf(err)
	if st == nil {
		return "", false
	}
	if len(st.Changes) == 0 {
		_, msg, _ := httpx.Public(err)
		return "Nothing was deleted. " + msg, true
	}
	parts := make([]string, len(st.Changes))
	for i, c := range st.Changes {
		parts[i] = changeLabel(c.Field) + ": " + shortValue(c.Old) + " → " + shortValue(c.New)
	}
	return "Nothing was deleted: this changed since you opened it (" + strings.Join(parts, "; ") +
		"). Check the changes, then delete again if you still mean to.", true
}

// shortValue cuts a changed value for a one-line message.
func shortValue(v string) string {
	if v == "" {
		return "(empty)"
	}
	if r := []rune(v); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return v
}
