"""Reading and writing spreadsheets: file format only, nothing of the tracker's domain."""
