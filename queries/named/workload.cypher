// description: twin of workload.rq
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
WHERE $doc IS NULL OR r.document = $doc
WITH u, r.document AS document,
     count(DISTINCT CASE WHEN t:Task AND r.role = "lead" THEN t END) AS lead,
     count(DISTINCT CASE WHEN t:Task AND r.role = "responsible" THEN t END) AS responsible,
     count(DISTINCT CASE WHEN t:Task AND r.role = "cooperating" THEN t END) AS cooperating,
     count(DISTINCT CASE WHEN t:Project THEN t END) AS projects
RETURN u.id AS _unit, u.name AS unit, document, lead, responsible, cooperating, projects
ORDER BY unit, document
