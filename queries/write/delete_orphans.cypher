// Shared nodes no document speaks of any more: no relationship stated by a
// document reaches them, nor one from a node a document owns (a document's
// ISSUED_BY its issuing unit states nothing of its own, yet the unit is the
// document's). The place hierarchy of the gazetteer is kept.
MATCH (n:Entity)
WHERE n.document IS NULL AND NOT n:Place
  AND NOT EXISTS { MATCH (n)-[r]-(m) WHERE r.document IS NOT NULL OR m.document IS NOT NULL }
DETACH DELETE n
