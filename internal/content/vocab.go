package content

import "strings"

// Kind is what sort of piece an item is.
type Kind string

const (
	BlogPost        Kind = "blog_post"
	NewsArticle     Kind = "news_article"
	NewsletterIssue Kind = "newsletter_issue"
	Report          Kind = "report"
	Playbook        Kind = "playbook"
	Infographic     Kind = "infographic"
	Photo           Kind = "photo"
	Video           Kind = "video"
	Podcast         Kind = "podcast"
	SocialPost      Kind = "social_post"
	SlideDeck       Kind = "slide_deck"
	Dataset         Kind = "dataset"
	SoftwareRelease Kind = "software_release"
)

var kindLabels = map[Kind]string{
	BlogPost: "Blog post", NewsArticle: "News article", NewsletterIssue: "Newsletter issue",
	Report: "Report", Playbook: "Playbook or guide", Infographic: "Infographic", Photo: "Photo",
	Video: "Video", Podcast: "Podcast", SocialPost: "Social post", SlideDeck: "Slide deck",
	Dataset: "Dataset", SoftwareRelease: "Software release",
}

// Kinds lists every kind in the order the UI offers them.
func Kinds() []Kind {
	return []Kind{BlogPost, NewsArticle, NewsletterIssue, Report, Playbook, Infographic, Photo,
		Video, Podcast, SocialPost, SlideDeck, Dataset, SoftwareRelease}
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Label is the kind as the UI shows it.
func (k Kind) Label() string { return kindLabels[k] }

// Status is where an item stands, from an idea to published (or archived).
type Status string

const (
	Idea      Status = "idea"
	Drafting  Status = "drafting"
	InReview  Status = "in_review"
	Scheduled Status = "scheduled"
	Published Status = "published"
	Archived  Status = "archived"
)

var statusLabels = map[Status]string{
	Idea: "Idea", Drafting: "Drafting", InReview: "In review", Scheduled: "Scheduled",
	Published: "Published", Archived: "Archived",
}

// Statuses lists every status in the order the board shows them.
func Statuses() []Status { return []Status{Idea, Drafting, InReview, Scheduled, Published, Archived} }

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Label is the status as the UI shows it.
func (s Status) Label() string { return statusLabels[s] }

// Done reports whether an item in this status is out (or retired): a
// campaign counts it as done, and it is never overdue.
func (s Status) Done() bool { return s == Published || s == Archived }

// ChannelKind is where an item goes out.
type ChannelKind string

const (
	Website    ChannelKind = "website"
	Newsletter ChannelKind = "newsletter"
	Mastodon   ChannelKind = "mastodon"
	Bluesky    ChannelKind = "bluesky"
	LinkedIn   ChannelKind = "linkedin"
	Forum      ChannelKind = "forum"
	YouTube    ChannelKind = "youtube"
	Custom     ChannelKind = "custom" // with a label: "Slack", "Podcast feed"
)

var channelLabels = map[ChannelKind]string{
	Website: "Website", Newsletter: "Newsletter", Mastodon: "Mastodon", Bluesky: "Bluesky",
	LinkedIn: "LinkedIn", Forum: "Forum", YouTube: "YouTube", Custom: "Custom",
}

// ChannelKinds lists every channel kind in the order the UI offers them.
func ChannelKinds() []ChannelKind {
	return []ChannelKind{Website, Newsletter, Mastodon, Bluesky, LinkedIn, Forum, YouTube, Custom}
}

// Valid reports whether c is one of ChannelKinds.
func (c ChannelKind) Valid() bool { _, ok := channelLabels[c]; return ok }

// Label is the channel kind as the UI shows it.
func (c ChannelKind) Label() string { return channelLabels[c] }

// Channel is one place an item goes out; Label names a custom channel and
// is empty for the others.
type Channel struct {
	Kind  ChannelKind `json:"kind"`
	Label string      `json:"label,omitempty"`
}

// Name is the channel as the UI shows it: a custom channel by its label.
func (c Channel) Name() string {
	if c.Kind == Custom && c.Label != "" {
		return c.Label
	}
	return c.Kind.Label()
}

// MetricName is what a figure counts.
type MetricName string

const (
	Views        MetricName = "views"
	Clicks       MetricName = "clicks"
	Downloads    MetricName = "downloads"
	Attendees    MetricName = "attendees"
	CustomMetric MetricName = "custom" // with a label: "stars", "citations"
)

var metricLabels = map[MetricName]string{
	Views: "Views", Clicks: "Clicks", Downloads: "Downloads", Attendees: "Attendees", CustomMetric: "Custom",
}

// MetricNames lists every metric name in the order the UI offers them.
func MetricNames() []MetricName {
	return []MetricName{Views, Clicks, Downloads, Attendees, CustomMetric}
}

// Valid reports whether m is one of MetricNames.
func (m MetricName) Valid() bool { _, ok := metricLabels[m]; return ok }

// Label is the metric name as the UI shows it.
func (m MetricName) Label() string { return metricLabels[m] }

// joinNames lists values for an error message: "a, b, c".
func joinNames[T ~string](values []T) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return strings.Join(out, ", ")
}
