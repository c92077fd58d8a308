package participation

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// Kind is a kind of activity the community recognises ("Answered a
// question") and how it counts: the participation mode it shows a member
// in, and its weight in engagement. Trellis ships a default mapping, each
// kind with why it sits in its mode; a manager may change a kind's mode
// and weight, or add kinds, but never delete one, so every activity's kind
// always names one.
type Kind struct {
	Key      string `json:"key"` // "answered_question": what scripts send
	Label    string `json:"label"`
	Mode     Mode   `json:"mode"`
	Weight   int    `json:"weight"`
	Why      string `json:"why"`
	Builtin  bool   `json:"builtin"`
	Position int    `json:"position"`
}

// Limits of a kind, checked by KindInput.check.
const (
	MinWeight = 1
	MaxWeight = 100
	maxLabel  = 100
	maxWhy    = 1000
)

// KindInput is what a manager may set on a kind. Key is only read when
// adding one.
type KindInput struct {
	Key    string
	Label  string
	Mode   Mode
	Weight int
	Why    string
}

// keyPattern is a kind's key: lower-case words joined by underscores, as
// scripts write it.
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

func (in *KindInput) normalize() {
	in.Key = strings.ToLower(strings.TrimSpace(in.Key))
	in.Label = strings.TrimSpace(in.Label)
	in.Why = strings.TrimSpace(in.Why)
}

// check records what is wrong with in on fe; withKey checks the key too.
func (in *KindInput) check(fe *apperr.FieldErrors, withKey bool) {
	if withKey {
		text.Check(fe, "key", in.Key)
		if !keyPattern.MatchString(in.Key) {
			fe.Add("key", "must be 1 to 40 lower-case letters, digits or underscores, starting with a letter")
		}
	}
	text.Check(fe, "label", in.Label)
	switch n := utf8.RuneCountInString(in.Label); {
	case n == 0:
		fe.Add("label", "is required")
	case n > maxLabel:
		fe.Add("label", "must be at most %d characters", maxLabel)
	}
	if !in.Mode.Valid() {
		fe.Add("mode", "must be one of convey, contribute, collaborate, co_create")
	}
	if in.Weight < MinWeight || in.Weight > MaxWeight {
		fe.Add("weight", "must be a whole number from %d to %d", MinWeight, MaxWeight)
	}
	text.Check(fe, "why", in.Why)
	if utf8.RuneCountInString(in.Why) > maxWhy {
		fe.Add("why", "must be at most %d characters", maxWhy)
	}
}
