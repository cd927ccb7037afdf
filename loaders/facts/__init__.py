"""Facts: rows of tables, pairings in titles and prose, dispatches and funds become nodes and edges with provenance."""
