package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Child is a `trellis serve` started for the benchmark in a process of
// its own, so that its memory is the server's alone.
type Child struct {
	URL string
	cmd *exec.Cmd
}

// runningAt is the line serve prints once it listens.
var runningAt = regexp.MustCompile(`Trellis is running at (http://\S+)`)

// StartChild starts exe (a trellis binary) serving dsn on a free loopback
// port, with extra flags, and waits until it listens. Its log goes to
// logs.
func StartChild(ctx context.Context, exe, dsn string, logs io.Writer, extra ...string) (*Child, error) {
	args := append([]string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--log-level", "warn"}, extra...)
	cmd := exec.Command(exe, args...)
	cmd.Stderr = logs
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the server: %w", err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		close(found)
		_, _ = io.Copy(io.Discard, out)
	}()
	c := &Child{cmd: cmd}
	select {
	case u, ok := <-found:
		if !ok {
			_ = cmd.Wait()
			return nil, errors.New("the server exited before it listened; its log says why")
		}
		c.URL = u
		return c, nil
	case <-time.After(2 * time.Minute):
	case <-ctx.Done():
	}
	_ = c.Stop()
	return nil, errors.New("the server did not start listening")
}

// PeakRSS is the child's peak resident memory so far, in bytes.
func (c *Child) PeakRSS() (int64, error) { return PeakRSS(c.cmd.Process.Pid) }

// ResetPeakRSS makes the child's peak resident memory its present one.
func (c *Child) ResetPeakRSS() error { return ResetPeakRSS(c.cmd.Process.Pid) }

// Stop asks the server to shut down, as Ctrl-C would, and waits for it.
func (c *Child) Stop() error {
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		_ = c.cmd.Process.Kill()
		return <-done
	}
}

// PeakRSS reads a process's peak resident memory (VmHWM) from Linux's
// /proc, in bytes; pid 0 is this process. Elsewhere it returns an error.
func PeakRSS(pid int) (int64, error) {
	path := "/proc/self/status"
	if pid != 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("peak memory: %w", err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest) // "335012 kB"
			if len(f) == 2 && f[1] == "kB" {
				kb, err := strconv.ParseInt(f[0], 10, 64)
				if err == nil {
					return kb * 1024, nil
				}
			}
		}
	}
	return 0, fmt.Errorf("peak memory: no VmHWM line in %s", path)
}

// ResetPeakRSS sets a process's peak resident memory (VmHWM) back to its
// present resident memory, through Linux's /proc/PID/clear_refs, so that
// the next PeakRSS is the peak since; pid 0 is this process. Elsewhere,
// or without the right to, it returns an error.
func ResetPeakRSS(pid int) error {
	path := "/proc/self/clear_refs"
	if pid != 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/clear_refs"
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("reset peak memory: %w", err)
	}
	_, err = f.WriteString("5")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("reset peak memory: %w", err)
	}
	return nil
}

// Self is this process's memory, for a server run in-process.
type Self struct{}

// ResetPeakRSS resets this process's peak resident memory.
func (Self) ResetPeakRSS() error { return ResetPeakRSS(0) }

// PeakRSS is this process's peak resident memory so far, in bytes.
func (Self) PeakRSS() (int64, error) { return PeakRSS(0) }
