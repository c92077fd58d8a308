package httpx

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/text"
)

// Text at the edge: every query parameter, form field and JSON string a
// handler can read is held to package text's rule before any handler runs,
// so bad bytes get an error naming where they are rather than a 500 from
// PostgreSQL, and SQLite never accepts what PostgreSQL would refuse.

// CheckParams records, under each parameter's name, what is wrong with the
// text of its name or of any of its values (query strings, posted forms).
func CheckParams(fe *apperr.FieldErrors, v url.Values) {
	for _, k := range slices.Sorted(maps.Keys(v)) {
		if p := text.Problem(k); p != "" {
			fe.Add(ShownName(k), "is a parameter name that %s", p)
			continue
		}
		for _, s := range v[k] {
			if p := text.Problem(s); p != "" {
				fe.Add(k, "%s", p)
				break
			}
		}
	}
}

// ShownName is a parameter or field name as an error may show it: as
// sent when it is text, quoted with escapes when it is not, so the error
// never repeats the bad bytes.
func ShownName(name string) string {
	if text.Valid(name) {
		return name
	}
	return strconv.QuoteToASCII(name)
}

// checkJSONText checks a request body that is already known to be one
// valid JSON value: every string in it, and every object key, must be
// text. Problems are named by their path in the body ("note",
// "followup.what", "member_ids[2]", "custom_fields.orcid").
//
// Carriage returns are judged as sent: a JSON client's CRLF line breaks are
// kept, as its text is stored exactly as it was sent.
func checkJSONText(body []byte) error {
	if at := loneSurrogateAt(body); at >= 0 {
		return apperr.New(apperr.Invalid, "The request body has a \\u escape that is half of a UTF-16 surrogate pair (at byte %d).", at)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil // the caller has already reported what is wrong with it
	}
	var fe apperr.FieldErrors
	walkJSONText(&fe, "", v)
	return fe.Err()
}

func walkJSONText(fe *apperr.FieldErrors, path string, v any) {
	switch v := v.(type) {
	case string:
		if p := text.Problem(v); p != "" {
			fe.Add(jsonPath(path), "%s", p)
		}
	case []any:
		for i, e := range v {
			walkJSONText(fe, path+"["+strconv.Itoa(i)+"]", e)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			at := k
			if path != "" {
				at = path + "." + k
			}
			if p := text.Problem(k); p != "" {
				fe.Add(ShownName(at), "is a field name that %s", p)
				continue
			}
			walkJSONText(fe, at, v[k])
		}
	}
}

// jsonPath names the whole body when the bad string is the body itself.
func jsonPath(path string) string {
	if path == "" {
		return "body"
	}
	return path
}

// invalidUTF8At returns the offset of the first byte in b that is not
// part of valid UTF-8, or -1. encoding/json would quietly turn such bytes
// into U+FFFD, storing something the sender never wrote.
func invalidUTF8At(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// loneSurrogateAt returns the offset of the first \u escape in body, one
// valid JSON value, that is half of a UTF-16 surrogate pair without its
// other half, or -1. encoding/json turns such an escape into U+FFFD without
// a word, which is the same silent change as a byte that is not UTF-8.
func loneSurrogateAt(body []byte) int {
	inString := false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\' && i+1 < len(body) && body[i+1] == 'u':
			r := hex4(body, i+2)
			switch {
			case r >= 0xD800 && r < 0xDC00:
				if !(i+11 < len(body) && body[i+6] == '\\' && body[i+7] == 'u' && hex4(body, i+8) >= 0xDC00 && hex4(body, i+8) < 0xE000) {
					return i
				}
				i += 11
			case r >= 0xDC00 && r < 0xE000:
				return i
			default:
				i += 5
			}
		case c == '\\':
			i++ // an escape of one character: \" \\ \n ...
		}
	}
	return -1
}

// hex4 reads the four hex digits at b[i:], or -1.
func hex4(b []byte, i int) int {
	if i+4 > len(b) {
		return -1
	}
	n, err := strconv.ParseUint(string(b[i:i+4]), 16, 16)
	if err != nil {
		return -1
	}
	return int(n)
}
