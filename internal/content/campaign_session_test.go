package content

import (
	"strings"
	"testing"
	"time"

	"github.com/trellis-community/trellis/internal/apperr"
)

func TestSessionEntryCheck(t *testing.T) {
	t.Parallel()
	one := int64(1)
	for _, tt := range []struct {
		name  string
		entry TemplateEntry
		field string // "" when the entry is fine
	}{
		{"by kind, usual time", TemplateEntry{ProgrammeKind: "community_call"}, ""},
		{"by programme, own time", TemplateEntry{ProgrammeID: &one, StartTime: "09:30", TimeZone: "Berlin", DurationMinutes: 45}, ""},
		{"no programme", TemplateEntry{}, "programme_kind"},
		{"hour 24", TemplateEntry{ProgrammeKind: "workshop", StartTime: "24:00"}, "start_time"},
		{"no minutes", TemplateEntry{ProgrammeKind: "workshop", StartTime: "9"}, "start_time"},
		{"single digit hour", TemplateEntry{ProgrammeKind: "workshop", StartTime: "9:30"}, "start_time"},
		{"unknown zone", TemplateEntry{ProgrammeKind: "workshop", TimeZone: "Atlantis"}, "time_zone"},
		{"too short", TemplateEntry{ProgrammeKind: "workshop", DurationMinutes: 2}, "duration_minutes"},
		{"too long", TemplateEntry{ProgrammeKind: "workshop", DurationMinutes: 25 * 60}, "duration_minutes"},
		{"no title", TemplateEntry{ProgrammeKind: "workshop", TitlePattern: " "}, "title_pattern"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.entry
			e.Kind = SessionEntry
			if e.TitlePattern == "" {
				e.TitlePattern = "Call about {pillar}"
			}
			e.normalize()
			var fe apperr.FieldErrors
			e.check("entries[3].", &fe)
			switch {
			case tt.field == "" && len(fe) > 0:
				t.Fatalf("problems %v", fe)
			case tt.field != "" && fe["entries[3]."+tt.field] == "":
				t.Fatalf("problems %v, want one on %s", fe, tt.field)
			}
		})
	}
	// Channels are the items' business: a session entry drops them.
	e := TemplateEntry{Kind: SessionEntry, ProgrammeKind: "webinar", Channel: Website, ChannelLabel: "x", TimeZone: "Berlin"}
	e.normalize()
	if e.Channel != "" || e.ChannelLabel != "" || e.TimeZone != "Europe/Berlin" {
		t.Errorf("normalized %+v", e)
	}
	// An item entry drops the session's fields.
	e = TemplateEntry{Kind: BlogPost, Channel: Website, ProgrammeKind: "webinar", StartTime: "10:00", DurationMinutes: 30}
	e.normalize()
	if e.ProgrammeKind != "" || e.StartTime != "" || e.DurationMinutes != 0 {
		t.Errorf("normalized %+v", e)
	}
}

func TestSessionKindsRefuseUnknownKinds(t *testing.T) {
	t.Parallel()
	s := &Service{SessionKinds: []SessionKind{{Value: "community_call", Label: "Community call"}}}
	var fe apperr.FieldErrors
	s.checkSessionKinds([]TemplateEntry{
		{Kind: BlogPost}, {Kind: SessionEntry, ProgrammeKind: "community_call"}, {Kind: SessionEntry, ProgrammeKind: "seance"},
	}, &fe)
	if len(fe) != 1 || fe["entries[2].programme_kind"] == "" {
		t.Errorf("problems %v", fe)
	}
}

// FuzzSessionEntry: a session entry the check accepts has a time of day
// and a zone the programming capability can read.
func FuzzSessionEntry(f *testing.F) {
	for _, s := range [][2]string{{"16:00", "Europe/Berlin"}, {"", ""}, {"7:5", "berlin"}, {"23:59", "UTC"}, {"12:00 ", "Local"}} {
		f.Add(s[0], s[1], 60)
	}
	f.Fuzz(func(t *testing.T, at, zone string, minutes int) {
		e := TemplateEntry{Kind: SessionEntry, ProgrammeKind: "workshop", TitlePattern: "x", StartTime: at, TimeZone: zone, DurationMinutes: minutes}
		e.normalize()
		var fe apperr.FieldErrors
		e.check("entries[0].", &fe)
		if len(fe) > 0 {
			for k := range fe {
				if !strings.HasPrefix(k, "entries[0].") {
					t.Fatalf("problem on %q", k)
				}
			}
			return
		}
		if e.StartTime != "" {
			if _, err := time.ParseInLocation("2006-01-02 15:04", "2026-04-01 "+e.StartTime, time.UTC); err != nil {
				t.Fatalf("accepted start time %q: %v", e.StartTime, err)
			}
		}
		if e.TimeZone != "" {
			if _, err := time.LoadLocation(e.TimeZone); err != nil {
				t.Fatalf("accepted zone %q: %v", e.TimeZone, err)
			}
		}
	})
}
