// Package audit keeps the record a community team can trust: who changed
// what, and when. Every change to members, relationships and accounts is
// recorded in the same transaction as the change itself.
package audit

import "context"

// Actor is whoever is making a change: a team user, or a named process
// such as "cli" or "demo".
type Actor struct {
	UserID int64 // 0 when the change is not made by a logged-in user
	Name   string
}

type actorKey struct{}

// WithActor returns a context carrying the actor of the changes made with it.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or "system" when there is none.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Name: "system"}
}
