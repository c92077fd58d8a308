package httpx_test

import (
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/trellis-community/trellis/internal/apperr"
	"github.com/trellis-community/trellis/internal/httpx"
	"github.com/trellis-community/trellis/internal/text"
)

func TestDecodeJSONRefusesWhatIsNotText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string // in the error message or a field name; "" when accepted
	}{
		{"plain", `{"a": "Zoë 🌱", "b": ["x"], "c": {"d": "e\tf\r\ng"}}`, ""},
		{"paired surrogates", `{"a": "\ud83c\udf31"}`, ""},
		{"escaped backslash before u", `{"a": "\\ud800"}`, ""},
		{"raw 0xFF", "{\"a\": \"\xff\"}", "not valid UTF-8 (at byte 7)"},
		{"raw overlong slash", "{\"a\": \"\xc0\xaf\"}", "not valid UTF-8"},
		{"escaped NUL", `{"a": "x\u0000"}`, "a"},
		{"nested", `{"a": {"b": ["ok", "\u001b"]}}`, "a.b[1]"},
		{"key", `{"a\u0007": 1}`, `"a\a"`},
		{"lone high surrogate", `{"a": "\ud800x"}`, "surrogate"},
		{"lone low surrogate", `{"a": "\udc00"}`, "surrogate"},
		{"high then not low", `{"a": "\ud800\u0041"}`, "surrogate"},
		{"a whole body that is not text", `"\u000b"`, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(tt.body))
			var v any
			err := httpx.DecodeJSON(httptest.NewRecorder(), r, &v)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *apperr.Error
			if !errors.As(err, &e) || e.Code != apperr.Invalid {
				t.Fatalf("error %v, want Invalid", err)
			}
			if _, named := e.Fields[tt.want]; !named && !strings.Contains(e.Message, tt.want) {
				t.Errorf("error %q (fields %v) does not mention %q", e.Message, e.Fields, tt.want)
			}
		})
	}
}

func TestCheckParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		want  []string // the fields named, none when the query is text
	}{
		{"plain", "entity=member&q=Zo%C3%AB", nil},
		{"tab and CRLF", "notes=a%09b%0D%0Ac", nil},
		{"NUL", "entity=a%00", []string{"entity"}},
		{"0xFF", "entity=%FF", []string{"entity"}},
		{"overlong slash", "entity=%C0%AF", []string{"entity"}},
		{"second value", "tag=ok&tag=%1B", []string{"tag"}},
		{"lone CR", "q=a%0Db", []string{"q"}},
		{"bad name", "a%00b=1", []string{`"a\x00b"`}},
		{"two", "a=%00&b=%FF&c=fine", []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			var fe apperr.FieldErrors
			httpx.CheckParams(&fe, v)
			if len(fe) != len(tt.want) {
				t.Fatalf("problems %v, want fields %v", fe, tt.want)
			}
			for _, f := range tt.want {
				if fe[f] == "" {
					t.Errorf("problems %v do not name %q", fe, f)
				}
			}
		})
	}
}

// FuzzDecodeJSONText holds DecodeJSON to its promise: whatever it accepts
// holds only text, in every string and every key, however deeply nested.
func FuzzDecodeJSONText(f *testing.F) {
	for _, s := range []string{`{"a":"b"}`, `{"a":"\u0000"}`, "{\"a\":\"\xff\"}", `["x",{"k\u001b":1}]`, `"a\r\nb"`, `{"a":["b",["c\u0085"]]}`, `"\ud800"`, `"\ud83c\udf31"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader(body))
		var v any
		if err := httpx.DecodeJSON(httptest.NewRecorder(), r, &v); err != nil {
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("DecodeJSON(%q) = %v, want Invalid", body, err)
			}
			return
		}
		var walk func(v any)
		walk = func(v any) {
			switch v := v.(type) {
			case string:
				if !text.Valid(v) {
					t.Fatalf("DecodeJSON(%q) accepted %q", body, v)
				}
				// A U+FFFD the sender did not write is a silent change.
				if strings.ContainsRune(v, '\uFFFD') && !strings.ContainsRune(body, '\uFFFD') &&
					!strings.Contains(strings.ToLower(body), `\ufffd`) {
					t.Fatalf("DecodeJSON(%q) turned something into U+FFFD: %q", body, v)
				}
			case []any:
				for _, e := range v {
					walk(e)
				}
			case map[string]any:
				for k, e := range v {
					if !text.Valid(k) {
						t.Fatalf("DecodeJSON(%q) accepted the key %q", body, k)
					}
					walk(e)
				}
			}
		}
		walk(v)
	})
}
