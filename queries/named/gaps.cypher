// description: twin of gaps.rq
CALL () {
  MATCH (x:Task) WHERE NOT EXISTS { (:Unit)-[:LEADS|RESPONSIBLE_FOR]->(x) }
  RETURN "task-without-unit" AS gap, x.name AS name, null AS detail, x.document AS document,
         x.section AS section, x.quote AS evidence, x.start AS start, x.end AS end
  UNION
  MATCH (x)-[:VILLAGE|HELPED]->(v:Village)
  WHERE (x:Dispatch OR x:Pairing)
    AND NOT EXISTS { MATCH (:Project)-[:LOCATED_IN]->()-[:PART_OF*0..]->(v) }
  RETURN "village-without-project" AS gap, v.name AS name,
         CASE WHEN x:Dispatch THEN "dispatch" ELSE "pairing" END AS detail, x.document AS document,
         x.section AS section, x.quote AS evidence, x.start AS start, x.end AS end
  UNION
  MATCH (x:Project) WHERE x.deadline IS NULL
  RETURN "project-without-deadline" AS gap, x.name AS name, null AS detail, x.document AS document,
         x.section AS section, x.quote AS evidence, x.start AS start, x.end AS end
  UNION
  MATCH (x:Project) WHERE NOT EXISTS { (:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(x) }
  RETURN "project-without-unit" AS gap, x.name AS name, null AS detail, x.document AS document,
         x.section AS section, x.quote AS evidence, x.start AS start, x.end AS end
  UNION
  MATCH (g:UnitGroup)-[r]-() WHERE r.document IS NOT NULL AND NOT EXISTS { ()-[:MEMBER_OF]->(g) }
  WITH g, r.document AS document, min(r.start) AS first
  MATCH (g)-[r]-() WHERE r.document = document AND r.start = first
  RETURN "group-without-members" AS gap, g.name AS name, null AS detail, document,
         r.section AS section, coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start, r.end AS end
}
WITH * WHERE ($kind IS NULL OR gap = $kind) AND ($doc IS NULL OR document = $doc)
WITH gap, name, detail, document, section, evidence, start, end
ORDER BY gap, document, start, name
// rows packed in lists of 1,000, in this order (queries/neo4j_store.py `unpacked`)
WITH collect([gap, name, detail, document, section, evidence, start, end]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["gap", "name", "detail", "document", "section", "evidence", "start", "end"] AS _columns,
       rows[i..i + 1000] AS _rows
