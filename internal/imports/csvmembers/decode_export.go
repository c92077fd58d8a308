package csvmembers

import (
	"bufio"
	"io"
)

// Decode returns r as UTF-8 text and the name of the encoding it was in
// (UTF-8 with or without a byte-order mark, UTF-16, Windows-1252), for the
// other kinds that read spreadsheets' and platforms' CSV exports.
func Decode(r io.Reader) (*bufio.Reader, string) { return decode(r) }

// Sniff guesses the cell separator of a decoded file from its first line:
// a comma, a semicolon or a tab.
func Sniff(br *bufio.Reader) rune { return sniff(br) }
