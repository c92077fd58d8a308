package privacy_test

import (
	"context"
	"syscall"
	"time"

	"github.com/trellis-community/trellis/internal/app"
)

func finishErasures(ctx context.Context, a *app.App) (int64, error) {
	return a.Privacy.FinishErasures(ctx)
}

func longestWrite(a *app.App) time.Duration { return a.Privacy.LongestWrite() }

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
