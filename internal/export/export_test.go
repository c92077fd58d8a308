package export

// Hooks for the external tests (package export_test).

// OnChunkWritten makes s call f after each chunk a running export keeps.
func OnChunkWritten(s *Service, f func(seq int64)) { s.chunkWritten = f }
