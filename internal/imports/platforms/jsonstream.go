package platforms

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/trellis-community/trellis/internal/imports"
)

// jsonItems walks a stream of JSON with encoding/json's Decoder, token by
// token, and hands over its items (objects) one at a time with the line
// each starts on, so memory holds one item, never the file. The stream
// holds JSON values back to back, as `gh api --paginate` writes its
// pages: arrays of objects (an array of such arrays, as --slurp writes
// them, or a single object, come too).
type jsonItems struct {
	file string
	// item is called with every item, with the key path of the array it
	// came from inside a wrapping object ("latest_posts",
	// "post_stream.posts"), "" for an item outside any.
	item func(raw json.RawMessage, line int, in string) error
	// into, when set, says which keys of an object hold the items (an
	// array of them, or an object with more such keys): Discourse's
	// {"latest_posts": [...]}. Their arrays are streamed; an object with
	// none of them is an item itself.
	into func(path string) bool
	// done, when set, is called after an object that held items, with its
	// other top-level keys (a topic's title comes after its posts).
	done func(fields map[string]json.RawMessage) error
}

// maxDepth bounds how deep arrays of arrays may go: --slurp's array of
// pages is two deep.
const maxDepth = 2

// lineReader counts the lines of what a decoder reads, so the line an
// offset is on can be told once the decoder has read past it: it keeps
// the offsets of the newlines the decoder has buffered and not yet been
// asked about, never the bytes.
type lineReader struct {
	r    io.Reader
	read int64
	nl   []int64
	line int
}

func (lr *lineReader) Read(p []byte) (int, error) {
	n, err := lr.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		lr.nl = append(lr.nl, lr.read+int64(i+j))
		i += j + 1
	}
	lr.read += int64(n)
	return n, err
}

// at is the line offset off is on. Offsets asked must not go back.
func (lr *lineReader) at(off int64) int {
	i := sort.Search(len(lr.nl), func(i int) bool { return lr.nl[i] >= off })
	lr.line += i
	lr.nl = lr.nl[i:]
	return lr.line
}

// run reads r to its end.
func (w *jsonItems) run(r io.Reader) error {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	return w.walk(br, 1, 0)
}

// walk reads the values of r back to back; r's first byte is on line
// first, and depth is how deep in arrays r lies.
func (w *jsonItems) walk(r io.Reader, first, depth int) error {
	lr := &lineReader{r: r, line: first}
	dec := json.NewDecoder(lr)
	for {
		if !dec.More() {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return w.syntax(dec, lr, err)
			}
			return &imports.FileError{File: w.file, Line: lr.at(dec.InputOffset() - 1), Reason: fmt.Sprintf("is not valid JSON: unexpected %v", tok)}
		}
		// More has skipped the space before the value: its first byte is
		// the next one buffered.
		var c [1]byte
		if _, err := dec.Buffered().Read(c[:]); err != nil {
			return w.syntax(dec, lr, err)
		}
		switch c[0] {
		case '[':
			if err := w.array(dec, lr, depth); err != nil {
				return err
			}
		case '{':
			if w.into != nil {
				if err := w.wrapper(dec, lr); err != nil {
					return err
				}
				continue
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return w.syntax(dec, lr, err)
			}
			if err := w.item(raw, lr.at(dec.InputOffset()-int64(len(raw))), ""); err != nil {
				return err
			}
		case 'n': // null: an empty page
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return w.syntax(dec, lr, err)
			}
		default:
			return &imports.FileError{File: w.file, Line: lr.at(dec.InputOffset()), Reason: "expected a JSON array or object"}
		}
	}
}

// array streams the array dec is at: each element is decoded alone, an
// object handed over as an item, an array (a page of --slurp) walked in
// turn.
func (w *jsonItems) array(dec *json.Decoder, lr *lineReader, depth int) error {
	if depth >= maxDepth {
		return &imports.FileError{File: w.file, Line: lr.at(dec.InputOffset()), Reason: "arrays nested too deep: not an export this import reads"}
	}
	if _, err := dec.Token(); err != nil {
		return w.syntax(dec, lr, err)
	}
	if err := w.elements(dec, lr, depth, ""); err != nil {
		return err
	}
	if _, err := dec.Token(); err != nil {
		return w.syntax(dec, lr, err)
	}
	return nil
}

