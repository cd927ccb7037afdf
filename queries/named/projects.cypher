// description: twin of projects.rq
MATCH (p:Project)
WHERE $doc IS NULL OR p.document = $doc
OPTIONAL MATCH (p)-[:LOCATED_IN]->(loc:Place)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(v:Village)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(s:Street|Town|Township)
OPTIONAL MATCH (loc)-[:PART_OF*0..]->(di:District|County)
OPTIONAL MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(p)
RETURN p.document AS document, p.seq AS seq, p.name AS name, di.name AS district,
       s.name AS street, v.name AS village, p.content AS content, u.name AS units,
       p.deadline AS deadline, p.quote AS evidence, p.start AS start, p.end AS end,
       r.position AS pos
ORDER BY document, seq, pos
