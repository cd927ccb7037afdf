// description: twin of document.rq
MATCH (target:Entity {id: $doc})
CALL (target) {
  MATCH (f:Document) WHERE f = target OR (f)-[:CITES]->(target)
  CALL (f) {
    // from the document's own tasks and projects (the document index), not a
    // scan of every node: a task or project belongs to the document that states it
    MATCH (t:Entity {document: f.name})<-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(u)
    WHERE r.document = f.name
    RETURN CASE WHEN t:Task THEN "task" ELSE "project" END AS kind, t.name AS title,
           u.name AS unit, r.role AS role, null AS amount, r.section AS section,
           coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start, r.end AS end, r.position AS pos,
           null AS _cited, null AS _number
    UNION ALL
    MATCH (x:FundAllocation) WHERE x.document = f.name
    OPTIONAL MATCH (x)-[s:FUND_SOURCE|FUND_TARGET]->(u)
    RETURN "fund" AS kind, x.name AS title, u.name AS unit,
           CASE type(s) WHEN "FUND_SOURCE" THEN "source" WHEN "FUND_TARGET" THEN "target" END AS role,
           x.amount AS amount, x.section AS section, x.quote AS evidence, x.start AS start,
           x.end AS end, null AS pos, null AS _cited, null AS _number
    UNION ALL
    MATCH (x:Pairing)-[:HELPER]->(h), (x)-[:HELPED]->(y) WHERE x.document = f.name
    RETURN "pairing" AS kind, y.name AS title, h.name AS unit, "helper" AS role, null AS amount,
           x.section AS section, x.quote AS evidence, x.start AS start, x.end AS end, null AS pos,
           null AS _cited, null AS _number
    UNION ALL
    MATCH (x:Dispatch)-[:VILLAGE]->(v), (x)-[r:DISPATCHING_UNIT]->(w) WHERE x.document = f.name
    RETURN "dispatch" AS kind, v.name AS title, w.name AS unit, "dispatching" AS role,
           null AS amount, x.section AS section, x.quote AS evidence, x.start AS start,
           x.end AS end, r.position AS pos, null AS _cited, null AS _number
    UNION ALL
    MATCH (f)-[r:CITES]->(c)
    RETURN "cites" AS kind, coalesce(c.title, c.name) AS title, null AS unit, null AS role,
           null AS amount, r.section AS section, coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start,
           r.end AS end, null AS pos, c.name AS _cited, c.docNumber AS _number
  }
  RETURN f.name AS document, kind, title, unit, role, amount, section, evidence, start, end, pos,
         _cited, _number
  UNION ALL
  MATCH (c:Document) WHERE c = target OR (c.docNumber IS NOT NULL AND c.docNumber = target.docNumber)
  MATCH (g)-[r:CITES]->(c)
  RETURN g.name AS document, "cited-by" AS kind, coalesce(g.title, g.name) AS title, null AS unit,
         null AS role, null AS amount, r.section AS section, coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start,
         r.end AS end, null AS pos, null AS _cited, g.docNumber AS _number
}
RETURN document, kind, title, unit, role, amount, section, evidence, start, end, pos,
       target.name AS _target, _cited, _number
ORDER BY document, start, pos, kind, title, unit
