"""Text: normalisation with an offset map, the section tree and metadata."""
