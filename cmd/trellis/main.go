// Command trellis is the Trellis workbench: web UI, JSON API and CLI in one
// binary. See README.md.
package main

import (
	"context"
	"os"

	"github.com/trellis-community/trellis/internal/cli"
)

func main() {
	os.Exit(cli.Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