// elements reads the elements of the array dec is inside, up to its
// closing bracket.
func (w *jsonItems) elements(dec *json.Decoder, lr *lineReader, depth int, in string) error {
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return w.syntax(dec, lr, err)
		}
		line := lr.at(dec.InputOffset() - int64(len(raw)))
		switch raw[0] {
		case '{':
			if w.into != nil && in == "" {
				// A wrapping object inside an array: it is whole in raw already.
				if err := w.walk(bytes.NewReader(raw), line, depth+1); err != nil {
					return err
				}
				continue
			}
			if err := w.item(raw, line, in); err != nil {
				return err
			}
		case '[':
			if in != "" || depth+1 >= maxDepth {
				return &imports.FileError{File: w.file, Line: line, Reason: "arrays nested too deep: not an export this import reads"}
			}
			if err := w.walk(bytes.NewReader(raw), line, depth+1); err != nil {
				return err
			}
		case 'n':
		default:
			return &imports.FileError{File: w.file, Line: line, Reason: "expected a JSON array or object"}
		}
	}
	return nil
}

// wrapper reads the object dec is at key by key: the arrays under the
// keys into names are streamed, the other values kept for done. An
// object with none of those keys is an item.
func (w *jsonItems) wrapper(dec *json.Decoder, lr *lineReader) error {
	line := lr.at(dec.InputOffset())
	fields := map[string]json.RawMessage{}
	held, err := w.object(dec, lr, "", fields)
	if err != nil {
		return err
	}
	if !held {
		raw, err := json.Marshal(fields)
		if err != nil {
			return err
		}
		return w.item(raw, line, "")
	}
	if w.done != nil {
		return w.done(fields)
	}
	return nil
}

// object reads the object dec is at, up to its closing brace, and
// reports whether it held items. fields (nil: dropped) gets the values of
// its other keys.
func (w *jsonItems) object(dec *json.Decoder, lr *lineReader, path string, fields map[string]json.RawMessage) (bool, error) {
	if _, err := dec.Token(); err != nil { // {
		return false, w.syntax(dec, lr, err)
	}
	return w.rest(dec, lr, path, fields)
}

// rest is object for an object whose opening brace is read.
func (w *jsonItems) rest(dec *json.Decoder, lr *lineReader, path string, fields map[string]json.RawMessage) (bool, error) {
	held := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false, w.syntax(dec, lr, err)
		}
		key, _ := tok.(string)
		if path != "" {
			key = path + "." + key
		}
		if !w.into(key) {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return false, w.syntax(dec, lr, err)
			}
			if fields != nil {
				fields[key] = raw
			}
			continue
		}
		// The value's first token says what it is: an array is streamed,
		// an object read for keys inside it; anything else holds nothing.
		tok, err = dec.Token()
		if err != nil {
			return false, w.syntax(dec, lr, err)
		}
		switch tok {
		case json.Delim('['):
			held = true
			if err := w.elements(dec, lr, 1, key); err != nil {
				return false, err
			}
			if _, err := dec.Token(); err != nil { // ]
				return false, w.syntax(dec, lr, err)
			}
		case json.Delim('{'):
			inner, err := w.rest(dec, lr, key, nil)
			if err != nil {
				return false, err
			}
			held = held || inner
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return false, w.syntax(dec, lr, err)
	}
	return held, nil
}

// syntax names the line of a problem reading JSON. A SyntaxError's
// Offset is not always where the decoder's input is: Decode counts from
// where its scanner started, and that is not reset between values. The
// value is scanned again from where the decoder stands, in what it holds
// buffered (up to the fault), to find the place.
func (w *jsonItems) syntax(dec *json.Decoder, lr *lineReader, err error) error {
	var fe *imports.FileError
	if errors.As(err, &fe) {
		return err
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		at := se.Offset
		rest, _ := io.ReadAll(dec.Buffered())
		var again json.RawMessage
		var se2 *json.SyntaxError
		if errors.As(json.NewDecoder(bytes.NewReader(rest)).Decode(&again), &se2) {
			at = dec.InputOffset() + se2.Offset - 1
		}
		return &imports.FileError{File: w.file, Line: lr.at(at), Reason: "is not valid JSON: " + err.Error()}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &imports.FileError{File: w.file, Line: lr.at(lr.read), Reason: "ends in the middle of a JSON value: is it complete?"}
	}
	return &imports.FileError{File: w.file, Line: lr.at(lr.read), Reason: "could not be read: " + err.Error()}
}
