// description: twin of projects.rq
MATCH (p:Project)
WHERE ($doc IS NULL OR p.document = $doc)
  AND ($place IS NULL OR EXISTS { MATCH (p)-[:LOCATED_IN]->()-[:PART_OF*0..]->(:Entity {id: $place}) })
  AND ($unit IS NULL OR EXISTS { MATCH (:Entity {id: $unit})-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(p) })
  AND ($due_before IS NULL OR p.deadline <= $due_before)
  AND ($due_after IS NULL OR p.deadline >= $due_after)
OPTIONAL MATCH (p)-[:LOCATED_IN]->(loc:Place)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(v:Village)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(s:Street|Town|Township)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(di:District|County)
OPTIONAL MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(p)
RETURN p.document AS document, p.seq AS seq, p.name AS name, di.name AS district,
       s.name AS street, v.name AS village, p.content AS content, u.name AS units,
       p.deadline AS deadline, p.section AS section, p.quote AS evidence, p.page AS page, p.start AS start,
       p.end AS end, r.position AS pos
ORDER BY document, seq, pos
