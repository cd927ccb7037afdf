// description: twin of helpers.rq; hn is the helper's node
MATCH (target:Entity {id: $place})
CALL (target) {
  MATCH (x:Project)-[:LOCATED_IN]->(loc)-[:PART_OF*0..]->(target)
  MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(x)
  RETURN "project" AS kind, u AS hn, r.role AS role, loc.name AS place, x.name AS title,
         r.document AS document, r.section AS section, coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start,
         r.end AS end, r.position AS pos
  UNION
  MATCH (x:Pairing)-[:HELPED]->(y)-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(target)
  MATCH (x)-[:HELPER]->(h)
  RETURN "pairing" AS kind, h AS hn, "helper" AS role, y.name AS place, x.kind AS title,
         x.document AS document, x.section AS section, x.quote AS evidence, x.start AS start,
         x.end AS end, null AS pos
  UNION
  MATCH (x:Dispatch)-[:VILLAGE]->(v)-[:PART_OF*0..]->(target)
  MATCH (x)-[r:DISPATCHING_UNIT]->(u)
  RETURN "dispatch" AS kind, u AS hn, "dispatching" AS role, v.name AS place,
         null AS title, x.document AS document, x.section AS section, x.quote AS evidence,
         x.start AS start, x.end AS end, r.position AS pos
  UNION
  MATCH (team)-[r:STATIONED_IN]->(v)-[:PART_OF*0..]->(target)
  RETURN "team" AS kind, team AS hn, "stationed" AS role, v.name AS place, null AS title,
         r.document AS document, r.section AS section, coalesce(r.quote, COLLECT { MATCH (qq:Quote {id: r.quoteId}) RETURN qq.text }[0]) AS evidence, r.start AS start,
         r.end AS end, null AS pos
  UNION
  MATCH (x:FundAllocation)-[:FUND_TARGET]->(y)-[:ACTS_FOR|JURISDICTION*0..1]->()-[:PART_OF*0..]->(target)
  OPTIONAL MATCH (x)-[:FUND_SOURCE]->(s)
  RETURN "fund" AS kind, s AS hn, "source" AS role, y.name AS place, x.name AS title,
         x.document AS document, x.section AS section, x.quote AS evidence, x.start AS start,
         x.end AS end, null AS pos
}
WITH * WHERE $kind IS NULL OR kind = $kind
// a group's members are added by the post step (queries/members.py, members.cypher),
// which also orders the rows; they come packed in lists of 1,000
// (queries/neo4j_store.py `unpacked`)
WITH DISTINCT kind, hn.name AS helper, role, place, title, document, section, evidence, start,
     end, pos, hn.id AS _hn
WITH collect([kind, helper, role, null, place, title, document, section, evidence, start, end,
              pos, _hn]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["kind", "helper", "role", "via", "place", "title", "document", "section", "evidence",
        "start", "end", "pos", "_hn"] AS _columns, rows[i..i + 1000] AS _rows
