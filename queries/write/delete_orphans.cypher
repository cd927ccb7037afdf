// Shared nodes no document speaks of any more: no relationship stated by a
// document reaches them. The place hierarchy of the gazetteer is kept.
MATCH (n:Entity)
WHERE n.document IS NULL AND NOT n:Place
  AND NOT EXISTS { MATCH (n)-[r]-() WHERE r.document IS NOT NULL }
DETACH DELETE n
