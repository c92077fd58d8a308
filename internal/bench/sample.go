package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// sampleSize is how many members the routes draw their values from.
const sampleSize = 500

// sample reads sampleSize members, in the order they joined (which
// mixes names and places well), and takes from them the values the routes
// ask for. A community with no members cannot be benchmarked.
func (c *client) sample(ctx context.Context) (*Sample, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		fmt.Sprintf("%s/api/v1/members?sort=-joined&limit=%d", c.base, sampleSize), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bench: sample the community: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("bench: sample the community: status %d", resp.StatusCode)
	}
	var page struct {
		Members []struct {
			ID          int64  `json:"id"`
			Name        string `json:"name"`
			Affiliation string `json:"affiliation"`
			JobTitle    string `json:"job_title"`
			CareerStage string `json:"career_stage"`
		} `json:"members"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
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
	for _, l := range []*[]string{&s.GivenNames, &s.Affiliations, &s.JobTitles, &s.CareerStages} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	return s, nil
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
