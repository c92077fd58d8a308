package platforms

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"regexp"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// GitHub imports activity on a GitHub repository from the REST API's JSON
// as `gh api --paginate` saves it, one or several endpoints' output in one
// file (pages back to back, or --slurp's array of pages):
// repos/O/R/issues (issues, and pull requests: they carry a pull_request
// key), repos/O/R/pulls, repos/O/R/issues/comments, repos/O/R/pulls/comments
// and repos/O/R/pulls/N/reviews. Each author (user.login) is a member with
// the identity github:<login>; the API gives no email or name, so a login
// matches a member who already has it, and a new member is named by it.
// Bots (type "Bot", a login ending in [bot]) and deleted accounts (no
// user) are left out. A pull request listed both as an issue and as a
// pull is one activity: both name it by its html_url.
type GitHub struct{}

// Kind implements imports.Importer.
func (GitHub) Kind() string { return "github" }

// Label implements imports.Importer.
func (GitHub) Label() string { return "GitHub activity (JSON saved by gh api)" }

// Preview implements imports.Importer.
func (g GitHub) Preview(r io.Reader, fileName string, _ imports.Mapping, rows int) (imports.Preview, error) {
	return preview(g.Records(r, fileName, nil), "GitHub API export (JSON)", rows)
}

// ghItem is the part of any of the endpoints' objects read.
type ghItem struct {
	User *struct {
		Login string `json:"login"`
		Type  string `json:"type"`
	} `json:"user"`
	HTMLURL     string          `json:"html_url"`
	Number      int64           `json:"number"`
	Title       string          `json:"title"`
	CreatedAt   string          `json:"created_at"`
	SubmittedAt string          `json:"submitted_at"` // reviews
	State       string          `json:"state"`
	PullRequest json.RawMessage `json:"pull_request"`           // issues that are pull requests
	Head        json.RawMessage `json:"head"`                   // pulls
	IssueURL    string          `json:"issue_url"`              // issue comments
	ReviewID    *int64          `json:"pull_request_review_id"` // review comments
	PullURL     string          `json:"pull_request_url"`       // reviews, review comments
	CommitID    string          `json:"commit_id"`
}

// ghTarget reads "owner/repo#12" out of an item's address.
var ghTarget = regexp.MustCompile(`^https?://[^/]+/([^/]+/[^/]+)/(?:issues|pull)/(\d+)`)

// Records implements imports.Importer. It yields a record per item, as
// it reads them.
func (GitHub) Records(r io.Reader, fileName string, _ imports.Mapping) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		people := seen{}
		stop := errors.New("stop")
		w := &jsonItems{file: fileName, item: func(raw json.RawMessage, line int, _ string) error {
			rec, ok, err := githubItem(raw, line, fileName, people)
			if err != nil {
				return err
			}
			if ok && !yield(rec, nil) {
				return stop
			}
			return nil
		}}
		if err := w.run(r); err != nil && err != stop {
			yield(imports.Record{}, err)
		}
	}
}

// githubItem reads one item of the API's output: ok is false for one
// left out (a bot's, a ghost's, a pending review).
func githubItem(raw json.RawMessage, line int, fileName string, people seen) (imports.Record, bool, error) {
	var it ghItem
	if err := json.Unmarshal(raw, &it); err != nil {
		return imports.Record{}, false, &imports.FileError{File: fileName, Line: line, Reason: "is not a GitHub API object: " + err.Error()}
	}
	if it.User == nil || it.User.Login == "" || it.User.Type == "Bot" || strings.HasSuffix(it.User.Login, "[bot]") {
		return imports.Record{}, false, nil
	}
	login := clean(it.User.Login, members.MaxHandle)
	if it.HTMLURL == "" {
		return imports.Record{}, false, &imports.FileError{File: fileName, Line: line, Reason: "has no html_url: not an issue, pull request, comment or review from the GitHub API"}
	}
	a := imports.Activity{Source: "github", URL: it.HTMLURL, ExternalID: it.HTMLURL}
	target := ""
	if m := ghTarget.FindStringSubmatch(it.HTMLURL); m != nil {
		target = m[1] + "#" + m[2]
	}
	at := it.CreatedAt
	switch {
	case it.SubmittedAt != "" || (it.CommitID != "" && it.PullURL != "" && it.ReviewID == nil && it.CreatedAt == ""):
		if it.State == "PENDING" || it.SubmittedAt == "" {
			return imports.Record{}, false, nil // a review not submitted yet is not done
		}
		at = it.SubmittedAt
		a.Kind, a.Title = "reviewed_pull_request", "Reviewed "+target
	case it.IssueURL != "" && it.Number == 0, it.ReviewID != nil:
		a.Kind, a.Title = "commented_code", "Commented on "+target
	case it.Number != 0 && (len(it.PullRequest) > 0 && string(it.PullRequest) != "null" || len(it.Head) > 0):
		a.Kind, a.Title = "opened_pull_request", fmt.Sprintf("Opened pull request %s: %s", target, it.Title)
	case it.Number != 0:
		a.Kind, a.Title = "opened_issue", fmt.Sprintf("Opened issue %s: %s", target, it.Title)
	default:
		return imports.Record{}, false, &imports.FileError{File: fileName, Line: line, Reason: "is not an issue, pull request, comment or review from the GitHub API"}
	}
	t, ok := parseTime(at)
	if !ok {
		return imports.Record{}, false, &imports.FileError{File: fileName, Line: line, Reason: fmt.Sprintf("date %q is not an RFC 3339 time", at)}
	}
	a.OccurredAt, a.Title = t, clean(a.Title, 300)
	if len(a.ExternalID) > 200 {
		a.ExternalID = a.ExternalID[:200]
	}
	var p person
	p.m.Name = login
	p.m.Identities = []members.Identity{{Platform: "github", Handle: login}}
	// Only the identity is offered to a member already here: a login is
	// no one's name, and must not replace theirs.
	p.set("identities", true)
	return people.record(strings.ToLower(login), line, p, a), true, nil
}
