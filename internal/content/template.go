package content

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/store"
	"github.com/trellis-community/trellis/internal/text"
)

// Template is a campaign template: the items a pillar's campaign plans,
// each at an offset from the launch date.
type Template struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Entries     []TemplateEntry `json:"entries"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// TemplateEntry is one planned item: "newsletter issue in the newsletter,
// 14 days after the launch, titled “In the newsletter: {pillar}”".
// TitlePattern may hold {pillar} (the pillar's title) and {date} (the
// item's planned date).
type TemplateEntry struct {
	Kind         Kind        `json:"kind"`
	Channel      ChannelKind `json:"channel,omitempty"`
	ChannelLabel string      `json:"channel_label,omitempty"`
	TitlePattern string      `json:"title_pattern"`
	OffsetDays   int         `json:"offset_days"`
	// The rest is for entries of kind "session" only; see SessionEntry.
	ProgrammeKind   string `json:"programme_kind,omitempty"`
	ProgrammeID     *int64 `json:"programme_id,omitempty"`
	StartTime       string `json:"start_time,omitempty"` // HH:MM; "" the programme's usual time
	TimeZone        string `json:"time_zone,omitempty"`  // "" the programme's usual zone
	DurationMinutes int    `json:"duration_minutes,omitempty"`
}

// TemplateInput is what a person writes into a template.
type TemplateInput struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Entries     []TemplateEntry `json:"entries"`
}

// Limits of a template.
const (
	maxTemplateName    = 200
	maxTemplateEntries = 100
	maxOffsetDays      = 730
)

func (in *TemplateInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	// The entries are the caller's slice: normalize a copy, never the
	// caller's (two requests built from one template would race).
	in.Entries = slices.Clone(in.Entries)
	for i := range in.Entries {
		in.Entries[i].normalize()
	}
}

func (in *TemplateInput) check(fe *apperr.FieldErrors) {
	text.Check(fe, "name", in.Name)
	text.Check(fe, "description", in.Description)
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fe.Add("name", "is required")
	case n > maxTemplateName:
		fe.Add("name", "must be at most %d characters", maxTemplateName)
	}
	if utf8.RuneCountInString(in.Description) > maxSummary {
		fe.Add("description", "must be at most %d characters", maxSummary)
	}
	switch {
	case len(in.Entries) == 0:
		fe.Add("entries", "add at least one item to plan")
	case len(in.Entries) > maxTemplateEntries:
		fe.Add("entries", "at most %d items", maxTemplateEntries)
	}
	for i, e := range in.Entries {
		e.check(fmt.Sprintf("entries[%d].", i), fe)
	}
}

func (e *TemplateEntry) normalize() {
	e.Kind = Kind(strings.ToLower(strings.TrimSpace(string(e.Kind))))
	if e.IsSession() {
		e.normalizeSession()
		return
	}
	e.ProgrammeKind, e.ProgrammeID, e.StartTime, e.TimeZone, e.DurationMinutes = "", nil, "", "", 0
	e.Channel = ChannelKind(strings.ToLower(strings.TrimSpace(string(e.Channel))))
	e.ChannelLabel = strings.TrimSpace(e.ChannelLabel)
	if e.Channel != Custom {
		e.ChannelLabel = ""
	}
	e.TitlePattern = strings.TrimSpace(e.TitlePattern)
}

// check records e's problems under prefix ("entries[2].").
func (e TemplateEntry) check(prefix string, fe *apperr.FieldErrors) {
	if e.IsSession() {
		e.checkSession(prefix, fe)
	} else if !e.Kind.Valid() {
		fe.Add(prefix+"kind", "must be one of %s or %s", joinNames(Kinds()), SessionEntry)
	}
	switch {
	case e.IsSession():
	case !e.Channel.Valid():
		fe.Add(prefix+"channel", "must be one of %s", joinNames(ChannelKinds()))
	case e.Channel == Custom && e.ChannelLabel == "":
		fe.Add(prefix+"channel_label", "a custom channel needs its name")
	case utf8.RuneCountInString(e.ChannelLabel) > maxLabel:
		fe.Add(prefix+"channel_label", "must be at most %d characters", maxLabel)
	}
	text.Check(fe, prefix+"channel_label", e.ChannelLabel)
	text.Check(fe, prefix+"title_pattern", e.TitlePattern)
	switch n := utf8.RuneCountInString(e.TitlePattern); {
	case n == 0:
		fe.Add(prefix+"title_pattern", "is required")
	case n > maxTitle:
		fe.Add(prefix+"title_pattern", "must be at most %d characters", maxTitle)
	default:
		if bad := unknownPlaceholder(e.TitlePattern); bad != "" {
			fe.Add(prefix+"title_pattern", "%s is not a placeholder: use {pillar} or {date}", bad)
		}
	}
	if e.OffsetDays < -maxOffsetDays || e.OffsetDays > maxOffsetDays {
		fe.Add(prefix+"offset_days", "must be between %d and %d days from the launch", -maxOffsetDays, maxOffsetDays)
	}
}

// unknownPlaceholder returns the first {word} in pattern other than
// {pillar} and {date}, or "" when there is none.
func unknownPlaceholder(pattern string) string {
	rest := pattern
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return rest[i:]
		}
		if p := rest[i : i+j+1]; p != "{pillar}" && p != "{date}" {
			return p
		}
		rest = rest[i+j+1:]
	}
}

// Title is the entry's title for a pillar titled pillar, planned on date.
func (e TemplateEntry) Title(pillar, date string) string {
	return strings.NewReplacer("{pillar}", pillar, "{date}", date).Replace(e.TitlePattern)
}

// Templates lists every template, by name.
func (s *Service) Templates(ctx context.Context) ([]Template, error) {
	list, err := loadTemplates(ctx, s.DB, "ORDER BY lower(name), id", nil)
	return list, store.Wrap(err, "Could not load the campaign templates.")
}

// Template returns one template; NotFound when there is none.
func (s *Service) Template(ctx context.Context, id int64) (Template, error) {
	t, err := getTemplate(ctx, s.DB, id)
	return t, store.Wrap(err, "Could not load the campaign template.")
}

func getTemplate(ctx context.Context, q store.Querier, id int64) (Template, error) {
	list, err := loadTemplates(ctx, q, "WHERE id = ?", []any{id})
	if err != nil {
		return Template{}, err
	}
	if len(list) == 0 {
		return Template{}, apperr.NotFoundf("Campaign template not found.")
	}
	return list[0], nil
}

func loadTemplates(ctx context.Context, q store.Querier, tail string, args []any) ([]Template, error) {
	list := []Template{}
	at := map[int64]int{}
	err := store.EachRow(ctx, q, "SELECT id, name, description, created_at, updated_at FROM content_templates "+tail, args,
		func(rows *sql.Rows) error {
			var t Template
			var created, updated int64
			if err := rows.Scan(&t.ID, &t.Name, &t.Description, &created, &updated); err != nil {
				return err
			}
			t.CreatedAt, t.UpdatedAt, t.Entries = store.UnixTime(created), store.UnixTime(updated), []TemplateEntry{}
			at[t.ID] = len(list)
			list = append(list, t)
			return nil
		})
	if err != nil || len(list) == 0 {
		return list, err
	}
	err = store.EachRow(ctx, q, `SELECT template_id, kind, channel, channel_label, title_pattern, offset_days,
		programme_kind, programme_id, start_time, time_zone, duration_minutes
		FROM content_template_entries ORDER BY template_id, position`, nil, func(rows *sql.Rows) error {
		var id int64
		var e TemplateEntry
		var programme sql.NullInt64
		if err := rows.Scan(&id, &e.Kind, &e.Channel, &e.ChannelLabel, &e.TitlePattern, &e.OffsetDays,
			&e.ProgrammeKind, &programme, &e.StartTime, &e.TimeZone, &e.DurationMinutes); err != nil {
			return err
		}
		if programme.Valid {
			e.ProgrammeID = &programme.Int64
		}
		if i, ok := at[id]; ok {
			list[i].Entries = append(list[i].Entries, e)
		}
		return nil
	})
	return list, err
}
