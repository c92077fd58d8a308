//go:build unix

package bench

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time this process has used, user and system. On a
// busy machine wall time follows the load; a process's own CPU time
// hardly does.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
