package csvmembers

import (
	"bufio"
	"fmt"
	"io"
)

// WriteSample writes a spreadsheet of n members as a community's sign-up
// sheet might hold them (names from many languages, emails, affiliations,
// countries, ORCID iDs for some, tags), for benchmarks and `trellis bench
// import`. The same n gives the same file.
func WriteSample(w io.Writer, n int) error {
	first := []string{"Ada", "Grace", "Katherine", "Wangari", "Émilie", "Rosalind", "Lise", "Chien-Shiung", "Tu", "Mary", "Søren", "Мария", "李"}
	last := []string{"Lovelace", "Hopper", "Johnson", "Maathai", "Châtelet", "Franklin", "Meitner", "Wu", "Youyou", "Anning", "Kierkegård", "Иванова", "雷"}
	affil := []string{"University of Nairobi", "ETH Zürich", "Universidad de Chile", "IISc Bangalore", "NASA", "CNRS", "清华大学"}
	countries := []string{"KE", "CH", "CL", "IN", "US", "FR", "CN"}
	tags := []string{"mentor", "speaker", "reviewer", "maintainer", "newcomer"}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "First name,Surname,E-mail,Institution,Country,ORCID,Job title,Tags")
	for i := range n {
		orcid := ""
		if i%4 == 0 {
			orcid = sampleORCID(i)
		}
		fmt.Fprintf(bw, "%s,%s %d,member%d@example.org,%s,%s,%s,Researcher,\"%s, %s\"\n",
			first[i%len(first)], last[(i/len(first))%len(last)], i, i, affil[i%len(affil)], countries[i%len(countries)],
			orcid, tags[i%len(tags)], tags[(i/7)%len(tags)])
	}
	return bw.Flush()
}

// sampleORCID makes a valid ORCID iD (with its ISO 7064 check digit) from i.
func sampleORCID(i int) string {
	base := fmt.Sprintf("0000%011d", 10_000_000+i)
	total := 0
	for _, c := range base {
		total = (total + int(c-'0')) * 2
	}
	r := (12 - total%11) % 11
	check := byte('0' + r)
	if r == 10 {
		check = 'X'
	}
	s := base + string(check)
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
}
