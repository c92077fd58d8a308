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
	t.Parallel()
	webtest.EachDialect(t, func(t *testing.T, env *webtest.Env) {
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
		webtest.Run(t, env, []webtest.Case{
			{
				Name: "1,000 tags",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?" + tags.Encode(), Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Code: apperr.Invalid, Field: "tag", Body: []string{"at most 50"}},
			},
			{
				Name: "1,000 tags as one comma list",
				Req:  webtest.Request{Method: "GET", Path: "/api/v1/members?tag=" + url.QueryEscape(strings.Join(list, ",")), Role: viewer},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "tag"},
			},
			{
				Name: "segment of 1,000 tags",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "All", "filter": map[string]any{"tags": list}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "filter.tags"},
			},
			{
				Name: "segment query of 1,000 tags",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "All", "query": tags.Encode()}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "query.tag"},
			},
			{
				Name: "segment of 70,000 ids",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/segments", Role: manager, JSON: map[string]any{"name": "All", "filter": map[string]any{"ids": ids}}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "filter.ids"},
			},
			{
				Name: "bulk tag of 10,001 ids",
				Req:  webtest.Request{Method: "POST", Path: "/api/v1/members/bulk-tag", Role: manager, JSON: map[string]any{"ids": ids[:10_001], "tag": "x"}},
				Want: webtest.Want{Status: http.StatusUnprocessableEntity, Field: "ids"},
			},
		})
	})
}
