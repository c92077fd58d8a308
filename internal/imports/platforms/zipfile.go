package platforms

import (
	"archive/zip"
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

// readZipFile reads one file of an archive whole, at most maxFile bytes,
// so a corrupt or hostile archive cannot expand without bound.
func readZipFile(f *zip.File, archive string) ([]byte, error) {
	where := archive + ": " + f.Name
	if f.UncompressedSize64 > maxFile {
		return nil, &imports.FileError{File: where, Reason: fmt.Sprintf("is larger than %d MiB", maxFile>>20)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &imports.FileError{File: where, Reason: "cannot be opened: " + err.Error()}
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxFile+1))
	if err != nil {
		return nil, &imports.FileError{File: where, Reason: "is damaged (the archive may be cut short): " + err.Error()}
	}
	if len(data) > maxFile {
		return nil, &imports.FileError{File: where, Reason: fmt.Sprintf("is larger than %d MiB", maxFile>>20)}
	}
	return data, nil
}
