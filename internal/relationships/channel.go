package relationships

// Channel is how an interaction took place.
type Channel string

const (
	Meeting    Channel = "meeting"
	Call       Channel = "call"
	Email      Channel = "email"
	Event      Channel = "event"
	Chat       Channel = "chat"
	Conference Channel = "conference"
	Other      Channel = "other"
)

// Channels lists every channel in the order a form offers them.
func Channels() []Channel {
	return []Channel{Meeting, Call, Email, Event, Chat, Conference, Other}
}

var channelLabels = map[Channel]string{
	Meeting:    "Meeting",
	Call:       "Call",
	Email:      "Email",
	Event:      "Event",
	Chat:       "Chat",
	Conference: "Conference",
	Other:      "Other",
}

// Valid reports whether c is one of Channels.
func (c Channel) Valid() bool {
	_, ok := channelLabels[c]
	return ok
}

// Label is the channel's name for people; the raw value for unknown ones.
func (c Channel) Label() string {
	if l, ok := channelLabels[c]; ok {
		return l
	}
	return string(c)
}
