// description: twin of path.rq; $from is one entity id or a list of them (the frontier)
UNWIND $from AS id
MATCH (n:Entity {id: id})-[r]-(o)
WHERE type(r) <> "STATED_IN"
RETURN n.id AS _node, n.name AS node_name,
       CASE WHEN startNode(r) = n THEN "out" ELSE "in" END AS direction, type(r) AS rel,
       o.id AS _other, o.name AS other_name, r.document AS document, r.section AS section,
       coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start, r.end AS end
