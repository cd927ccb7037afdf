// description: twin of partners.rq
MATCH (me:Entity {id: $unit})-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
      <-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(o:Unit)
WHERE o <> me
RETURN DISTINCT o.name AS partner, CASE WHEN t:Task THEN "task" ELSE "project" END AS kind,
       t.name AS title, r.role AS role, r.document AS document, r.section AS section,
       coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start, r.end AS end, t.id AS _task
ORDER BY partner, document, start
