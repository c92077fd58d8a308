package calendar

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFold: folded lines are at most 75 octets, split no UTF-8 character,
// and unfold (RFC 5545 3.1: drop each CRLF followed by a space) to the
// line written, however the writes are cut up.
func FuzzFold(f *testing.F) {
	f.Add("SUMMARY:"+strings.Repeat("ü", 60), 7)
	f.Add("DESCRIPTION:"+strings.Repeat("😀", 40), 1)
	f.Add("X:short", 100)
	f.Fuzz(func(t *testing.T, line string, chunk int) {
		if strings.ContainsAny(line, "\r\n") || !utf8.ValidString(line) {
			return
		}
		chunk = max(1, chunk%200)
		var out bytes.Buffer
		fw := &folder{w: &out}
		in := []byte(line + "\r\n")
		for len(in) > 0 {
			n := min(chunk, len(in))
			if _, err := fw.Write(in[:n]); err != nil {
				t.Fatal(err)
			}
			in = in[n:]
		}
		folded := out.String()
		if !strings.HasSuffix(folded, "\r\n") {
			t.Fatalf("no final CRLF: %q", folded)
		}
		for _, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
			if len(l) > maxLine || !utf8.ValidString(l) {
				t.Fatalf("folded line %q: %d octets, valid UTF-8 %v", l, len(l), utf8.ValidString(l))
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(folded, "\r\n"), "\r\n ", ""); got != line {
			t.Fatalf("unfolds to %q, want %q", got, line)
		}
	})
}
