package participation

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strings"
	"unicode/utf8"
)

// A batch of activities arrives as one JSON object, a JSON array of them,
// or JSON Lines (one object per line). Decode reads any of the three as a
// stream, one item at a time, so a batch of a million activities never
// sits in memory as a whole.

// Decoded is one item read from a batch, or what stopped it being read.
// Err with Index -1 is about the body as a whole (too large, not JSON at
// all): nothing more can be read after it.
type Decoded struct {
	Index int // from 0
	Line  int // from 1 in JSON Lines, 0 otherwise
	Item  Item
	Err   *ItemError
}

// maxLine bounds one JSON Lines line; an activity is a few hundred bytes.
const maxLine = 64 << 10

// Decode yields the items of body: JSON Lines when lines is true,
// otherwise one JSON object or an array of objects. Every item has its
// index; in JSON Lines also its line number (blank lines are skipped but
// counted). A malformed item is an error naming its index (and line);
// JSON Lines carries on with the next line, while a broken array cannot
// be read past the break.
func Decode(body io.Reader, lines bool) iter.Seq[Decoded] {
	if lines {
		return decodeLines(body)
	}
	return decodeJSON(body)
}

func decodeLines(body io.Reader) iter.Seq[Decoded] {
	return func(yield func(Decoded) bool) {
		br := bufio.NewReaderSize(body, maxLine)
		var in interner
		index := 0
		for line := 1; ; line++ {
			raw, err := br.ReadSlice('\n')
			long := false
			for errors.Is(err, bufio.ErrBufferFull) {
				long = true
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				yield(bodyError(err))
				return
			}
			trimmed := bytes.TrimSpace(raw)
			switch {
			case long:
				if !yield(Decoded{Index: index, Line: line, Err: &ItemError{Index: index, Line: line, Message: fmt.Sprintf("line is longer than %d bytes", maxLine)}}) {
					return
				}
				index++
			case len(trimmed) > 0:
				d := decodeItem(trimmed, &in)
				d.Index, d.Line = index, line
				if d.Err != nil {
					d.Err.Index, d.Err.Line = index, line
				}
				if !yield(d) {
					return
				}
				index++
			}
			if err == io.EOF {
				return
			}
		}
	}
}

func decodeJSON(body io.Reader) iter.Seq[Decoded] {
	return func(yield func(Decoded) bool) {
		br := bufio.NewReaderSize(body, 64<<10)
		var in interner
		first, err := firstByte(br)
		if err != nil {
			if err == io.EOF {
				yield(Decoded{Err: &ItemError{Index: -1, Message: "The request body is empty; send an activity, an array of them, or JSON Lines."}})
				return
			}
			yield(bodyError(err))
			return
		}
		dec := json.NewDecoder(br)
		if first != '[' {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				yield(syntaxError(err, 0))
				return
			}
			if _, err := dec.Token(); err != io.EOF {
				yield(Decoded{Err: &ItemError{Index: -1, Message: "The request body must hold one JSON value; send several activities as an array or as JSON Lines (Content-Type: application/x-ndjson)."}})
				return
			}
			d := decodeItem(raw, &in)
			if d.Err != nil {
				d.Err.Index = 0
			}
			yield(d)
			return
		}
		if _, err := dec.Token(); err != nil {
			yield(syntaxError(err, 0))
			return
		}
		index := 0
		for ; dec.More(); index++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				yield(syntaxError(err, index))
				return
			}
			d := decodeItem(raw, &in)
			d.Index = index
			if d.Err != nil {
				d.Err.Index = index
			}
			if !yield(d) {
				return
			}
		}
		if _, err := dec.Token(); err != nil {
			yield(syntaxError(err, index))
			return
		}
		if _, err := dec.Token(); err != io.EOF {
			yield(Decoded{Err: &ItemError{Index: -1, Message: "The request body has more after the closing ] of the array."}})
		}
	}
}

// firstByte peeks at the first byte that is not white space.
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		if b != ' ' && b != '\t' && b != '\n' && b != '\r' {
			return b, br.UnreadByte()
		}
	}
}

// decodeItem reads one item. Unknown fields are refused, so a typo in a
// field name is an error rather than a value silently dropped, and the
// bytes must be UTF-8 (encoding/json would quietly replace others).
func decodeItem(raw []byte, in *interner) Decoded {
	if !utf8.Valid(raw) {
		return Decoded{Err: &ItemError{Message: "is not valid UTF-8"}}
	}
	var d Decoded
	if fastItem(raw, &d.Item, in) {
		return d
	}
	return decodeItemJSON(raw)
}

// decodeItemJSON reads one item, UTF-8, with encoding/json.
func decodeItemJSON(raw []byte) Decoded {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var it Item
	if err := dec.Decode(&it); err != nil {
		return Decoded{Err: itemDecodeError(err)}
	}
	if dec.More() {
		return Decoded{Err: &ItemError{Message: "holds more than one JSON value"}}
	}
	return Decoded{Item: it}
}

// itemDecodeError says what is wrong with one item's JSON, naming the field
// when there is one.
func itemDecodeError(err error) *ItemError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &ItemError{Message: fmt.Sprintf("is not valid JSON (at byte %d)", syn.Offset)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &ItemError{Message: "is cut short: the JSON object is not closed"}
	case errors.As(err, &typ) && typ.Field != "":
		return &ItemError{Field: typ.Field, Message: "must be " + jsonType(typ.Type.String())}
	case errors.As(err, &typ):
		return &ItemError{Message: "must be a JSON object"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if !utf8.ValidString(field) || len(field) > 100 {
			field = "?"
		}
		return &ItemError{Field: field, Message: "is not a field of an activity"}
	}
	return &ItemError{Message: "is not a JSON object"}
}

// jsonType names a Go type as JSON calls it.
func jsonType(goType string) string {
	if goType == "string" {
		return "a string"
	}
	return "a whole number"
}

// syntaxError reports a break in the array or the object at index.
func syntaxError(err error, index int) Decoded {
	if !isJSONError(err) {
		return bodyError(err)
	}
	var syn *json.SyntaxError
	msg := "is not valid JSON"
	if errors.As(err, &syn) {
		msg = fmt.Sprintf("is not valid JSON (at byte %d of the body)", syn.Offset)
	} else if errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "is cut short: the body ends inside it"
	}
	return Decoded{Err: &ItemError{Index: index, Message: msg}}
}

func isJSONError(err error) bool {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// bodyError is a failure to read the body at all.
func bodyError(err error) Decoded {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return Decoded{Err: &ItemError{Index: -1, Message: fmt.Sprintf("The request body is larger than %d bytes; send the activities in smaller batches.", tooBig.Limit)}}
	}
	return Decoded{Err: &ItemError{Index: -1, Message: "The request body could not be read."}}
}
