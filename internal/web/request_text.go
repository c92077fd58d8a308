package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/text"
)

// checkText wraps a route's handler so that it runs only when every query
// parameter, and every field of a posted form, is text by package text's
// rule (valid UTF-8; no control characters but tab and line breaks). This
// is the one place query strings and forms are checked, before any handler
// reads them; JSON bodies are checked where they are decoded
// (httpx.DecodeJSON).
//
// A problem is Invalid (422) naming the parameter: JSON for the API; for
// the browser, the forms people type into (posted, or filled in through
// the query) are shown again with the problem beside the field and the
// offending characters taken out of what was typed (see textFormPage),
// and anything else (an edited link, a button's hidden field) gets the
// error page. Multipart forms (none yet) would need checking here too.
//
// Browsers send a textarea's line breaks as CRLF; a posted form's values
// reach handlers with plain line feeds, so text typed in a browser is
// stored the same way whatever the platform.
func (s *Server) checkText(rt Route) http.HandlerFunc {
	formPage := s.textFormPage(rt)
	return func(w http.ResponseWriter, r *http.Request) {
		var query, form apperr.FieldErrors
		httpx.CheckParams(&query, r.URL.Query())
		posted := !rt.API && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch)
		if posted && query == nil {
			if err := r.ParseForm(); err != nil {
				s.renderError(w, r, apperr.Wrap(err, apperr.Invalid, "The form could not be read."))
				return
			}
			httpx.CheckParams(&form, r.PostForm)
		}
		switch {
		case rt.API && query != nil:
			httpx.WriteError(w, r, s.log, query.Err())
		case query != nil && formPage != nil && r.Method == http.MethodGet:
			// A form that is filled in through GET (searching members, or
			// Find and Add on the interaction form, which carry everything
			// typed so far in the query).
			formPage(w, r, view{Form: cleanForm(r.URL.Query(), query), Errors: query,
				FormError: textProblems(query) + " They have been taken out below; check the text and try again."})
		case query != nil:
			s.renderError(w, r, &apperr.Error{Code: apperr.Invalid, Fields: query,
				Message: "This address cannot be used: " + textProblems(query) + " Check the link, or start again from the menu."})
		case form != nil && formPage != nil:
			formPage(w, r, view{Form: cleanForm(r.PostForm, form), Errors: form,
				FormError: "Nothing was saved: " + textProblems(form) + " They have been taken out below; check the text and save again."})
		case form != nil:
			s.renderError(w, r, &apperr.Error{Code: apperr.Invalid, Fields: form,
				Message: "Nothing was saved: " + textProblems(form) + " Go back to the form, correct it and send it again."})
		default:
			if posted {
				unCRLF(r.PostForm)
				unCRLF(r.Form)
			}
			rt.Handler(w, r)
		}
	}
}

// textProblems says what is wrong, field by field, as one sentence per
// field: `"summary" contains a control character (U+0000); ...`.
func textProblems(fe apperr.FieldErrors) string {
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(fe)) {
		if i > 0 {
			b.WriteByte(' ')
		}
		if !strings.HasPrefix(k, `"`) { // httpx.ShownName quoted a name that is not text
			k = strconv.Quote(k)
		}
		fmt.Fprintf(&b, "%s %s.", k, fe[k])
	}
	return b.String()
}

// unCRLF turns CRLF line breaks into line feeds in every value of v.
func unCRLF(v map[string][]string) {
	for _, vs := range v {
		for i, s := range vs {
			vs[i] = strings.ReplaceAll(s, "\r\n", "\n")
		}
	}
}

// cleanForm returns the form with the values of the fields named in bad
// made into text (package text's Clean), to show back to the person: the
// form pages look values up and echo them, and must not meet bad bytes.
func cleanForm(form url.Values, bad apperr.FieldErrors) url.Values {
	out := make(url.Values, len(form))
	for k, vs := range form {
		if _, isBad := bad[k]; !isBad && text.Valid(k) {
			out[k] = vs
			continue
		}
		clean := make([]string, len(vs))
		for i, v := range vs {
			clean[i] = text.Clean(v)
		}
		out[text.Clean(k)] = clean
	}
	return out
}
