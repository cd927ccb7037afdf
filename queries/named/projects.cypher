// description: twin of projects.rq
MATCH (p:Project)
WHERE ($doc IS NULL OR p.document = $doc)
  AND ($place IS NULL OR EXISTS { MATCH (p)-[:LOCATED_IN]->()-[:PART_OF*0..]->(:Entity {id: $place}) })
  AND ($unit IS NULL OR EXISTS { MATCH (:Entity {id: $unit})-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(p) })
  AND ($due_before IS NULL OR p.deadline <= $due_before)
  AND ($due_after IS NULL OR p.deadline >= $due_after)
OPTIONAL MATCH (p)-[:LOCATED_IN]->(loc:Place)
// the places above the location are added by the post step (queries/members.py,
// place_columns.cypher); the units, as [position, name] pairs, are gathered
// here and ordered by it (project_units.cypher, a second query: 86 of 345 ms at 40×)
WITH DISTINCT p, loc
WITH p, loc, COLLECT { MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(p)
                       RETURN [r.position, u.name] } AS units
// rows packed in lists of 1,000 (queries/neo4j_store.py `unpacked`)
WITH collect([p.document, p.seq, p.name, null, null, null, p.content, null, p.deadline,
              p.section, p.quote, p.page, p.start, p.end, null, p.id, loc.id, units]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["document", "seq", "name", "district", "street", "village", "content", "units",
        "deadline", "section", "evidence", "page", "start", "end", "pos", "_p", "_loc",
        "_units"] AS _columns, rows[i..i + 1000] AS _rows
