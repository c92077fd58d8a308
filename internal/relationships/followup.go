package relationships

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// FollowUpStatus is whether a follow-up still needs doing.
type FollowUpStatus string

const (
	Open FollowUpStatus = "open"
	Done FollowUpStatus = "done"
)

// FollowUp is something the team promised to do for or about a member:
// send the slides, introduce them to someone, check back after the grant
// decision. Snoozing moves DueOn and keeps OriginalDueOn, so a list can show
// how long something has been put off.
type FollowUp struct {
	ID            int64          `json:"id"`
	What          string         `json:"what"`
	DueOn         string         `json:"due_on"`
	OriginalDueOn string         `json:"original_due_on"`
	SnoozeCount   int            `json:"snooze_count"`
	Status        FollowUpStatus `json:"status"`
	// Overdue and DueToday are judged against the community's today when
	// the follow-up is read; both are false once it is done.
	Overdue       bool       `json:"overdue"`
	DueToday      bool       `json:"due_today"`
	OwnerID       int64      `json:"owner_id,omitempty"`
	OwnerName     string     `json:"owner_name,omitempty"`
	MemberID      int64      `json:"member_id,omitempty"`
	MemberName    string     `json:"member_name,omitempty"`
	InteractionID int64      `json:"interaction_id,omitempty"`
	DoneAt        *time.Time `json:"done_at"`
	CreatedAt     time.Time  `json:"created_at"`
	// Version goes up by one with every change; an edit made against an
	// older version is refused with what changed (see package versions).
	Version int64 `json:"version"`
}

// FollowUpInput is what a person records about a follow-up. Zero ids mean
// "none": no owner (the whole team), no member, no interaction.
type FollowUpInput struct {
	What          string `json:"what"`
	DueOn         string `json:"due_on"` // YYYY-MM-DD
	OwnerID       int64  `json:"owner_id"`
	MemberID      int64  `json:"member_id"`
	InteractionID int64  `json:"interaction_id"`
}

const maxWhat = 500

func (in *FollowUpInput) normalize() {
	in.What = strings.TrimSpace(in.What)
	in.DueOn = strings.TrimSpace(in.DueOn)
}

// check records problems that need no database. prefix is put before each
// field name, so a follow-up inside an interaction form reports
// "followup.due_on". A due date in the past is allowed: people log promises
// they are already late on.
func (in *FollowUpInput) check(prefix string, fe *apperr.FieldErrors) {
	text.Check(fe, prefix+"what", in.What)
	switch n := utf8.RuneCountInString(in.What); {
	case n == 0:
		fe.Add(prefix+"what", "is required")
	case n > maxWhat:
		fe.Add(prefix+"what", "must be at most %d characters", maxWhat)
	}
	switch {
	case in.DueOn == "":
		fe.Add(prefix+"due_on", "is required")
	case !validDate(in.DueOn):
		fe.Add(prefix+"due_on", "must be a date written YYYY-MM-DD")
	}
}

// judge sets the flags that depend on today.
func (f *FollowUp) judge(today string) {
	f.Overdue = f.Status == Open && today != "" && f.DueOn < today
	f.DueToday = f.Status == Open && f.DueOn == today
}

// shorten cuts s to at most n characters for audit summaries.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
