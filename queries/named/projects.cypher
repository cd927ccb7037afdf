// description: twin of projects.rq
MATCH (p:Project)
WHERE ($doc IS NULL OR p.document = $doc)
  AND ($place IS NULL OR EXISTS { MATCH (p)-[:LOCATED_IN]->()-[:PART_OF*0..]->(:Entity {id: $place}) })
  AND ($unit IS NULL OR EXISTS { MATCH (:Entity {id: $unit})-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(p) })
  AND ($due_before IS NULL OR p.deadline <= $due_before)
  AND ($due_after IS NULL OR p.deadline >= $due_after)
OPTIONAL MATCH (p)-[:LOCATED_IN]->(loc:Place)
// the places above the location and the units are added by the post step
// (queries/members.py: place_columns.cypher, project_units.cypher)
RETURN DISTINCT p.document AS document, p.seq AS seq, p.name AS name, null AS district,
       null AS street, null AS village, p.content AS content, null AS units,
       p.deadline AS deadline, p.section AS section, p.quote AS evidence, p.page AS page, p.start AS start,
       p.end AS end, null AS pos, p.id AS _p, loc.id AS _loc
ORDER BY document, seq
