package platforms

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/members"
)

// Slack imports a Slack workspace export: the zip an admin downloads from
// Settings > Import/Export Data. Its layout: users.json (everyone in the
// workspace), channels.json (public channels), groups.json and mpims.json
// (private channels and group conversations, in exports that include
// them), dms.json, and one folder per conversation, named as it is, with
// one YYYY-MM-DD.json array of messages per day.
//
// Each person in users.json is a member (bots and Slackbot are left out;
// deactivated people are kept, with the history they left), with their
// email when the export has it and the identity slack:<user id> (an id,
// not the display name: display names change and need not be unique). A
// message in a channel is "posted_chat", a reply in a thread
// "replied_chat", named channel/ts, Slack's own id for a message. Joins,
// leaves, topic changes and bots' messages are not participation and are
// left out; so are direct messages, which are private.
type Slack struct{}

// Kind implements imports.Importer.
func (Slack) Kind() string { return "slack" }

// Label implements imports.Importer.
func (Slack) Label() string { return "Slack workspace export (zip)" }

// Preview implements imports.Importer.
func (s Slack) Preview(r io.Reader, fileName string, _ imports.Mapping, rows int) (imports.Preview, error) {
	return preview(s.Records(r, fileName, nil), "Slack workspace export", rows)
}

type slackUser struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Deleted   bool   `json:"deleted"`
	RealName  string `json:"real_name"`
	TZ        string `json:"tz"`
	IsBot     bool   `json:"is_bot"`
	IsAppUser bool   `json:"is_app_user"`
	Profile   struct {
		RealName    string `json:"real_name"`
		DisplayName string `json:"display_name"`
		Email       string `json:"email"`
		Title       string `json:"title"`
	} `json:"profile"`
}

type slackChannel struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type slackMessage struct {
	Type     string `json:"type"`
	Subtype  string `json:"subtype"`
	User     string `json:"user"`
	TS       string `json:"ts"`
	ThreadTS string `json:"thread_ts"`
}

// slackPeople are the message subtypes that are a person saying
// something; every other subtype (channel_join, bot_message,
// channel_topic ...) is not.
var slackSpoken = map[string]bool{"": true, "thread_broadcast": true, "file_share": true, "me_message": true}

// Records implements imports.Importer. It yields each person of
// users.json as it reads them, then a record per message, channel by
// channel and day by day, naming its author by their identity only.
func (Slack) Records(r io.Reader, fileName string, _ imports.Mapping) iter.Seq2[imports.Record, error] {
	return func(yield func(imports.Record, error) bool) {
		stop := errors.New("stop")
		emit := func(rec imports.Record) error {
			if !yield(rec, nil) {
				return stop
			}
			return nil
		}
		if err := readSlack(r, fileName, emit); err != nil && !errors.Is(err, stop) {
			yield(imports.Record{}, err)
		}
	}
}

