package participation

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// Activity is one thing a member did: attended a call, answered a
// question, reviewed a pull request. It is the raw fact the member's mode,
// stage and engagement are derived from.
type Activity struct {
	ID         int64     `json:"id"`
	MemberID   int64     `json:"member_id"`
	MemberName string    `json:"member_name,omitempty"`
	Kind       string    `json:"kind"`
	KindLabel  string    `json:"kind_label"`
	Mode       Mode      `json:"mode"` // the kind's mode now
	Source     string    `json:"source"`
	OccurredAt time.Time `json:"occurred_at"` // UTC, to the second
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	ExternalID string    `json:"external_id"`
	CreatedAt  time.Time `json:"created_at"`
}

// Sources Trellis itself writes. Any other valid source names the
// platform an activity came from ("github", "slack", "discourse").
//
// The rule: source says who vouches for the activity. A team member typing
// it in is "manual"; a file import that names no platform is "import"; a
// script that names none is "api"; Trellis's own programming (attendance,
// hosting) is "programming". A script or import that knows the platform
// names it, in lower case, so external ids stay unique within it: the same
// (source, external_id) is one activity however often it is sent.
const (
	SourceManual      = "manual"
	SourceImport      = "import"
	SourceAPI         = "api"
	SourceProgramming = "programming"
)

// sourcePattern is a source's name: a lower-case word such as "github" or
// "discourse-forum", at most 40 characters.
var sourcePattern = regexp.MustCompile(`^[a-z][a-z0-9._-]{0,39}$`)

// ValidSource reports whether s is a source name by the rule above.
func ValidSource(s string) bool { return sourcePattern.MatchString(s) }

// Limits of an activity's fields.
const (
	maxTitle      = 300
	maxURL        = 2000
	maxExternalID = 200
	// FutureSkew is how far ahead of the server's clock an activity may
	// be: clocks of the machines that send them drift, and a script
	// reporting something that just happened must not be refused for a
	// few seconds' difference. Anything later is a mistake.
	FutureSkew = 5 * time.Minute
)

// Item is an activity as a script or form sends it. Exactly one of
// MemberID and MemberEmail names the member; Source defaults to the
// caller's (api for the API, manual for the form).
type Item struct {
	MemberID    int64  `json:"member_id"`
	MemberEmail string `json:"member_email"`
	Kind        string `json:"kind"`
	OccurredAt  string `json:"occurred_at"` // RFC 3339
	Source      string `json:"source"`
	ExternalID  string `json:"external_id"`
	Title       string `json:"title"`
	URL         string `json:"url"`
}

// ItemError is what is wrong with one item of a batch (apperr's, so the
// API can list them in error.items).
type ItemError = apperr.ItemError

// row is a checked item ready to write; memberID is 0 until the email is
// resolved.
type row struct {
	pos        int // the item's index in the batch
	line       int
	memberID   int64
	email      string
	kind       string
	source     string
	occurredAt int64
	title, url string
	externalID string
}

// checker checks the items of one batch: the clock, the source of items
// that name none, and the known kinds by key. Members and kinds are looked
// up later, in bulk.
type checker struct {
	now           time.Time
	defaultSource string
	kinds         map[string]Kind
	// source is the last source found valid: a batch names one or two,
	// and the pattern need not run a million times.
	source string
}

// check normalises it into a row, reporting each problem through bad.
func (it *Item) check(r *row, c *checker, bad func(field, msg string)) {
	now, defaultSource, kinds := c.now, c.defaultSource, c.kinds
	for _, f := range [...]struct{ name, v string }{{"member_email", it.MemberEmail}, {"kind", it.Kind},
		{"occurred_at", it.OccurredAt}, {"source", it.Source}, {"external_id", it.ExternalID}, {"title", it.Title}, {"url", it.URL}} {
		if printable(f.v) {
			continue
		}
		if p := text.Problem(f.v); p != "" {
			bad(f.name, p)
			return
		}
	}
	r.email = strings.ToLower(strings.TrimSpace(it.MemberEmail))
	r.memberID = it.MemberID
	switch {
	case it.MemberID < 0:
		bad("member_id", "must be a positive whole number")
	case it.MemberID > 0 && r.email != "":
		bad("member_id", "give member_id or member_email, not both")
	case it.MemberID == 0 && r.email == "":
		bad("member_id", "is required (or member_email)")
	case r.email != "" && (len(r.email) > 320 || !strings.Contains(r.email, "@")):
		bad("member_email", "is not an email address")
	}
	r.kind = strings.ToLower(strings.TrimSpace(it.Kind))
	if r.kind == "" {
		bad("kind", "is required")
	} else if _, ok := kinds[r.kind]; !ok {
		bad("kind", "is not a known activity kind (see GET /api/v1/activity-kinds)")
	}
	r.source = strings.TrimSpace(it.Source)
	if r.source == "" {
		r.source = defaultSource
	}
	if r.source != c.source {
		switch {
		case !ValidSource(r.source):
			bad("source", "must be a lower-case name such as github: letters, digits, '.', '-' or '_', at most 40 characters")
		case r.source == SourceProgramming:
			// Trellis keeps these in step with attendance (see PutOwned); one
			// sent from outside would be overwritten or removed by it.
			bad("source", "programming is what Trellis writes from session attendance; record attendance on the session instead")
		default:
			c.source = r.source
		}
	}
	at, err := time.Parse(time.RFC3339, strings.TrimSpace(it.OccurredAt))
	switch {
	case strings.TrimSpace(it.OccurredAt) == "":
		bad("occurred_at", "is required")
	case err != nil:
		bad("occurred_at", "must be an RFC 3339 time such as 2026-11-30T14:05:00Z")
	case at.After(now.Add(FutureSkew)):
		bad("occurred_at", "is in the future")
	case at.Year() < 1970:
		bad("occurred_at", "must be after 1970")
	}
	r.occurredAt = at.Unix()
	r.externalID = strings.TrimSpace(it.ExternalID)
	if len(r.externalID) > maxExternalID {
		bad("external_id", "must be at most 200 bytes")
	}
	r.title = strings.TrimSpace(it.Title)
	if utf8.RuneCountInString(r.title) > maxTitle {
		bad("title", "must be at most 300 characters")
	}
	r.url = strings.TrimSpace(it.URL)
	if r.url != "" && !webURL(r.url) {
		bad("url", "must be a web address starting with http:// or https://, at most 2000 characters")
	}
}

// webURL reports whether s is an absolute http or https address.
func webURL(s string) bool {
	if len(s) > maxURL {
		return false
	}
	if plainWebURL(s) {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// printable reports whether s is printable ASCII alone, which text.Problem
// always accepts, without decoding it rune by rune.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// plainWebURL reports whether s is an http or https address of the plain
// kind url.Parse always accepts with a host: a host of letters, digits,
// dots and hyphens, then a path, query and fragment of printable ASCII
// without spaces, percent escapes or brackets. It is webURL's fast way;
// false means "ask url.Parse", not "bad".
func plainWebURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	host := 0
	for host < len(rest) && rest[host] != '/' && rest[host] != '?' && rest[host] != '#' {
		c := rest[host]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '.' && c != '-' {
			return false
		}
		host++
	}
	if host == 0 {
		return false
	}
	for i := host; i < len(rest); i++ {
		c := rest[i]
		if c <= ' ' || c > '~' || c == '%' || c == '[' || c == ']' || c == '\\' || c == '"' || c == '<' || c == '>' || c == '{' || c == '}' || c == '|' || c == '^' || c == '`' {
			return false
		}
	}
	return true
}
