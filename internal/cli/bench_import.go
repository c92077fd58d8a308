package cli

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/trellis-community/trellis/internal/imports"
	"github.com/trellis-community/trellis/internal/imports/csvmembers"
)

// benchImportCmd times the CSV members import: `trellis bench import`.
func (e *env) benchImportCmd() *cobra.Command {
	n := 100_000
	cmd := &cobra.Command{
		Use:   "import [--db DSN] [--members N]",
		Short: "Time importing a CSV of N generated members into an empty community, then the same file again",
		Long: `import writes a spreadsheet of --members generated members to a temporary
CSV file, imports it (into a temporary SQLite file unless --db names a
database, which should be empty), then imports the same file again, which
must change nothing. It prints each import's wall time, rate, the process's
CPU time (on a shared machine the wall time counts other work too) and the
peak memory.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 1 || n > 10_000_000 {
				return fmt.Errorf("--members must be between 1 and 10000000")
			}
			dir, err := os.MkdirTemp("", "trellis-bench-import-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			if !cmd.Flags().Changed("db") && os.Getenv("TRELLIS_DB") == "" {
				e.cfg.DB = filepath.Join(dir, "bench.db")
			}
			path := filepath.Join(dir, "members.csv")
			f, err := os.Create(path)
			if err != nil {
				return err
			}
			if err := csvmembers.WriteSample(f, n); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			info, err := os.Stat(path)
			if err != nil {
				return err
			}
			a, ctx, err := e.open(cmd.Context())
			if err != nil {
				return err
			}
			defer a.Close()
			for i, label := range []string{"first import", "same file again"} {
				f, err := os.Open(path)
				if err != nil {
					return err
				}
				cpu0, start := cpuTime(), time.Now()
				run, err := a.Imports.Import(ctx, "csv", "members.csv", f, imports.Options{Size: info.Size()})
				took, cpu := time.Since(start), cpuTime()-cpu0
				f.Close()
				if err != nil {
					return err
				}
				if i == 0 && run.Created != int64(n) {
					return fmt.Errorf("bench: created %d members, want %d", run.Created, n)
				}
				if i == 1 && (run.Created != 0 || run.Updated != 0) {
					return fmt.Errorf("bench: the same file again created %d and updated %d members, want none", run.Created, run.Updated)
				}
				fmt.Fprintf(e.stdout, "%s (%s): %d rows of a %.1f MB CSV in %s: %.0f members/s; CPU %s (%.0f members per CPU second); %s.\n",
					label, a.DB.Dialect, run.Rows, float64(info.Size())/1e6, took.Round(time.Millisecond), float64(n)/took.Seconds(),
					cpu.Round(time.Millisecond), float64(n)/cpu.Seconds(), run.Counts.Summary())
			}
			fmt.Fprintf(e.stdout, "Peak memory (RSS) of this process: %s.\n", peakRSS())
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "members", n, "how many members the generated CSV holds")
	return cmd
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS reads VmHWM from /proc (Linux), or says it is unknown.
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
