// description: twin of pairings.rq
MATCH (pr:Pairing)-[:HELPER]->(h), (pr)-[:HELPED]->(x)
WHERE ($doc IS NULL OR pr.document = $doc) AND ($kind IS NULL OR pr.kind = $kind)
  AND ($unit IS NULL OR h.id = $unit OR x.id = $unit)
  AND ($place IS NULL
       OR EXISTS { MATCH (h)-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(:Entity {id: $place}) }
       OR EXISTS { MATCH (x)-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(:Entity {id: $place}) })
WITH pr.document AS document, pr.kind AS kind, h.name AS helper, x.name AS helped,
     pr.seq AS seq, pr.section AS section, pr.quote AS evidence, pr.page AS page, pr.start AS start, pr.end AS end
ORDER BY document, kind, seq, helper, helped
// rows packed in lists of 1,000, in this order (queries/neo4j_store.py `unpacked`)
WITH collect([document, kind, helper, helped, seq, section, evidence, page, start, end]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["document", "kind", "helper", "helped", "seq", "section", "evidence", "page", "start",
        "end"] AS _columns, rows[i..i + 1000] AS _rows
