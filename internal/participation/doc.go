// Package participation is how members take part in the community, in the
// words of the CSCCE Community Participation Model: the four modes
// (convey, contribute, collaborate, co-create) and the modalities that
// programming and content offer (spoken or written, live or in one's own
// time). Programmes, content items, activity kinds and each member's
// pathway all speak this one vocabulary, so the audit can say "nothing
// this quarter invites co-creation" and mean the same thing everywhere.
package participation
