package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/web/webtest"
)

// Large filters answer a clear 422 naming the list on both engines, where
// 1,000 tags once answered 500 ("Expression tree is too large"), and so
// does saving them as a segment.
func TestLargeFiltersAreRefused(t *testing.T) {
	eachDialect(t, func(t *testing.T, env *webtest.Env) {
		tags := url.Values{}
		var list []string
		for i := range 1000 {
			tags.Add("tag", fmt.Sprintf("t%d", i))
			list = append(list, fmt.Sprintf("t%d", i))
		}
		ids := make([]int64, 70_000)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		run(t, env, []apiCase{
			{name: "1,000 tags", method: "GET", path: "/api/v1/members?" + tags.Encode(), role: viewer,
				status: http.StatusUnprocessableEntity, code: apperr.Invalid, field: "tag", want: []string{"at most 50"}},
			{name: "1,000 tags as one comma list", method: "GET", path: "/api/v1/members?tag=" + url.QueryEscape(strings.Join(list, ",")),
				role: viewer, status: http.StatusUnprocessableEntity, field: "tag"},
			{name: "segment of 1,000 tags", method: "POST", path: "/api/v1/segments", role: manager,
				body:   map[string]any{"name": "All", "filter": map[string]any{"tags": list}},
				status: http.StatusUnprocessableEntity, field: "filter.tags"},
			{name: "segment query of 1,000 tags", method: "POST", path: "/api/v1/segments", role: manager,
				body:   map[string]any{"name": "All", "query": tags.Encode()},
				status: http.StatusUnprocessableEntity, field: "query.tag"},
			{name: "segment of 70,000 ids", method: "POST", path: "/api/v1/segments", role: manager,
				body:   map[string]any{"name": "All", "filter": map[string]any{"ids": ids}},
				status: http.StatusUnprocessableEntity, field: "filter.ids"},
			{name: "bulk tag of 10,001 ids", method: "POST", path: "/api/v1/members/bulk-tag", role: manager,
				body:   map[string]any{"ids": ids[:10_001], "tag": "x"},
				status: http.StatusUnprocessableEntity, field: "ids"},
		})
	})
}
