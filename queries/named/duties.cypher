// description: twin of duties.rq; $unit is the entity id the name resolved to
MATCH (u:Entity {id: $unit})
OPTIONAL MATCH (u)-[:MEMBER_OF]->(g)
WITH u, [u] + collect(DISTINCT g) AS whos
UNWIND whos AS who
CALL (who) {
  MATCH (who)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
  RETURN r, CASE WHEN t:Task THEN "task" ELSE "project" END AS kind, r.role AS role, t.name AS title
  UNION
  MATCH (pr:Pairing)-[r:HELPER]->(who), (pr)-[:HELPED]->(x)
  RETURN r, "pairing" AS kind, "helper" AS role, x.name AS title
  UNION
  MATCH (ds:Dispatch)-[r:DISPATCHING_UNIT|LEAD_UNIT]->(who), (ds)-[:VILLAGE]->(v)
  RETURN r, "dispatch" AS kind,
         CASE type(r) WHEN "LEAD_UNIT" THEN "lead" ELSE "dispatching" END AS role, v.name AS title
}
WITH u, who, r, kind, role, title WHERE $role IS NULL OR role = $role
RETURN r.document AS document, kind, role, title,
       CASE WHEN who = u THEN null ELSE who.name END AS via,
       r.section AS section, coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start, r.end AS end
ORDER BY document, start, kind, title, via
