package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// redirectToCleanQuery sends a GET for a list page with empty parameters
// (what a filter form submits for every box left blank: some thirty on
// the members list) to the same page without them, and reports whether
// it did. canon, when given, first rewrites the query as the page needs;
// keys in keep are left as they are (their empty values mean something).
// Works without JavaScript: the browser follows the redirect, and the
// address bar, history and bookmarks keep the short URL.
func redirectToCleanQuery(w http.ResponseWriter, r *http.Request, canon func(url.Values) url.Values, keep ...string) bool {
	q := r.URL.Query()
	dirty := false
	if canon != nil {
		// First, so the page's own rules see the query as sent (an empty
		// value can mean something beside another field).
		before := q.Encode()
		q = canon(q)
		dirty = q.Encode() != before
	}
	for k, vs := range q {
		if slices.Contains(keep, k) {
			continue
		}
		kept := vs[:0:0]
		for _, v := range vs {
			if strings.TrimSpace(v) != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) != len(vs) {
			dirty = true
		}
		if len(kept) == 0 {
			delete(q, k)
		} else {
			q[k] = kept
		}
	}
	if !dirty {
		return false
	}
	to := r.URL.Path
	if enc := q.Encode(); enc != "" {
		to += "?" + enc
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return true
}
