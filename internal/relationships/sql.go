package relationships

// nullID stores 0 as NULL: an optional reference that is not set.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// uniqueIDs drops zeros and repeats, keeping first-seen order, so a form
// that sends a member twice does not trip a primary key.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
