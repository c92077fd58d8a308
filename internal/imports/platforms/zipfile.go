package platforms

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/trellis-community/trellis/internal/imports"
)

// maxZip bounds a Slack export read from a stream.
const maxZip = 4 << 30

// openZip opens the zip archive r. archive/zip reads the directory at the
// end of the archive first, so it needs to seek (io.ReaderAt): an
// uploaded file is already in memory (a bytes or strings reader), and is
// read where it is; a file streamed from the command line is copied to a
// temporary file, not memory, since an export of a busy workspace runs to
// gigabytes. close removes that file.
func openZip(r io.Reader, fileName string) (zr *zip.Reader, closeFn func(), err error) {
	closeFn = func() {}
	type sized interface {
		io.ReaderAt
		Size() int64
	}
	var ra io.ReaderAt
	var size int64
	if s, ok := r.(sized); ok {
		ra, size = s, s.Size()
	} else {
		f, err := os.CreateTemp("", "trellis-import-*.zip")
		if err != nil {
			return nil, closeFn, err
		}
		closeFn = func() { f.Close(); os.Remove(f.Name()) }
		n, err := io.Copy(f, io.LimitReader(r, maxZip+1))
		if err != nil {
			closeFn()
			return nil, func() {}, &imports.FileError{File: fileName, Reason: "could not be read: " + err.Error()}
		}
		if n > maxZip {
			closeFn()
			return nil, func() {}, &imports.FileError{File: fileName, Reason: fmt.Sprintf("is larger than %d GiB", maxZip>>30)}
		}
		ra, size = f, n
	}
	zr, err = zip.NewReader(ra, size)
	if err != nil {
		closeFn()
		reason := "is not a zip archive: " + err.Error()
		if errors.Is(err, zip.ErrFormat) {
			reason = "is not a complete zip archive (cut short in the download?): its table of contents is missing or damaged"
		}
		return nil, func() {}, &imports.FileError{File: fileName, Reason: reason}
	}
	return zr, closeFn, nil
}

// eachZipItem streams the JSON items of one file of an archive to item
// (see jsonItems), reading at most maxFile bytes of it, so a corrupt or
// hostile archive cannot expand without bound.
func eachZipItem(f *zip.File, archive string, item func(raw json.RawMessage, line int, in string) error) error {
	where := archive + ": " + f.Name
	if f.UncompressedSize64 > maxFile {
		return &imports.FileError{File: where, Reason: fmt.Sprintf("is larger than %d MiB", maxFile>>20)}
	}
	rc, err := f.Open()
	if err != nil {
		return &imports.FileError{File: where, Reason: "cannot be opened: " + err.Error()}
	}
	defer rc.Close()
	w := &jsonItems{file: where, item: item}
	return w.run(&zipEntry{r: rc, left: maxFile, where: where})
}

// zipEntry reads a file of an archive, refusing more than left bytes and
// naming a damaged one.
type zipEntry struct {
	r     io.Reader
	left  int64
	where string
}

func (z *zipEntry) Read(p []byte) (int, error) {
	if z.left <= 0 {
		var b [1]byte
		if n, err := z.r.Read(b[:]); n == 0 && errors.Is(err, io.EOF) {
			return 0, io.EOF
		}
		return 0, &imports.FileError{File: z.where, Reason: fmt.Sprintf("is larger than %d MiB", maxFile>>20)}
	}
	if int64(len(p)) > z.left {
		p = p[:z.left]
	}
	n, err := z.r.Read(p)
	z.left -= int64(n)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, &imports.FileError{File: z.where, Reason: "is damaged (the archive may be cut short): " + err.Error()}
	}
	return n, err
}
