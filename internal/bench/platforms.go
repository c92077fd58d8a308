package bench

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// The files the platform benchmarks import, written as the platforms' own
// export tools write them (see internal/imports/attendance and
// internal/imports/platforms for the formats), so `trellis bench` times
// the import a manager runs, parsing included.

// WriteZoomReport writes a Zoom participant report of n rows for a call
// that started at start: n/2 people, each in the call twice (a dropped
// connection), so the import sums their minutes. Every other person is a
// guest without an email address, matched by name.
func WriteZoomReport(w io.Writer, n int, start time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	// Excel's UTF-8 mark and CRLF, as Zoom's download has them.
	bw.WriteString("\ufeffName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room\r\n")
	const layout = "01/02/2006 03:04:05 PM"
	people := max(1, (n+1)/2)
	for i := range n {
		p := i % people
		join := start.Add(time.Duration(i/people*30) * time.Minute)
		leave := join.Add(25 * time.Minute)
		email, guest := fmt.Sprintf("zoom-%d@bench.example.org", p), "No"
		if p%2 == 1 {
			email, guest = "", "Yes"
		}
		fmt.Fprintf(bw, "Zoom Participant %d,%s,%s,%s,25,%s,Y,No\r\n", p, email, join.Format(layout), leave.Format(layout), guest)
	}
	return bw.Flush()
}

