// description: twin of adjacency.rq: every relation between two entities, for the path search
MATCH (s:Entity)-[r]->(o:Entity)
WHERE type(r) <> "STATED_IN"
RETURN DISTINCT s.id AS _s, type(r) AS rel, o.id AS _o
