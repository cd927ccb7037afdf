// description: twin of workload.rq
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(t)
WHERE $doc IS NULL OR r.document = $doc
WITH u, r.document AS document,
     count(DISTINCT CASE WHEN t:Task AND r.role = "lead" THEN t END) AS lead,
     count(DISTINCT CASE WHEN t:Task AND r.role = "responsible" THEN t END) AS responsible,
     count(DISTINCT CASE WHEN t:Task AND r.role = "cooperating" THEN t END) AS cooperating,
     count(DISTINCT CASE WHEN t:Project THEN t END) AS projects
// rows packed in lists of 1,000 (queries/neo4j_store.py `unpacked`), in the
// order the post step ranks ties of one name in: 6,121 at 40×, summed into 221
WITH u, document, lead, responsible, cooperating, projects ORDER BY u.name, document
WITH collect([u.id, u.name, document, lead, responsible, cooperating, projects]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["_unit", "unit", "document", "lead", "responsible", "cooperating", "projects"] AS _columns,
       rows[i..i + 1000] AS _rows
