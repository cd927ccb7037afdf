"""Resolution across documents: group membership and the analyst's curation."""
