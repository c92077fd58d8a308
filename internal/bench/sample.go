package bench

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// sampleSize is how many members the routes draw their values from.
const sampleSize = 500

// sample reads sampleSize members, in the order they joined (which
// mixes names and places well), and takes from them the values the routes
// ask for; then the months the content calendar holds, newest first. A
// community with no members cannot be benchmarked.
func (c *client) sample(ctx context.Context) (*Sample, error) {
	var page struct {
		Members []struct {
			ID          int64  `json:"id"`
			Name        string `json:"name"`
			Affiliation string `json:"affiliation"`
			JobTitle    string `json:"job_title"`
			CareerStage string `json:"career_stage"`
		} `json:"members"`
	}
	if err := c.getJSON(ctx, fmt.Sprintf("/api/v1/members?sort=-joined&limit=%d", sampleSize), &page); err != nil {
		return nil, fmt.Errorf("bench: sample the community: %w", err)
	}
	if len(page.Members) == 0 {
		return nil, fmt.Errorf("bench: the community has no members to read")
	}
	s := &Sample{}
	for _, m := range page.Members {
		s.MemberIDs = append(s.MemberIDs, m.ID)
		if f := strings.Fields(m.Name); len(f) > 0 {
			s.GivenNames = append(s.GivenNames, f[0])
		}
		s.Affiliations = appendFragment(s.Affiliations, m.Affiliation)
		s.JobTitles = appendFragment(s.JobTitles, m.JobTitle)
		if m.CareerStage != "" {
			s.CareerStages = append(s.CareerStages, m.CareerStage)
		}
	}
	// The months of the programming and content calendars: those the
	// content items fall in, which the demo spreads over the same year as
	// its sessions. From the newest item's month, look back two years.
	newest, err := c.contentDates(ctx, "")
	if err != nil {
		return nil, err
	}
	if len(newest) > 0 {
		first, err := time.Parse("2006-01", newest[0][:len("2006-01")])
		if err != nil {
			return nil, fmt.Errorf("bench: sample the content: date %q", newest[0])
		}
		for m := range 24 {
			from := first.AddDate(0, -m, 0)
			in, err := c.contentDates(ctx, fmt.Sprintf("&from=%s&to=%s", from.Format(time.DateOnly), from.AddDate(0, 1, -1).Format(time.DateOnly)))
			if err != nil {
				return nil, err
			}
			if len(in) > 0 {
				s.Months = append(s.Months, from.Format("2006-01"))
			}
		}
	}
	for _, l := range []*[]string{&s.GivenNames, &s.Affiliations, &s.JobTitles, &s.CareerStages, &s.Months} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	return s, nil
}

// contentDates reads the date of the newest content item matching query
// (appended to the list's query string): none when nothing matches.
func (c *client) contentDates(ctx context.Context, query string) ([]string, error) {
	var page struct {
		Items []struct {
			PlannedOn   string `json:"planned_on"`
			PublishedOn string `json:"published_on"`
		} `json:"items"`
	}
	if err := c.getJSON(ctx, "/api/v1/content?limit=1"+query, &page); err != nil {
		return nil, fmt.Errorf("bench: sample the content: %w", err)
	}
	var out []string
	for _, it := range page.Items {
		if on := cmp.Or(it.PublishedOn, it.PlannedOn); len(on) == len(time.DateOnly) {
			out = append(out, on)
		}
	}
	return out, nil
}

// getJSON reads path as the benchmark's user into v; any status but 200
// is an error.
func (c *client) getJSON(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return err
	}
	c.authorize(req)
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// appendFragment adds up to six letters from inside text's longest word,
// lower-cased, as someone who remembers part of an organisation or a title
// types it: "nivers" of "University of Nairobi".
func appendFragment(list []string, text string) []string {
	var longest string
	for _, w := range strings.Fields(text) {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(longest) {
			longest = w
		}
	}
	r := []rune(longest)
	if len(r) < 4 {
		return list
	}
	return append(list, strings.ToLower(string(r[1:min(len(r), 7)])))
}
