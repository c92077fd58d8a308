package platforms

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// Discourse imports a Discourse forum from what it gives out, one file at
// a time:
//   - the user list an admin exports from Admin > Users > Export
//     (user_list_*.csv: id, name, username, email, ..., staged,
//     secondary_emails, topics_entered, ..., post_count, ...): each user a
//     member with their emails and the identity discourse:<username>.
//     Its counts (posts, likes, time read) are totals with no dates, so
//     they are not turned into activities: a count is not something a
//     member did on a day.
//   - posts as the API returns them, saved as JSON: /posts.json
//     ({"latest_posts": [...]}), a topic's /t/{id}.json ({"post_stream":
//     {"posts": [...]}}), or an array of posts. The first post of a topic
//     is starting it, every other post a reply, each on its date, by
//     username. The API gives no email: authors match a member with their
//     Discourse username, or come in named as the forum shows them.
//
// Which one a file is, is read from its first character: JSON starts with
// { or [.
type Discourse struct{}

// Kind implements imports.Importer.
func (Discourse) Kind() string { return "discourse" }

// Label implements imports.Importer.
func (Discourse) Label() string { return "Discourse user list (CSV) or posts (JSON)" }

// Preview implements imports.Importer.
func (d Discourse) Preview(r io.Reader, fileName string, _ imports.Mapping, rows int) (imports.Preview, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	format := "Discourse user list (CSV)"
	if isJSON(br) {
		format = "Discourse posts (JSON)"
	}
	return preview(d.Records(br, fileName, nil), format, rows)
}

// isJSON says whether br starts (after a BOM and space) as JSON does,
// with { or [, reading nothing from it.
func isJSON(br *bufio.Reader) bool {
	for n := 512; ; n *= 2 {
		data, err := br.Peek(n)
		t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(t) > 0 {
			return t[0] == '{' || t[0] == '['
		}
		if err != nil || n >= br.Size() {
			return false
		}
	}
}

// Records implements imports.Importer.
func (Discourse) Records(r io.Reader, fileName string, _ imports.Mapping) iter.Seq2[imports.Record, error] {
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	if isJSON(br) {
		return discoursePosts(br, fileName)
	}
	return discourseUsers(br, fileName)
}

// dcPost is the part of a Discourse post read.
type dcPost struct {
	ID         int64  `json:"id"`
	Username   string `json:"username"`
	Name       string `json:"name"`
	CreatedAt  string `json:"created_at"`
	PostNumber int    `json:"post_number"`
	PostType   int    `json:"post_type"` // 1 regular, 2 moderator action, 3 small action, 4 whisper
	TopicID    int64  `json:"topic_id"`
	TopicTitle string `json:"topic_title"`
	UserID     int64  `json:"user_id"`
	Deleted    string `json:"deleted_at"`
}

// dcPending is a post of a topic read before the topic's title.
type dcPending struct {
	raw  json.RawMessage
	line int
}

// discoursePosts yields a record per post as it reads them. The posts of
// a topic (/t/{id}.json, one page of a topic) wait for the end of the
// topic's object: its title comes after them.
func discoursePosts(r io.Reader, fileName string) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		people := seen{}
		stop := errors.New("stop")
		post := func(raw json.RawMessage, line int, topicTitle string) error {
			rec, ok, err := discoursePost(raw, line, fileName, topicTitle, people)
			if err != nil {
				return err
			}
			if ok && !yield(rec, nil) {
				return stop
			}
			return nil
		}
		var pending []dcPending
		w := &jsonItems{
			file: fileName,
			into: func(path string) bool {
				return path == "latest_posts" || path == "post_stream" || path == "post_stream.posts"
			},
			item: func(raw json.RawMessage, line int, in string) error {
				if in == "post_stream.posts" {
					pending = append(pending, dcPending{raw, line})
					return nil
				}
				return post(raw, line, "")
			},
			done: func(fields map[string]json.RawMessage) error {
				var title string
				_ = json.Unmarshal(fields["title"], &title)
				for _, p := range pending {
					if err := post(p.raw, p.line, title); err != nil {
						return err
					}
				}
				pending = pending[:0]
				return nil
			},
		}
		if err := w.run(r); err != nil && !errors.Is(err, stop) {
			yield(imports.Record{}, err)
		}
	}
}