// WriteSlackExport writes a Slack workspace export (a zip: users.json,
// channels.json, a folder per channel with a file per day) holding m
// messages from m/20 people (at least 5) over four channels, a fifth of
// them replies in a thread, on the days before end (an activity in the
// future would be left out).
func WriteSlackExport(w io.Writer, m int, end time.Time) error {
	zw := zip.NewWriter(w)
	people := max(5, m/20)
	type profile struct {
		RealName    string `json:"real_name"`
		DisplayName string `json:"display_name"`
		Email       string `json:"email,omitempty"`
		Title       string `json:"title"`
	}
	type user struct {
		ID       string  `json:"id"`
		TeamID   string  `json:"team_id"`
		Name     string  `json:"name"`
		Deleted  bool    `json:"deleted"`
		RealName string  `json:"real_name"`
		TZ       string  `json:"tz"`
		Profile  profile `json:"profile"`
		IsBot    bool    `json:"is_bot"`
	}
	users := make([]user, people)
	for i := range users {
		name := fmt.Sprintf("Slack Person %d", i)
		users[i] = user{ID: fmt.Sprintf("U%07d", i), TeamID: "T0001", Name: fmt.Sprintf("person%d", i), RealName: name, TZ: "Europe/Berlin",
			Profile: profile{RealName: name, DisplayName: fmt.Sprintf("p%d", i), Email: fmt.Sprintf("slack-%d@bench.example.org", i), Title: "Researcher"}}
	}
	if err := writeJSON(zw, "users.json", users); err != nil {
		return err
	}
	channels := []string{"general", "random", "help", "events"}
	type channel struct {
		ID        string   `json:"id"`
		Name      string   `json:"name"`
		Created   int64    `json:"created"`
		IsGeneral bool     `json:"is_general"`
		Members   []string `json:"members"`
	}
	var list []channel
	for i, c := range channels {
		list = append(list, channel{ID: fmt.Sprintf("C%07d", i), Name: c, Created: end.AddDate(-1, 0, 0).Unix(), IsGeneral: i == 0, Members: []string{users[0].ID}})
	}
	if err := writeJSON(zw, "channels.json", list); err != nil {
		return err
	}
	type message struct {
		Type     string `json:"type"`
		Text     string `json:"text"`
		User     string `json:"user"`
		TS       string `json:"ts"`
		ThreadTS string `json:"thread_ts,omitempty"`
	}
	// A day's file holds perDay messages of one channel, in time order.
	const perDay = 200
	start := end.AddDate(0, 0, -(m/perDay/len(channels) + 2))
	written := 0
	for day := 0; written < m; day++ {
		c := channels[day%len(channels)]
		date := start.AddDate(0, 0, day/len(channels))
		msgs := make([]message, 0, perDay)
		var root string
		for j := 0; j < perDay && written < m; j++ {
			ts := strconv.FormatInt(date.Unix()+int64(j*60), 10) + "." + fmt.Sprintf("%06d", written%1_000_000)
			msg := message{Type: "message", Text: "Has anyone tried the new pipeline? " + strconv.Itoa(written), User: users[(written*7919)%people].ID, TS: ts}
			if j%5 == 0 || root == "" {
				root = ts
			} else if j%5 == 4 {
				msg.ThreadTS = root
			}
			msgs = append(msgs, msg)
			written++
		}
		if err := writeJSON(zw, c+"/"+date.Format("2006-01-02")+".json", msgs); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writeJSON(zw *zip.Writer, name string, v any) error {
	f, err := zw.Create(name)
	if err != nil {
		return err
	}
	return json.NewEncoder(f).Encode(v)
}

// WriteGitHubActivity writes g items of a repository's activity as `gh
// api --paginate repos/O/R/issues` and `.../issues/comments` save them: a
// third issues, a third pull requests, a third comments on them, by g/10
// logins (at least 5), a minute apart before end.
func WriteGitHubActivity(w io.Writer, g int, end time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	start := end.Add(-time.Duration(g+1) * time.Minute)
	logins := max(5, g/10)
	type ghUser struct {
		Login string `json:"login"`
		ID    int64  `json:"id"`
		Type  string `json:"type"`
	}
	type item struct {
		URL         string          `json:"url"`
		HTMLURL     string          `json:"html_url"`
		IssueURL    string          `json:"issue_url,omitempty"`
		ID          int64           `json:"id"`
		Number      int64           `json:"number,omitempty"`
		Title       string          `json:"title,omitempty"`
		User        ghUser          `json:"user"`
		State       string          `json:"state,omitempty"`
		CreatedAt   string          `json:"created_at"`
		PullRequest json.RawMessage `json:"pull_request,omitempty"`
		Body        string          `json:"body"`
	}
	const repo = "https://github.com/bench/community"
	const api = "https://api.github.com/repos/bench/community"
	enc := json.NewEncoder(bw)
	// Pages of 100, back to back, as --paginate writes them.
	page := make([]item, 0, 100)
	flush := func() error {
		if len(page) == 0 {
			return nil
		}
		err := enc.Encode(page)
		page = page[:0]
		return err
	}
	for i := range g {
		n := int64(i/3 + 1)
		u := ghUser{Login: fmt.Sprintf("gh-person-%d", (i*7919)%logins), ID: int64(1000 + (i*7919)%logins), Type: "User"}
		at := start.Add(time.Duration(i) * time.Minute).UTC().Format(time.RFC3339)
		var it item
		switch i % 3 {
		case 0:
			it = item{URL: fmt.Sprintf("%s/issues/%d", api, n), HTMLURL: fmt.Sprintf("%s/issues/%d", repo, n), ID: 2_000_000 + n, Number: n,
				Title: "Pipeline fails on large inputs", User: u, State: "open", CreatedAt: at, Body: "Steps to reproduce..."}
		case 1:
			n += 1_000_000
			it = item{URL: fmt.Sprintf("%s/issues/%d", api, n), HTMLURL: fmt.Sprintf("%s/pull/%d", repo, n), ID: 2_000_000 + n, Number: n,
				Title: "Stream the input", User: u, State: "open", CreatedAt: at,
				PullRequest: json.RawMessage(fmt.Sprintf(`{"url": "%s/pulls/%d", "html_url": "%s/pull/%d"}`, api, n, repo, n)), Body: "Fixes a bug"}
		default:
			id := int64(3_000_000 + i)
			it = item{URL: fmt.Sprintf("%s/issues/comments/%d", api, id), HTMLURL: fmt.Sprintf("%s/issues/%d#issuecomment-%d", repo, n, id),
				IssueURL: fmt.Sprintf("%s/issues/%d", api, n), ID: id, User: u, CreatedAt: at, Body: "I can reproduce this"}
		}
		page = append(page, it)
		if len(page) == 100 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return bw.Flush()
}
