// Package accounts is about the people on the community team who sign in to
// Trellis: who they are, what each of them may do (owners run the
// workspace, managers look after members and programming, viewers only
// read), how they sign in from a browser, and the API tokens they hand to
// scripts and spreadsheets. It also keeps strangers out: passwords are
// stored so that a stolen database does not reveal them, and someone who
// keeps guessing is made to wait.
package accounts
