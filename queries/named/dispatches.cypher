// description: twin of dispatches.rq
// a bound unit or place is where the query starts (lines marked `// if:`), not
// a test of each of the 10,840 dispatches at 40× (50–80 ms of the server's time
// for none found); the tests below still say what a row must be
MATCH (:Entity {id: $unit})<-[:DISPATCHING_UNIT|LEAD_UNIT]-(ds:Dispatch)  // if: unit
WITH DISTINCT ds  // if: unit
MATCH (:Entity {id: $place})<-[:PART_OF*0..]-()<-[:VILLAGE]-(ds:Dispatch)  // if: place
WITH DISTINCT ds  // if: place
MATCH (ds:Dispatch)-[:VILLAGE]->(v)
WHERE ($doc IS NULL OR ds.document = $doc)
  AND ($unit IS NULL OR EXISTS { MATCH (ds)-[:DISPATCHING_UNIT|LEAD_UNIT]->(:Entity {id: $unit}) })
  AND ($role IS NULL
       OR ($role = "dispatching" AND EXISTS {
             MATCH (ds)-[:DISPATCHING_UNIT]->(x) WHERE $unit IS NULL OR x.id = $unit })
       OR ($role = "lead" AND EXISTS {
             MATCH (ds)-[:LEAD_UNIT]->(y) WHERE $unit IS NULL OR y.id = $unit }))
  AND ($place IS NULL OR EXISTS { MATCH (v)-[:PART_OF*0..]->(:Entity {id: $place}) })
  AND ($kind IS NULL OR EXISTS { MATCH (ds)-[:DISPATCHING_UNIT]->(k)
                                 WHERE any(l IN labels(k) WHERE l <> "Entity" AND toLower(l) = toLower($kind)) })
// the dispatching units as [position, name] pairs, ordered and merged by the
// post step (queries/members.py): gathered here, a second query cost 0.8 s at 40×
OPTIONAL MATCH (ds)-[du:DISPATCHING_UNIT]->(dispatcher)
WITH ds, v, collect([du.position, dispatcher.name]) AS dispatchers
OPTIONAL MATCH (v)-[:PART_OF]->(s:Street|Town|Township)
// a district is above the village's parent: one step, then the parent's own
// chain (a var-length path from each village, walked up to the province, cost
// the server 80 ms of CPU against 30 for the 10,840 dispatches at 40×)
OPTIONAL MATCH (v)-[:PART_OF]->()-[:PART_OF*0..]->(di:District|County)
OPTIONAL MATCH (ds)-[:LEAD_UNIT]->(l)
WITH DISTINCT ds.document AS document, ds.seq AS seq, l.name AS lead_unit, v.name AS village,
     s.name AS street, di.name AS district,
     CASE WHEN $unit IS NULL THEN null
          WHEN EXISTS { MATCH (ds)-[:DISPATCHING_UNIT]->(:Entity {id: $unit}) } THEN
            CASE WHEN EXISTS { MATCH (ds)-[:LEAD_UNIT]->(:Entity {id: $unit}) }
                 THEN "dispatching, lead" ELSE "dispatching" END
          ELSE "lead" END AS role,
     ds.section AS section, ds.quote AS evidence, ds.page AS page, ds.start AS start,
     ds.end AS end, ds.id AS _ds, dispatchers AS _units
// rows packed in lists of 1,000 (queries/neo4j_store.py `unpacked`): a record
// a row cost the driver ~40 µs of Python each; the post step orders them
WITH collect([document, seq, null, lead_unit, village, street, district, role, section,
              evidence, page, start, end, null, _ds, _units]) AS rows
UNWIND range(0, size(rows) - 1, 1000) AS i
RETURN ["document", "seq", "units", "lead_unit", "village", "street", "district", "role",
        "section", "evidence", "page", "start", "end", "pos", "_ds", "_units"] AS _columns,
       rows[i..i + 1000] AS _rows
