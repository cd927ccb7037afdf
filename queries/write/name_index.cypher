// The index of name forms, kept in the database beside the graph it indexes:
// one node outside the ontology's labels (no named query matches it), with a
// stamp a reader compares to know when a load has changed it.
MERGE (i:BangfuIndex {id: "names"})
SET i.stamp = $stamp, i.data = $data
