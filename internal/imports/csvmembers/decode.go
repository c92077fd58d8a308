package csvmembers

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a file is read to tell its encoding and its
// separator.
const sniffSize = 64 << 10

// decode returns r as UTF-8 text, and the name of the encoding it was in.
// Spreadsheets save CSV as UTF-8 (Excel adds a byte-order mark with "CSV
// UTF-8"), as UTF-16 with a byte-order mark ("Unicode text") or, from an
// older Excel on Windows, as Windows-1252: text that is not valid UTF-8
// in its first 64 KB is read as Windows-1252.
func decode(r io.Reader) (*bufio.Reader, string) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		return br, "UTF-8 with BOM"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), "UTF-16LE"
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		return bufio.NewReaderSize(transform.NewReader(br, dec), sniffSize), "UTF-16BE"
	}
	if !validUTF8Prefix(head, len(head) == sniffSize) {
		return bufio.NewReaderSize(transform.NewReader(br, charmap.Windows1252.NewDecoder()), sniffSize), "Windows-1252"
	}
	return br, "UTF-8"
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a character
// cut off at its end when b is only the start of the file.
func validUTF8Prefix(b []byte, cut bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !cut {
		return false
	}
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return true
		}
	}
	return false
}

// separators are the cell separators spreadsheets write, in the order a
// tie is broken.
var separators = []rune{',', ';', '\t'}

// sniff guesses the separator from the header line: the one it holds most
// of, outside quotes. European Excel writes semicolons (the comma is their
// decimal mark); "Unicode text" writes tabs.
func sniff(br *bufio.Reader) rune {
	head, _ := br.Peek(sniffSize)
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(head) {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' || c == '\r' {
			break
		}
		counts[c]++
	}
	best := ','
	for _, s := range separators {
		if counts[s] > counts[best] {
			best = s
		}
	}
	return best
}

func separatorName(r rune) string {
	switch r {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}
