package calendar

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// maxLine is the longest content line RFC 5545 3.1 allows, in octets,
// without its CRLF.
const maxLine = 75

// folder folds the content lines written through it at 75 octets, as RFC
// 5545 3.1 requires (the encoder writes them whole): CRLF and one space
// before each continuation, never splitting a UTF-8 character.
type folder struct {
	w   io.Writer
	buf []byte
	err error
}

func (f *folder) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	f.buf = append(f.buf, p...)
	for {
		i := bytes.Index(f.buf, []byte("\r\n"))
		if i < 0 {
			break
		}
		if _, f.err = f.w.Write(fold(f.buf[:i])); f.err != nil {
			return 0, f.err
		}
		f.buf = f.buf[i+2:]
	}
	return len(p), nil
}

// fold returns line (without its CRLF) folded, with a final CRLF.
func fold(line []byte) []byte {
	out := make([]byte, 0, len(line)+len(line)/maxLine*3+2)
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8 at all: cut anywhere rather than loop
			cut = limit
		}
		out = append(out, line[:cut]...)
		out = append(out, "\r\n "...)
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	out = append(out, line...)
	return append(out, "\r\n"...)
}
