"""Tables: the one Grid model and its readers (tabs, space-aligned, Markdown, one cell per line), and the older line and stream readers."""
