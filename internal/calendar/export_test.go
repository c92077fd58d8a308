package calendar

// CleanText is cleanText, for the fuzz test's expectations.
var CleanText = cleanText