func readSlack(r io.Reader, fileName string, emit func(imports.Record) error) error {
	zr, done, err := openZip(r, fileName)
	if err != nil {
		return err
	}
	defer done()
	files := map[string]*zip.File{}
	byDir := map[string][]*zip.File{} // a conversation's folder: its days
	root := ""
	for _, f := range zr.File {
		files[f.Name] = f
		if dir, base := path.Split(f.Name); strings.HasSuffix(base, ".json") {
			byDir[dir] = append(byDir[dir], f)
		}
		// Some exports are re-zipped with a folder around them.
		if path.Base(f.Name) == "users.json" && (root == "" || len(f.Name) < len(root)+len("users.json")) {
			root = strings.TrimSuffix(f.Name, "users.json")
		}
	}
	uf, ok := files[root+"users.json"]
	if !ok {
		return &imports.FileError{File: fileName, Reason: "has no users.json: not a Slack workspace export"}
	}
	// The people whose messages count: a user id each, not their records.
	known := map[string]bool{}
	where := fileName + ": " + uf.Name
	err = eachZipItem(uf, fileName, func(raw json.RawMessage, line int, _ string) error {
		var u slackUser
		if err := json.Unmarshal(raw, &u); err != nil {
			return &imports.FileError{File: where, Line: line, Reason: "is not a Slack user: " + err.Error()}
		}
		if u.ID == "" {
			return &imports.FileError{File: where, Line: line, Reason: "is not a Slack user: no id"}
		}
		if u.IsBot || u.IsAppUser || u.ID == "USLACKBOT" {
			return nil
		}
		if known[u.ID] {
			return nil // a user listed twice is one person: the first entry stands
		}
		known[u.ID] = true
		var p person
		p.m.Name = clean(cmpOr(u.Profile.RealName, u.RealName, u.Profile.DisplayName, u.Name, u.ID), members.MaxName)
		p.set("name", true)
		if e := strings.TrimSpace(u.Profile.Email); e != "" {
			p.m.Emails = []members.Email{{Address: e, Primary: true}}
			p.set("emails", true)
		}
		if tz := strings.TrimSpace(u.TZ); tz != "" {
			if _, err := time.LoadLocation(tz); err == nil {
				p.m.TimeZone = tz
				p.set("time_zone", true)
			}
		}
		if t := clean(u.Profile.Title, 200); t != "" {
			p.m.JobTitle = t
			p.set("job_title", true)
		}
		p.m.Identities = []members.Identity{{Platform: "slack", Handle: clean(u.ID, members.MaxHandle)}}
		p.set("identities", true)
		return emit(imports.Record{Line: line, Member: p.m, Fields: p.fields})
	})
	if err != nil {
		return err
	}
	for _, list := range []struct{ file, what string }{{"channels.json", "channel"}, {"groups.json", "private channel"}, {"mpims.json", "group conversation"}} {
		cf, ok := files[root+list.file]
		if !ok {
			continue
		}
		// A workspace's channels are few: their names are kept.
		var chans []slackChannel
		where := fileName + ": " + cf.Name
		err = eachZipItem(cf, fileName, func(raw json.RawMessage, line int, _ string) error {
			var c slackChannel
			if err := json.Unmarshal(raw, &c); err != nil || c.Name == "" {
				return &imports.FileError{File: where, Line: line, Reason: "is not a Slack " + list.what + ": no name"}
			}
			chans = append(chans, c)
			return nil
		})
		if err != nil {
			return err
		}
		for _, c := range chans {
			if err := readChannel(byDir[root+c.Name+"/"], fileName, c, list.what, known, emit); err != nil {
				return err
			}
		}
	}
	return nil
}

// readChannel yields the messages of channel c from its day files, in
// date order, each as a record of its author's identity and the message.
func readChannel(days []*zip.File, fileName string, c slackChannel, what string, known map[string]bool, emit func(imports.Record) error) error {
	days = slices.Clone(days)
	slices.SortFunc(days, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	id := c.ID
	if id == "" {
		id = c.Name
	}
	place := "#" + c.Name
	if what == "group conversation" {
		place = "a group conversation"
	}
	posted, replied := clean("Posted in "+place, 300), clean("Replied in a thread in "+place, 300)
	for _, f := range days {
		where := fileName + ": " + f.Name
		err := eachZipItem(f, fileName, func(raw json.RawMessage, line int, _ string) error {
			var m slackMessage
			if err := json.Unmarshal(raw, &m); err != nil {
				return &imports.FileError{File: where, Line: line, Reason: "is not a Slack message: " + err.Error()}
			}
			if m.Type != "message" || !slackSpoken[m.Subtype] || !known[m.User] {
				return nil // not someone saying something, a bot, or someone not in users.json
			}
			at, ok := slackTime(m.TS)
			if !ok {
				return &imports.FileError{File: where, Line: line, Reason: fmt.Sprintf("ts %q is not a Slack timestamp", m.TS)}
			}
			a := imports.Activity{Source: "slack", OccurredAt: at, ExternalID: id + "/" + m.TS, Kind: "posted_chat", Title: posted}
			if m.ThreadTS != "" && m.ThreadTS != m.TS {
				a.Kind, a.Title = "replied_chat", replied
			}
			return emit(imports.Record{Line: line, Again: true, Activities: []imports.Activity{a},
				Member: members.Member{Name: m.User, Identities: []members.Identity{{Platform: "slack", Handle: clean(m.User, members.MaxHandle)}}}})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// slackTime reads a Slack ts ("1512085950.000216": seconds, then a
// sequence within the second).
func slackTime(ts string) (time.Time, bool) {
	sec, frac, _ := strings.Cut(ts, ".")
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n < 0 || n > 1<<40 || len(ts) > 40 {
		return time.Time{}, false
	}
	if _, err := strconv.ParseUint("0"+frac, 10, 64); err != nil {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// cmpOr is the first of vs that is not blank.
func cmpOr(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
