// Package apperr is the one error type Trellis uses to tell a person what
// went wrong. Domain code returns *Error values with a Code; the HTTP and CLI
// layers map the code to a status and show Message, never the wrapped cause.
package apperr

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an error for the layer that reports it.
type Code string

const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	RateLimited  Code = "rate_limited"
	// Timeout: the work took longer than a request may hold the database
	// and was stopped; trying again, or asking for less, may succeed.
	Timeout  Code = "timeout"
	Internal Code = "internal"
)

// Error is an application error. Message is safe to show to a person;
// Fields names the offending input fields (for forms and the JSON API);
// Err is the internal cause, logged but never shown.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
	Err     error
	// Stale is set on a Conflict refusing an edit made against an older
	// version of a record: what the record is now and what changed.
	Stale *Stale
	// Items is set on an Invalid refusing a batch (activities sent in
	// bulk): what is wrong with each item, by its place in the batch.
	Items []ItemError
}

// ItemError is what is wrong with one item of a batch: its index (from 0),
// its line in a JSON Lines body (from 1; 0 otherwise), the field and why.
type ItemError struct {
	Index   int    `json:"index"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Stale describes a record that changed after a person opened it.
type Stale struct {
	// Version is the record's version now; an edit that has taken the
	// changes into account may be sent again with it.
	Version int64
	// Changes lists, field by field, what changed since the version the
	// person opened. It is empty when that version is too old to be known
	// any more.
	Changes []Change
}

// Change is one field of a record that changed: its name (the API's word
// for it, such as "affiliation" or "custom_fields.lab") and its value
// before and after, as a person would read them.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	b.WriteString(": ")
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with the given code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with the given code and message, keeping err as the
// internal cause.
func Wrap(err error, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// NotFoundf reports that the named thing does not exist.
func NotFoundf(format string, args ...any) *Error { return New(NotFound, format, args...) }

// Internalf wraps an unexpected failure; its message is generic on purpose.
func Internalf(err error, format string, args ...any) *Error {
	return Wrap(err, Internal, format, args...)
}

// CodeOf returns the code of the first *Error in err's chain, Internal for
// any other non-nil error, and "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// FieldErrors collects validation problems, field by field, and turns them
// into one Invalid error. The zero value is ready to use.
type FieldErrors map[string]string

// Add records a problem with field unless one is already recorded.
func (f *FieldErrors) Add(field, format string, args ...any) {
	if *f == nil {
		*f = FieldErrors{}
	}
	if _, ok := (*f)[field]; !ok {
		(*f)[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns nil when no problem was recorded, otherwise an Invalid error
// listing every field.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	msg := "Please correct the highlighted fields."
	if len(f) == 1 {
		for k, v := range f {
			msg = k + ": " + v
		}
	}
	return &Error{Code: Invalid, Message: msg, Fields: map[string]string(f)}
}
