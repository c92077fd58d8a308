package vcard

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkRecords reads an address book of 1,000 cards (no database):
// the parser must not be what an import of an address book waits on.
func BenchmarkRecords(b *testing.B) {
	var sb strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&sb, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person;Number %d;;;\r\nFN:Number %d Person\r\nEMAIL;TYPE=INTERNET;TYPE=pref:p%d@example.org\r\n"+
			"ORG:Institute %d\r\nADR;TYPE=WORK:;;1 Road;Town;;123;Germany\r\nCATEGORIES:a,b\r\nURL:https://github.com/p%d\r\n"+
			"NOTE:A note long enough to be folded by an exporter that folds at seventy-five o\r\n ctets.\r\nEND:VCARD\r\n", i, i, i, i, i)
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		n := 0
		for _, err := range (Importer{}).Records(strings.NewReader(text), "b.vcf", nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("%d records", n)
		}
	}
}