// discoursePost reads one post: ok is false for one left out.
func discoursePost(raw json.RawMessage, line int, fileName, topicTitle string, people seen) (imports.Record, bool, error) {
	var p dcPost
	if err := json.Unmarshal(raw, &p); err != nil {
		return imports.Record{}, false, &imports.FileError{File: fileName, Line: line, Reason: "is not a Discourse post: " + err.Error()}
	}
	if p.Username == "" || p.PostNumber == 0 {
		return imports.Record{}, false, &imports.FileError{File: fileName, Line: line, Reason: "is not a Discourse post: no username or post_number"}
	}
	// Small actions ("closed this topic") and whispers are not
	// participation; nor are posts by the system user and its bots,
	// whose ids are negative.
	if (p.PostType != 0 && p.PostType != 1) || p.UserID < 0 || p.Deleted != "" {
		return imports.Record{}, false, nil
	}
	at, ok := parseTime(p.CreatedAt)
	if !ok {
		return imports.Record{}, false, &imports.FileError{File: fileName, Line: line, Reason: fmt.Sprintf("created_at %q is not an RFC 3339 time", p.CreatedAt)}
	}
	title := p.TopicTitle
	if title == "" {
		title = topicTitle
	}
	if title == "" {
		title = fmt.Sprintf("topic %d", p.TopicID)
	}
	a := imports.Activity{Source: "discourse", OccurredAt: at, ExternalID: fmt.Sprintf("post:%d", p.ID)}
	if p.ID == 0 {
		a.ExternalID = fmt.Sprintf("topic:%d/%d", p.TopicID, p.PostNumber)
	}
	if p.PostNumber == 1 {
		a.Kind, a.Title = "posted_forum", clean("Started the topic "+title, 300)
	} else {
		a.Kind, a.Title = "replied_forum", clean("Replied to "+title, 300)
	}
	user := clean(p.Username, members.MaxHandle)
	var per person
	per.m.Name = clean(p.Name, members.MaxName)
	if per.m.Name == "" {
		per.m.Name = user
	}
	per.m.Identities = []members.Identity{{Platform: "discourse", Handle: user}}
	per.set("identities", true)
	per.set("name", clean(p.Name, members.MaxName) != "")
	return people.record(strings.ToLower(user), line, per, a), true, nil
}

// discourseUsers reads an admin's user list export.
func discourseUsers(br *bufio.Reader, fileName string) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
			br.Discard(3)
		}
		cr := csv.NewReader(br)
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if errors.Is(err, io.EOF) {
			yield(imports.Record{}, &imports.FileError{File: fileName, Line: 1, Reason: "the file is empty: a Discourse user list starts with its header row"})
			return
		}
		if err != nil {
			yield(imports.Record{}, csvError(fileName, err))
			return
		}
		col := map[string]int{}
		for i, h := range header {
			col[strings.ToLower(strings.TrimSpace(h))] = i
		}
		for _, need := range []string{"username", "email"} {
			if _, ok := col[need]; !ok {
				yield(imports.Record{}, &imports.FileError{File: fileName, Line: 1, Reason: "has no " + need + " column: not a Discourse user list export"})
				return
			}
		}
		cell := func(row []string, name string) string {
			if i, ok := col[name]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		for {
			row, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				yield(imports.Record{}, csvError(fileName, err))
				return
			}
			line, _ := cr.FieldPos(0)
			user := clean(cell(row, "username"), members.MaxHandle)
			if user == "" {
				if !yield(imports.Record{Line: line, Problems: map[string]string{"identities": "the username is empty"}}, nil) {
					return
				}
				continue
			}
			// Discourse's own system user and bots have ids below 1.
			if id := cell(row, "id"); strings.HasPrefix(id, "-") || id == "0" {
				continue
			}
			var p person
			p.m.Name = clean(cell(row, "name"), members.MaxName)
			p.set("name", p.m.Name != "")
			if p.m.Name == "" {
				p.m.Name = user
			}
			var emails []string
			if e := cell(row, "email"); e != "" {
				emails = append(emails, e)
			}
			// secondary_emails are separated by ";" in the export.
			for _, e := range strings.FieldsFunc(cell(row, "secondary_emails"), func(r rune) bool { return r == ';' || r == ',' || r == ' ' }) {
				emails = append(emails, e)
			}
			for i, e := range emails {
				p.m.Emails = append(p.m.Emails, members.Email{Address: e, Primary: i == 0})
			}
			p.set("emails", len(emails) > 0)
			p.m.Identities = []members.Identity{{Platform: "discourse", Handle: user}}
			p.set("identities", true)
			if !yield(imports.Record{Line: line, Member: p.m, Fields: p.fields}, nil) {
				return
			}
		}
	}
}

// csvError names the line of a CSV problem.
func csvError(fileName string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &imports.FileError{File: fileName, Line: pe.Line, Reason: pe.Err.Error()}
	}
	return &imports.FileError{File: fileName, Reason: err.Error()}
}
