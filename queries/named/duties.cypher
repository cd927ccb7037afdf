// description: twin of duties.rq; $unit is the entity id the name resolved to
MATCH (u:Entity {id: $unit})
CALL (u) {
  MATCH (u)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
  RETURN r, CASE WHEN t:Task THEN "task" ELSE "project" END AS kind, r.role AS role, t.name AS title
  UNION
  MATCH (pr:Pairing)-[r:HELPER]->(u), (pr)-[:HELPED]->(x)
  RETURN r, "pairing" AS kind, "helper" AS role, x.name AS title
  UNION
  MATCH (ds:Dispatch)-[r:DISPATCHING_UNIT|LEAD_UNIT]->(u), (ds)-[:VILLAGE]->(v)
  RETURN r, "dispatch" AS kind,
         CASE type(r) WHEN "LEAD_UNIT" THEN "lead" ELSE "dispatching" END AS role, v.name AS title
}
RETURN r.document AS document, kind, role, title, r.section AS section, r.quote AS evidence,
       r.start AS start, r.end AS end
ORDER BY document, start, kind, title
